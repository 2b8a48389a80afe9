// The seeded random numbers and the kernel initialisers built on them.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "nnplay/layers/initializer.hpp"

using namespace nnplay;
using namespace nnplay::test;

namespace {
struct Moments {
    double mean, sd, lo, hi;
};
Moments moments(const Mat& m) {
    double sum = 0, sq = 0;
    for (Index i = 0; i < m.size(); ++i) sum += m.data()[i];
    const double mean = sum / static_cast<double>(m.size());
    for (Index i = 0; i < m.size(); ++i) sq += (m.data()[i] - mean) * (m.data()[i] - mean);
    return {mean, std::sqrt(sq / static_cast<double>(m.size())), m.minCoeff(), m.maxCoeff()};
}

Mat filled(const char* init, Index fan_in, Index fan_out, std::uint64_t seed) {
    Mat w = Mat::Constant(fan_in, fan_out, 42.0f);
    MatMap v = view(w);
    Rng rng(seed);
    parse_initializer(init, "kernel_initializer").fill(v, fan_in, fan_out, rng);
    return w;
}
}  // namespace

TEST_CASE("rng: the same seed gives the same sequence and another seed another one", "[random]") {
    Rng a(123), b(123), c(124);
    bool differs = false;
    for (int i = 0; i < 1000; ++i) {
        const auto x = a.next_u64();
        CHECK(x == b.next_u64());
        differs = differs || x != c.next_u64();
    }
    CHECK(differs);
    // reseed restarts the sequence, including the spare normal deviate
    Rng d(5);
    const double n1 = d.normal();
    const float u1 = d.uniform();
    d.normal();
    d.reseed(5);
    CHECK(d.normal() == n1);
    CHECK(d.uniform() == u1);
}

TEST_CASE("rng: uniform and below and normal have the right ranges and moments", "[random]") {
    Rng rng(2024);
    const int n = 200000;
    double sum = 0, sq = 0, nsum = 0, nsq = 0;
    std::vector<int> counts(7);
    for (int i = 0; i < n; ++i) {
        const float u = rng.uniform();
        REQUIRE(u >= 0.0f);
        REQUIRE(u < 1.0f);
        sum += u, sq += u * u;
        const auto k = rng.below(7);
        REQUIRE(k < 7);
        ++counts[k];
        const double z = rng.normal();
        nsum += z, nsq += z * z;
        const double t = rng.truncated_normal();
        REQUIRE(std::fabs(t) <= 2.0);
    }
    CHECK(sum / n == Approx(0.5).margin(0.005));           // sd of the mean: 0.29 / 447 = 0.00065
    CHECK(sq / n - (sum / n) * (sum / n) == Approx(1.0 / 12).margin(0.002));
    for (int c : counts) CHECK(c / double(n) == Approx(1.0 / 7).margin(0.005));
    CHECK(nsum / n == Approx(0.0).margin(0.01));           // sd of the mean: 0.0022
    CHECK(nsq / n == Approx(1.0).margin(0.02));            // sd of the variance: 0.0032
}

TEST_CASE("portable_log matches std::log to 1e-15 relative", "[random]") {
    double worst = 0, at = 0;
    auto check = [&](double x) {
        const double ref = std::log(x);
        const double err = ref == 0 ? std::fabs(portable_log(x)) : std::fabs(portable_log(x) - ref) / std::fabs(ref);
        if (!(err <= worst)) worst = err, at = x;
    };
    for (double e = -300; e <= 300; e += 0.037) check(std::pow(10.0, e));
    for (int i = 1; i < 20000; ++i) check(i / 10000.0);              // (0, 2): around 1, where log is small
    for (int i = -1000; i <= 1000; ++i) check(1.0 + i * 1e-9);       // very close to 1
    check(1.0);
    check(std::sqrt(2.0));                                           // the reduction's switch point
    check(std::nextafter(std::sqrt(2.0), 0.0));
    check(std::numeric_limits<double>::min());
    check(std::numeric_limits<double>::max());
    INFO("worst relative error " << worst << " at x = " << at);
    CHECK(worst <= 1e-15);
}

TEST_CASE("initialisers: glorot_uniform and he_normal and zeros and friends", "[init]") {
    SECTION("glorot_uniform: within sqrt(6 / (fan_in + fan_out)), variance 2 / (fan_in + fan_out)") {
        const Index fi = 300, fo = 500;
        const Mat w = filled("glorot_uniform", fi, fo, 1);
        const double limit = std::sqrt(6.0 / (fi + fo));
        const auto m = moments(w);
        CHECK(m.lo >= -static_cast<float>(limit));  // the core draws in float
        CHECK(m.hi <= static_cast<float>(limit));
        CHECK(m.lo < -0.99 * limit);  // and it uses the whole range
        CHECK(m.hi > 0.99 * limit);
        CHECK(m.mean == Approx(0.0).margin(0.001));
        CHECK(m.sd == Approx(std::sqrt(2.0 / (fi + fo))).epsilon(0.02));
    }
    SECTION("he_normal: std sqrt(2 / fan_in), truncated at two of Keras' untruncated sigmas") {
        const Index fi = 400, fo = 500;
        const Mat w = filled("he_normal", fi, fo, 2);
        const double sd = std::sqrt(2.0 / fi);
        const auto m = moments(w);
        CHECK(m.sd == Approx(sd).epsilon(0.1));
        CHECK(m.sd == Approx(sd).epsilon(0.01));  // 200,000 draws: the sample sd is within 0.3%
        CHECK(m.mean == Approx(0.0).margin(0.001));
        const double bound = 2.0 * sd / 0.87962566103423978;
        CHECK(m.hi <= bound * (1 + 1e-6));
        CHECK(m.lo >= -bound * (1 + 1e-6));
    }
    SECTION("glorot_normal, he_uniform, random_normal, random_uniform") {
        CHECK(moments(filled("glorot_normal", 300, 500, 3)).sd == Approx(std::sqrt(2.0 / 800)).epsilon(0.02));
        const auto hu = moments(filled("he_uniform", 300, 500, 4));
        CHECK(hu.hi <= static_cast<float>(std::sqrt(6.0 / 300)));
        CHECK(hu.sd == Approx(std::sqrt(2.0 / 300)).epsilon(0.02));
        Mat w = Mat::Zero(300, 500);
        MatMap v = view(w);
        Rng rng(5);
        parse_initializer(json::parse(R"({"type": "random_normal", "stddev": 0.3})"), "k").fill(v, 300, 500, rng);
        CHECK(moments(w).sd == Approx(0.3).epsilon(0.02));
        parse_initializer(json::parse(R"({"type": "random_uniform", "limit": 0.2})"), "k").fill(v, 300, 500, rng);
        CHECK(moments(w).hi <= 0.2f);
        CHECK(moments(w).lo >= -0.2f);
        CHECK(moments(w).sd == Approx(0.2 / std::sqrt(3.0)).epsilon(0.02));
    }
    SECTION("zeros") {
        const Mat w = filled("zeros", 17, 9, 6);
        CHECK(w.isZero(0));
    }
    SECTION("seeded: the same seed fills the same kernel") {
        CHECK(filled("he_normal", 17, 9, 7) == filled("he_normal", 17, 9, 7));
        CHECK(filled("he_normal", 17, 9, 7) != filled("he_normal", 17, 9, 8));
    }
}
