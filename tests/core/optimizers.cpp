// Optimizer steps against numbers worked out by hand (Keras 3's update rules), three steps each.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "nnplay/error.hpp"
#include "nnplay/train/optimizer.hpp"

using namespace nnplay;

namespace {

// Three parameters and the gradients of three steps (exact binary fractions).
const std::vector<float> kStart = {1.0f, -2.0f, 0.5f};
const std::vector<std::vector<float>> kGrads = {{0.5f, -1.0f, 2.0f}, {0.25f, 0.5f, -1.0f}, {-0.5f, 0.0f, 1.0f}};

OptimizerSpec spec_of(const char* text) { return parse_optimizer(json::parse(text), "optimizer"); }

// Runs the optimizer and compares the parameters after each step with `expected` (one row per step).
void check_steps(const OptimizerSpec& spec, const std::vector<float>& start, const std::vector<std::vector<float>>& grads,
                 const std::vector<std::vector<double>>& expected) {
    std::vector<float> w = start;
    auto opt = make_optimizer(spec, w.size());
    for (std::size_t t = 0; t < expected.size(); ++t) {
        opt->step(w, grads[t]);
        for (std::size_t i = 0; i < w.size(); ++i) {
            INFO("step " << t + 1 << ", parameter " << i);
            // float arithmetic on numbers of order 1: a few ulp, far below any formula mistake
            CHECK(w[i] == Approx(expected[t][i]).epsilon(2e-6).margin(1e-7));
        }
    }
}

}  // namespace

TEST_CASE("sgd: w -= lr g", "[optimizer]") {
    const auto spec = spec_of(R"({"type": "sgd", "learning_rate": 0.1})");
    // step 1: w = (1, -2, 0.5) - 0.1 * (0.5, -1, 2)     = (0.95, -1.9, 0.3)
    // step 2:   - 0.1 * (0.25, 0.5, -1)                 = (0.925, -1.95, 0.4)
    // step 3:   - 0.1 * (-0.5, 0, 1)                    = (0.975, -1.95, 0.3)
    check_steps(spec, kStart, kGrads, {{0.95, -1.9, 0.3}, {0.925, -1.95, 0.4}, {0.975, -1.95, 0.3}});
}

TEST_CASE("sgd with momentum: v = m v - lr g then w += v", "[optimizer]") {
    const auto spec = spec_of(R"({"type": "sgd", "learning_rate": 0.1, "momentum": 0.9})");
    // v1 = -0.1 g1 = (-0.05, 0.1, -0.2);                         w1 = (0.95, -1.9, 0.3)
    // v2 = 0.9 v1 - 0.1 g2 = (-0.045 - 0.025, 0.09 - 0.05, -0.18 + 0.1) = (-0.07, 0.04, -0.08); w2 = (0.88, -1.86, 0.22)
    // v3 = 0.9 v2 - 0.1 g3 = (-0.063 + 0.05, 0.036, -0.072 - 0.1) = (-0.013, 0.036, -0.172); w3 = (0.867, -1.824, 0.048)
    check_steps(spec, kStart, kGrads, {{0.95, -1.9, 0.3}, {0.88, -1.86, 0.22}, {0.867, -1.824, 0.048}});
}

TEST_CASE("sgd with nesterov momentum: v = m v - lr g then w += m v - lr g", "[optimizer]") {
    const auto spec = spec_of(R"({"type": "sgd", "learning_rate": 0.1, "momentum": 0.9, "nesterov": true})");
    // v as above. w1 = w0 + 0.9 v1 - 0.1 g1 = (1 - 0.045 - 0.05, -2 + 0.09 + 0.1, 0.5 - 0.18 - 0.2) = (0.905, -1.81, 0.12)
    // w2 = w1 + 0.9 v2 - 0.1 g2 = (0.905 - 0.063 - 0.025, -1.81 + 0.036 - 0.05, 0.12 - 0.072 + 0.1) = (0.817, -1.824, 0.148)
    // w3 = w2 + 0.9 v3 - 0.1 g3 = (0.817 - 0.0117 + 0.05, -1.824 + 0.0324, 0.148 - 0.1548 - 0.1) = (0.8553, -1.7916, -0.1068)
    check_steps(spec, kStart, kGrads, {{0.905, -1.81, 0.12}, {0.817, -1.824, 0.148}, {0.8553, -1.7916, -0.1068}});
}

