#include "nnplay/parallel.hpp"

#include <string>

#include "nnplay/error.hpp"

#ifdef NNPLAY_THREADS
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#endif

namespace nnplay {

namespace {
using Parts = std::function<void(int, Index, Index)>;

std::pair<Index, Index> part(Index n, int i) { return {n * i / kParts, n * (i + 1) / kParts}; }

void check_threads(int n, int most) {
    if (n < 1 || n > most)
        throw Error("threads: " + std::to_string(n) + " is not between 1 and " + std::to_string(most) +
                    (most == 1 ? " (this build has no threads)" : ""));
}
}  // namespace

#ifdef NNPLAY_THREADS

namespace {
constexpr int kSpinMicroseconds = 300;

// The caller and threads() - 1 helpers take parts from a shared counter until none is left. A helper that
// finished its parts watches for the next run for a few hundred microseconds, and the caller for its
// helpers' last part as long: a training step hands off many products in a row with short serial work
// between them, and a wake-up costs about a hundred microseconds in a VM, more in a browser. Past that,
// both sleep on condition variables: a thread spinning for longer on a shared machine starves the one
// doing the work. Helpers are only ever added, never joined before exit: in wasm a finished thread's worker
// returns to the pool only through the event loop, which a training call never yields to.
class Pool {
public:
    ~Pool() {
        {
            std::lock_guard lock(m_);
            quit_ = true;
        }
        wake_.notify_all();
        for (auto& t : helpers_) t.join();
    }

    void resize(int n) {
        std::lock_guard one_caller(run_);
        while (static_cast<int>(helpers_.size()) < n - 1) {
            const int i = static_cast<int>(helpers_.size());
            try {
                helpers_.emplace_back([this, i] { loop(i); });
            } catch (const std::system_error&) {  // the count stays as it was
                throw Error("threads: only " + std::to_string(i + 1) + " of " + std::to_string(n) +
                            " could start (in the page, the module's pool of workers is made when it loads)");
            }
        }
        active_ = n - 1;
    }
    int size() const { return active_ + 1; }

    void run(Index n, const Parts& fn) {
        std::lock_guard one_caller(run_);  // two sessions on two threads take turns
        if (active_ == 0) {
            for (int i = 0; i < kParts; ++i) call(n, i, fn);
            return;
        }
        {
            std::lock_guard lock(m_);
            fn_ = &fn, n_ = n, taking_ = active_, error_ = nullptr;
            pending_.store(taking_, std::memory_order_relaxed);
            next_.store(0, std::memory_order_relaxed);
            generation_.store(generation_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
        }
        wake_.notify_all();
        work();
        spin_until([this] { return pending_.load(std::memory_order_acquire) == 0; });
        std::unique_lock lock(m_);
        done_.wait(lock, [this] { return pending_.load(std::memory_order_acquire) == 0; });
        if (error_) std::rethrow_exception(error_);  // e.g. bad_alloc on a helper thread reaches the caller
    }

private:
    static void call(Index n, int i, const Parts& fn) {
        const auto [b, e] = part(n, i);
        fn(i, b, e);
    }

    // Takes parts until none is left; the first failure is kept for the caller.
    void work() {
        for (int i; (i = next_.fetch_add(1, std::memory_order_relaxed)) < kParts;) {
            try {
                call(n_, i, *fn_);
            } catch (...) {
                std::lock_guard lock(m_);
                if (!error_) error_ = std::current_exception();
            }
        }
    }

    // Whether `ready` became true within about kSpinMicroseconds.
    template <class Ready>
    static bool spin_until(const Ready& ready) {
        using Clock = std::chrono::steady_clock;
        const auto end = Clock::now() + std::chrono::microseconds(kSpinMicroseconds);
        do
            for (int k = 0; k < 256; ++k)  // the clock is a call out of wasm: read it now and then
                if (ready()) return true;
        while (Clock::now() < end);
        return false;
    }

    void loop(int i) {
        unsigned long seen = 0;
        for (;;) {
            if (seen != 0 && i < active_) spin_until([&] { return generation_.load(std::memory_order_acquire) != seen; });
            {
                std::unique_lock lock(m_);
                wake_.wait(lock, [&] { return quit_ || generation_.load(std::memory_order_relaxed) != seen; });
                if (quit_) return;
                seen = generation_.load(std::memory_order_relaxed);
                if (i >= taking_) continue;  // a helper set aside by a smaller thread count
            }
            work();
            if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
                std::lock_guard lock(m_);  // the caller may be past its spin, asleep
                done_.notify_one();
            }
        }
    }

    std::vector<std::thread> helpers_;
    std::mutex run_, m_;
    std::exception_ptr error_;
    std::condition_variable wake_, done_;
    const Parts* fn_ = nullptr;
    Index n_ = 0;
    std::atomic<int> next_{0};
    std::atomic<int> active_{0};    // helpers in use
    int taking_ = 0;                // helpers in this run
    std::atomic<int> pending_{0};   // helpers still working on it: the caller watches it, then sleeps
    std::atomic<unsigned long> generation_{0};
    bool quit_ = false;
};

// The first use sizes the pool, after the module is up (threads cannot start earlier in wasm).
Pool& pool() {
    static Pool p;
    static const bool sized = (p.resize(default_threads()), true);
    (void)sized;
    return p;
}
}  // namespace

void parallel_parts(Index n, const Parts& fn) { pool().run(n, fn); }

void set_threads(int n) {
    check_threads(n, kMaxThreads);
    pool().resize(n);
}
int threads() { return pool().size(); }

int default_threads() {
#ifdef __EMSCRIPTEN__
    return 1;  // the page says how many (its pool of workers is made for that count when the module loads)
#else
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
    return cores < 1 ? 1 : cores > kMaxThreads ? kMaxThreads : cores;
#endif
}

#else

void parallel_parts(Index n, const Parts& fn) {
    for (int i = 0; i < kParts; ++i) {
        const auto [b, e] = part(n, i);
        fn(i, b, e);
    }
}
void set_threads(int n) { check_threads(n, 1); }
int threads() { return 1; }
int default_threads() { return 1; }

#endif

void parallel_for(Index n, const std::function<void(Index, Index)>& fn) {
    parallel_parts(n, [&fn](int, Index b, Index e) { fn(b, e); });
}

}  // namespace nnplay
