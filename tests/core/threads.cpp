// Thread counts: the parts of parallel.hpp are fixed, so the same spec and seed give the same History and
// weights, bit for bit, whether 1 or 8 threads (more than this machine's cores) run them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "helpers.hpp"
#include "nnplay/error.hpp"
#include "nnplay/parallel.hpp"
#include "nnplay/train/session.hpp"

using namespace nnplay;
using namespace nnplay::test;
using Catch::Contains;

namespace {

struct Run {
    History history;
    std::vector<float> weights;
};

// Two epochs of `spec` on the first `samples` MNIST training digits (and 500 test digits), on `threads` threads.
Run train_on(Spec spec, const Dataset& train, const Dataset& test, int threads) {
    set_threads(threads);
    spec.train.epochs = 2;
    Session s(spec);
    s.prepare(train, test);
    s.trainer().fit();
    s.evaluate_test();
    return {s.trainer().history(), {s.model().params().begin(), s.model().params().end()}};
}

Dataset head(const Dataset& d, Index n) {
    Dataset out = d;
    out.x.conservativeResize(n, Eigen::NoChange);
    out.y.conservativeResize(n, Eigen::NoChange);
    return out;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(float) * a.size()) == 0;
}

}  // namespace

TEST_CASE("threads: 1, 2, 3, 4 and 8 threads give the MNIST MLP and CNN the same History and weights", "[threads]") {
    const Dataset train = load_mnist("train"), test = load_mnist("t10k");
    Spec mlp = load_preset("mnist-mlp"), dense = mlp, cnn = load_preset("mnist-cnn");
    dense.preprocessing.kind = "standardize";  // no zeros to skip: the dense products and their split
    struct Case {
        const char* name;
        const Spec& spec;
        Index samples;
    };
    for (const Case& c : {Case{"mlp (sparse input)", mlp, 2000}, Case{"mlp (dense input)", dense, 2000},
                          Case{"cnn", cnn, 400}}) {
        INFO(c.name);
        const Dataset tr = head(train, c.samples), te = head(test, 300);
        const Run one = train_on(c.spec, tr, te, 1);
        REQUIRE(one.history.history.at("loss").size() == 2);
        for (const int t : {2, 3, 4, 8}) {
            INFO(t << " threads");
            const Run many = train_on(c.spec, tr, te, t);
            CHECK(threads() == t);
            CHECK(many.history.history == one.history.history);
            CHECK(same_bits(many.weights, one.weights));
        }
    }
    set_threads(default_threads());
}

TEST_CASE("threads: a count outside 1 to 8 is refused with its range, and the count stays", "[threads]") {
    set_threads(2);
    CHECK_THROWS_WITH(set_threads(0), Contains("threads: 0 is not between 1 and 8"));
    CHECK_THROWS_WITH(set_threads(9), Contains("threads: 9 is not between 1 and 8"));
    CHECK(threads() == 2);
    CHECK(default_threads() >= 1);
    CHECK(default_threads() <= kMaxThreads);
    set_threads(default_threads());
}

TEST_CASE("threads: parallel_parts numbers the parts 0 to 7 with parallel_for's ranges, on any thread count", "[threads]") {
    for (const int t : {1, 3, 8}) {
        INFO(t << " threads");
        set_threads(t);
        std::vector<std::pair<Index, Index>> ranges, numbered(kParts, {-1, -1});
        std::vector<int> calls(kParts, 0);
        std::mutex m;
        parallel_for(21, [&](Index b, Index e) {
            std::lock_guard lock(m);
            ranges.emplace_back(b, e);
        });
        std::sort(ranges.begin(), ranges.end());  // 21 > 8: no part is empty, so no two start alike
        parallel_parts(21, [&](int part, Index b, Index e) {
            std::lock_guard lock(m);
            ++calls[static_cast<std::size_t>(part)];
            numbered[static_cast<std::size_t>(part)] = {b, e};
        });
        CHECK(calls == std::vector<int>(kParts, 1));
        CHECK(numbered == ranges);
        CHECK(numbered.front() == std::pair<Index, Index>{0, 2});
        CHECK(numbered.back() == std::pair<Index, Index>{18, 21});
    }
    set_threads(default_threads());
}