TEST_CASE("adam: bias-corrected step alpha = lr sqrt(1 - b2^t) / (1 - b1^t)", "[optimizer]") {
    const auto spec = spec_of(R"({"type": "adam", "learning_rate": 0.01})");
    CHECK(spec.beta_1 == 0.9);
    CHECK(spec.beta_2 == 0.999);
    CHECK(spec.epsilon == 1e-7);
    // Worked in double, one parameter at a time, straight from the Keras formulas:
    //   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  w -= alpha m / (sqrt(v) + eps).
    // The third parameter gets a tiny gradient so eps matters (sqrt(v) ~ 3e-8 at step 1).
    const std::vector<std::vector<float>> grads = {{0.5f, -1.0f, 1e-6f}, {0.25f, 0.5f, 1e-6f}, {-0.5f, 0.0f, 1e-6f}};
    std::vector<std::vector<double>> expected(3, std::vector<double>(3));
    for (int i = 0; i < 3; ++i) {
        double w = kStart[i], m = 0, v = 0;
        for (int t = 1; t <= 3; ++t) {
            const double g = grads[t - 1][i];
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            const double alpha = 0.01 * std::sqrt(1 - std::pow(0.999, t)) / (1 - std::pow(0.9, t));
            w -= alpha * m / (std::sqrt(v) + 1e-7);
            expected[t - 1][i] = w;
        }
    }
    // Step 1 by hand: m = 0.1 g, v = 0.001 g^2, alpha = 0.01 sqrt(0.001) / 0.1, so the step is
    // 0.01 * sign(g) * |g| / (|g| + eps / sqrt(0.001)): almost exactly lr for large gradients.
    CHECK(expected[0][0] == Approx(1.0 - 0.01 * 0.5 / (0.5 + 1e-7 / std::sqrt(0.001))).epsilon(1e-12));
    const double tiny = 1e-6f;  // the float gradient, as the optimizer sees it
    CHECK(expected[0][2] == Approx(0.5 - 0.01 * tiny / (tiny + 1e-7 / std::sqrt(0.001))).epsilon(1e-12));
    check_steps(spec, kStart, grads, expected);
}

TEST_CASE("rmsprop: v = rho v + (1 - rho) g^2 then w -= lr g / sqrt(v + eps) as Keras 3", "[optimizer]") {
    // A tiny third gradient: there sqrt(v + eps) and sqrt(v) + eps differ by a factor of ten.
    const std::vector<std::vector<float>> grads = {{0.5f, -1.0f, 1e-4f}, {0.25f, 0.5f, 1e-4f}, {-0.5f, 0.0f, 1e-4f}};
    SECTION("plain") {
        const auto spec = spec_of(R"({"type": "rmsprop", "learning_rate": 0.01})");
        std::vector<std::vector<double>> expected(3, std::vector<double>(3));
        for (int i = 0; i < 3; ++i) {
            double w = kStart[i], v = 0;
            for (int t = 0; t < 3; ++t) {
                const double g = grads[t][i];
                v = 0.9 * v + 0.1 * g * g;
                w -= 0.01 * g / std::sqrt(v + 1e-7);
                expected[t][i] = w;
            }
        }
        // step 1, first parameter: v = 0.1 * 0.25 = 0.025, w = 1 - 0.005 / sqrt(0.0250001)
        CHECK(expected[0][0] == Approx(1.0 - 0.005 / std::sqrt(0.0250001)).epsilon(1e-12));
        // third parameter: v = 1e-9, w = 0.5 - 1e-6 / sqrt(1.01e-7) = 0.5 - 0.0031466...
        // (sqrt(v) + eps instead would give 0.5 - 0.0315)
        CHECK(expected[0][2] == Approx(0.5 - 1e-6 / std::sqrt(1.01e-7)).epsilon(1e-9));
        check_steps(spec, kStart, grads, expected);
    }
    SECTION("with momentum: buf = momentum buf + lr g / sqrt(v + eps); w -= buf") {
        const auto spec = spec_of(R"({"type": "rmsprop", "learning_rate": 0.01, "momentum": 0.5})");
        std::vector<std::vector<double>> expected(3, std::vector<double>(3));
        for (int i = 0; i < 3; ++i) {
            double w = kStart[i], v = 0, buf = 0;
            for (int t = 0; t < 3; ++t) {
                const double g = grads[t][i];
                v = 0.9 * v + 0.1 * g * g;
                buf = 0.5 * buf + 0.01 * g / std::sqrt(v + 1e-7);
                w -= buf;
                expected[t][i] = w;
            }
        }
        check_steps(spec, kStart, grads, expected);
    }
}

TEST_CASE("optimizer specs: defaults and refusals", "[optimizer]") {
    CHECK(parse_optimizer("sgd", "optimizer").learning_rate == 0.01);  // Keras' defaults
    CHECK(parse_optimizer("adam", "optimizer").learning_rate == 0.001);
    CHECK_THROWS_WITH(spec_of(R"({"type": "sgd", "nesterov": true})"), Catch::Contains("needs a momentum above 0"));
    CHECK_THROWS_WITH(spec_of(R"({"type": "adam", "momentum": 0.9})"),
                      Catch::Contains("optimizer.momentum") && Catch::Contains("does not apply to the adam optimizer"));
    CHECK_THROWS_WITH(spec_of(R"({"type": "adamw"})"), Catch::Contains("is not one of sgd, adam or rmsprop") &&
                                                           Catch::Contains("did you mean 'adam'?"));
}
