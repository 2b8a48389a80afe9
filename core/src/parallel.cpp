#include "nnplay/parallel.hpp"

#ifdef NNPLAY_THREADS
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#endif

namespace nnplay {

namespace {
std::pair<Index, Index> part(Index n, int i) { return {n * i / kParts, n * (i + 1) / kParts}; }
}  // namespace

#ifdef NNPLAY_THREADS

namespace {
// One helper thread per extra part, each waiting on a condition variable (never spinning: a spinning
// thread on a shared 2-core machine starves the one doing the work). The caller runs part 0.
class Pool {
public:
    Pool() {
        for (int i = 1; i < kParts; ++i) threads_.emplace_back([this, i] { loop(i); });
    }
    ~Pool() {
        {
            std::lock_guard lock(m_);
            quit_ = true;
        }
        wake_.notify_all();
        for (auto& t : threads_) t.join();
    }
    void run(Index n, const std::function<void(Index, Index)>& fn) {
        std::lock_guard one_caller(run_);  // two sessions on two threads take turns
        {
            std::lock_guard lock(m_);
            fn_ = &fn, n_ = n, pending_ = kParts - 1, error_ = nullptr;
            ++generation_;
        }
        wake_.notify_all();
        std::exception_ptr mine;
        try {
            const auto [b, e] = part(n, 0);
            fn(b, e);
        } catch (...) {
            mine = std::current_exception();
        }
        std::unique_lock lock(m_);
        done_.wait(lock, [this] { return pending_ == 0; });
        if (mine) std::rethrow_exception(mine);
        if (error_) std::rethrow_exception(error_);  // e.g. bad_alloc on a helper thread reaches the caller
    }

private:
    void loop(int i) {
        unsigned long seen = 0;
        for (;;) {
            const std::function<void(Index, Index)>* fn;
            Index n;
            {
                std::unique_lock lock(m_);
                wake_.wait(lock, [&] { return quit_ || generation_ != seen; });
                if (quit_) return;
                seen = generation_;
                fn = fn_, n = n_;
            }
            std::exception_ptr failed;
            try {
                const auto [b, e] = part(n, i);
                (*fn)(b, e);
            } catch (...) {
                failed = std::current_exception();
            }
            std::lock_guard lock(m_);
            if (failed) error_ = failed;
            if (--pending_ == 0) done_.notify_one();
        }
    }

    std::vector<std::thread> threads_;
    std::mutex run_, m_;
    std::exception_ptr error_;
    std::condition_variable wake_, done_;
    const std::function<void(Index, Index)>* fn_ = nullptr;
    Index n_ = 0;
    int pending_ = 0;
    unsigned long generation_ = 0;
    bool quit_ = false;
};

Pool& pool() {
    static Pool p;  // started on first use, after the module is up (threads cannot start earlier in wasm)
    return p;
}
}  // namespace

void parallel_for(Index n, const std::function<void(Index, Index)>& fn) { pool().run(n, fn); }
int worker_threads() { return kParts; }

#else

void parallel_for(Index n, const std::function<void(Index, Index)>& fn) {
    for (int i = 0; i < kParts; ++i) {
        const auto [b, e] = part(n, i);
        fn(b, e);
    }
}
int worker_threads() { return 1; }

#endif

}  // namespace nnplay
