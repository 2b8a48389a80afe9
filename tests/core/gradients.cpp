// Finite-difference checks of every backward pass. Layers, losses and regularisers are checked
// against central differences of a double-precision re-implementation of their forward pass (itself
// checked against the core's float forward), so the reference is accurate to ~1e-9 and the tolerance
// only has to cover the core's float rounding. The whole-model check perturbs the core's own float
// parameters (see the tolerance note there).
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "nnplay/layers/basic.hpp"
#include "nnplay/layers/dense.hpp"
#include "nnplay/model/model.hpp"
#include "nnplay/train/loss.hpp"
#include "nnplay/train/trainer.hpp"

using namespace nnplay;
using namespace nnplay::test;

namespace {

using CMapD = Eigen::Map<const MatD>;

// Batch rows, inputs and outputs around the SIMD widths (4 and 8 floats) and their neighbours.
struct Size {
    Index batch, in, out;
};
constexpr Size kSizes[] = {{1, 1, 1}, {3, 3, 4}, {4, 5, 7}, {5, 7, 8}, {7, 8, 9},
                           {8, 9, 16}, {9, 16, 17}, {16, 17, 3}, {17, 4, 5}};

constexpr double kStep = 1e-6;  // double central differences: truncation ~1e-12, rounding ~1e-10

std::string describe(const Size& s) {
    return "batch " + std::to_string(s.batch) + ", in " + std::to_string(s.in) + ", out " + std::to_string(s.out);
}

MatD ref_activate(Activation a, const MatD& z) {
    switch (a) {
        case Activation::linear: return z;
        case Activation::relu: return z.cwiseMax(0.0);
        case Activation::sigmoid: return (1.0 / (1.0 + (-z.array()).exp())).matrix();
        case Activation::tanh: return z.array().tanh().matrix();
        case Activation::softmax: {
            MatD y(z.rows(), z.cols());
            for (Index r = 0; r < z.rows(); ++r) {
                const Eigen::RowVectorXd e = (z.row(r).array() - z.row(r).maxCoeff()).exp().matrix();
                y.row(r) = e / e.sum();
            }
            return y;
        }
    }
    return z;
}

// Keras' definitions, batch means; `v` is the output, or the logits when from_logits.
double ref_loss(LossKind kind, bool from_logits, const MatD& v, const MatD& y) {
    const double n = static_cast<double>(v.rows()), cells = n * static_cast<double>(v.cols());
    switch (kind) {
        case LossKind::mean_squared_error: return (v - y).squaredNorm() / cells;
        case LossKind::binary_crossentropy: {
            const MatD p = from_logits ? ref_activate(Activation::sigmoid, v) : v;
            return -(y.array() * p.array().log() + (1.0 - y.array()) * (1.0 - p.array()).log()).sum() / cells;
        }
        case LossKind::categorical_crossentropy:
        case LossKind::sparse_categorical_crossentropy: {
            // Without logits Keras renormalises the outputs to sum to 1 (the clip at eps never bites here).
            const MatD p = from_logits ? ref_activate(Activation::softmax, v)
                                       : MatD(v.array().colwise() / v.array().rowwise().sum());
            double total = 0;
            for (Index r = 0; r < p.rows(); ++r)
                for (Index c = 0; c < p.cols(); ++c) {
                    const double t = kind == LossKind::categorical_crossentropy ? y(r, c) : (y(r, 0) == c ? 1.0 : 0.0);
                    if (t != 0) total -= t * std::log(p(r, c));
                }
            return total / n;
        }
    }
    return 0;
}

// Dense: J = sum(r * y) + penalty, so dJ/dy = r; checks dJ/dkernel, dJ/dbias and dJ/dx.
void check_dense(const Size& s, Activation act, const Regularizer& reg, std::uint64_t seed) {
    INFO("dense " << to_string(act) << ", " << describe(s));
    Dense layer(s.out, act, true, Initializer{}, reg);
    REQUIRE(layer.build({s.in}) == Shape{s.out});
    const Index nk = s.in * s.out, n = nk + s.out;
    std::vector<float> params(static_cast<std::size_t>(n)), grads(static_cast<std::size_t>(n), NAN);
    layer.bind(params.data(), grads.data());
    Rng rng(seed);
    for (auto& p : params) p = rng.uniform(-1.0f, 1.0f);  // biases too, so relu units are both on and off
    Mat x = random_matrix(s.batch, s.in, rng), r = random_matrix(s.batch, s.out, rng);
    const MatMap& y = layer.forward(view(x), true, rng);

    std::vector<double> w(params.begin(), params.end()), xd(x.data(), x.data() + x.size());
    const MatD rd = r.cast<double>();
    auto penalty = [&](const CMapD& W) { return reg.l1 * W.cwiseAbs().sum() + reg.l2 * W.squaredNorm(); };
    auto output = [&] {
        const CMapD W(w.data(), s.in, s.out), X(xd.data(), s.batch, s.in);
        const Eigen::Map<const Eigen::RowVectorXd> b(w.data() + nk, s.out);
        MatD z = X * W;
        z.rowwise() += b;
        return ref_activate(act, z);
    };
    auto objective = [&] { return (output().array() * rd.array()).sum() + penalty(CMapD(w.data(), s.in, s.out)); };
    require_close(y, output(), "forward");
    CHECK(layer.penalty() == Approx(penalty(CMapD(w.data(), s.in, s.out))).epsilon(1e-6).margin(1e-12));

    const Mat dx = layer.backward(view(x), view(r), true);
    const auto dw = central_differences(std::span<double>(w), objective, kStep);
    const auto dxd = central_differences(std::span<double>(xd), objective, kStep);
    const std::span<const double> ref(dw);
    require_gradient({grads.data(), static_cast<std::size_t>(nk)}, ref.first(static_cast<std::size_t>(nk)), "kernel");
    require_gradient({grads.data() + nk, static_cast<std::size_t>(s.out)}, ref.subspan(static_cast<std::size_t>(nk)), "bias");
    require_gradient({dx.data(), static_cast<std::size_t>(dx.size())}, dxd, "input");
}

constexpr Activation kEveryActivation[] = {Activation::linear, Activation::relu, Activation::sigmoid, Activation::tanh,
                                       Activation::softmax};

}  // namespace

TEST_CASE("dense: kernel and bias and input gradients match central differences for every activation", "[gradient]") {
    std::uint64_t seed = 100;
    for (auto act : kEveryActivation)
        for (const auto& s : kSizes) check_dense(s, act, Regularizer{}, ++seed);
}

TEST_CASE("regularisers: l1 and l2 and l1_l2 penalties and their kernel gradients match central differences", "[gradient]") {
    // Large factors so the penalty's share of the gradient is not lost in the tolerance.
    const char* forms[] = {"l1(0.3)", "l2(0.2)", "l1_l2(0.15, 0.25)"};
    std::uint64_t seed = 200;
    for (const char* form : forms) {
        INFO(form);
        const Regularizer reg = parse_regularizer(form, "test");
        CHECK(reg.active());
        for (const auto& s : kSizes) check_dense(s, Activation::tanh, reg, ++seed);
    }
    CHECK(parse_regularizer("l1_l2(0.15, 0.25)", "t").l1 == 0.15f);
    CHECK(parse_regularizer("l1_l2(0.15, 0.25)", "t").l2 == 0.25f);
    CHECK(parse_regularizer("l2", "t").l2 == 0.01f);  // Keras' default factor
}

TEST_CASE("activation layer: input gradient matches central differences for every activation", "[gradient]") {
    std::uint64_t seed = 300;
    for (auto act : kEveryActivation)
        for (const auto& s : kSizes) {
            INFO("activation " << to_string(act) << ", " << describe(s));
            ActivationLayer layer(act);
            REQUIRE(layer.build({s.in}) == Shape{s.in});
            Rng rng(++seed);
            Mat x = random_matrix(s.batch, s.in, rng, -3, 3), r = random_matrix(s.batch, s.in, rng);
            std::vector<double> xd(x.data(), x.data() + x.size());
            const MatD rd = r.cast<double>();
            auto output = [&] { return ref_activate(act, CMapD(xd.data(), s.batch, s.in)); };
            require_close(layer.forward(view(x), false, rng), output(), "forward");
            const Mat dx = layer.backward(view(x), view(r), true);
            const auto ref = central_differences(std::span<double>(xd), [&] { return (output().array() * rd.array()).sum(); }, kStep);
            require_gradient({dx.data(), static_cast<std::size_t>(dx.size())}, ref, "input");
        }
}

TEST_CASE("dropout: with a fixed mask backward is mask times dy and central differences agree", "[gradient]") {
    const float rate = 0.3f, keep = 1.0f / (1.0f - rate);
    std::uint64_t seed = 400;
    for (const auto& s : kSizes) {
        INFO(describe(s));
        Dropout layer(rate);
        REQUIRE(layer.build({s.in}) == Shape{s.in});
        const std::uint64_t mask_seed = ++seed;
        Rng rng(mask_seed + 1000);
        Mat x = random_matrix(s.batch, s.in, rng, 0.5f, 2.0f), r = random_matrix(s.batch, s.in, rng);
        Rng mask_rng(mask_seed);
        const Mat y = layer.forward(view(x), true, mask_rng);
        Mat mask(s.batch, s.in);
        for (Index i = 0; i < x.size(); ++i) {
            // Inverted dropout: each value is dropped or scaled by 1/(1 - rate), nothing else.
            const float m = y.data()[i] == 0.0f ? 0.0f : keep;
            CHECK(y.data()[i] == x.data()[i] * m);
            mask.data()[i] = m;
        }
        const Mat dx = layer.backward(view(x), view(r), true);
        CHECK(dx == Mat(r.cwiseProduct(mask)));

        // J(x) = sum(r * dropout(x)) with the mask re-drawn from the same seed at every evaluation.
        // J is linear in x, so central differences have no truncation error; the step 0.25 is exact in
        // float and the only error is float rounding of x +- 0.25 and of the products (~1e-7 relative).
        auto objective = [&] {
            Rng again(mask_seed);
            const MatMap& out = layer.forward(view(x), true, again);
            return (out.cast<double>().array() * r.cast<double>().array()).sum();
        };
        const auto ref = central_differences(std::span<float>(x.data(), static_cast<std::size_t>(x.size())), objective, 0.25f);
        require_gradient({dx.data(), static_cast<std::size_t>(dx.size())}, ref, "input", 1e-5);

        Rng unused(1);
        CHECK(layer.forward(view(x), false, unused) == x);  // inference: identity
    }

    SECTION("drops about `rate` of a large batch") {
        Dropout layer(rate);
        layer.build({50});
        Mat x = Mat::Ones(400, 50);
        Rng rng(9);
        const Mat y = layer.forward(view(x), true, rng);
        const double dropped = static_cast<double>((y.array() == 0.0f).count()) / static_cast<double>(y.size());
        CHECK(dropped == Approx(rate).margin(0.015));  // 20,000 draws: one sigma is 0.0032
    }
}

TEST_CASE("losses: gradient w.r.t. the output (or the logits when fused) matches central differences", "[gradient]") {
    struct Case {
        LossKind kind;
        bool fused;
    };
    const Case cases[] = {{LossKind::mean_squared_error, false},          {LossKind::binary_crossentropy, false},
                          {LossKind::binary_crossentropy, true},          {LossKind::categorical_crossentropy, false},
                          {LossKind::categorical_crossentropy, true},     {LossKind::sparse_categorical_crossentropy, false},
                          {LossKind::sparse_categorical_crossentropy, true}};
    std::uint64_t seed = 500;
    for (const auto& c : cases) {
        // Unfused categorical losses take sigmoid outputs, which do not sum to 1: the renormalisation is checked too.
        const Activation act = c.kind == LossKind::mean_squared_error                  ? Activation::linear
                               : c.kind == LossKind::binary_crossentropy || !c.fused ? Activation::sigmoid
                                                                                       : Activation::softmax;
        for (const auto& s : kSizes) {
            const bool categorical = c.kind == LossKind::categorical_crossentropy || c.kind == LossKind::sparse_categorical_crossentropy;
            const Index rows = s.batch, cols = categorical ? std::max<Index>(s.out, 2) : s.out;
            INFO(to_string(c.kind) << (c.fused ? " fused" : " unfused") << ", " << rows << " x " << cols);
            Rng rng(++seed);
            Mat z = random_matrix(rows, cols, rng, -3, 3), out(rows, cols);
            MatMap out_view = view(out);
            activate(act, view(z), out_view);
            Mat y;
            if (c.kind == LossKind::mean_squared_error) y = random_matrix(rows, cols, rng, -2, 2);
            if (c.kind == LossKind::binary_crossentropy) {
                y = Mat(rows, cols);
                for (Index i = 0; i < y.size(); ++i) y.data()[i] = rng.uniform() < 0.5f ? 1.0f : 0.0f;
            }
            if (c.kind == LossKind::categorical_crossentropy) {
                y = Mat::Zero(rows, cols);
                for (Index r = 0; r < rows; ++r) y(r, static_cast<Index>(rng.below(static_cast<std::uint64_t>(cols)))) = 1.0f;
            }
            if (c.kind == LossKind::sparse_categorical_crossentropy) {
                y = Mat(rows, 1);
                for (Index r = 0; r < rows; ++r) y(r, 0) = static_cast<float>(rng.below(static_cast<std::uint64_t>(cols)));
            }

            Loss loss(c.kind);
            CHECK(loss.fuses_with(act) == (c.kind != LossKind::mean_squared_error && (c.fused || c.kind == LossKind::binary_crossentropy)));
            loss.set_fused(c.fused);
            MatMap z_view = view(z);
            const double value = loss.value(out_view, c.fused ? &z_view : nullptr, view(y));
            Mat grad(rows, cols);
            MatMap grad_view = view(grad);
            loss.gradient(out_view, view(y), grad_view);

            const Mat& wrt = c.fused ? z : out;
            std::vector<double> v(wrt.data(), wrt.data() + wrt.size());
            const MatD yd = y.cast<double>();
            auto objective = [&] { return ref_loss(c.kind, c.fused, CMapD(v.data(), rows, cols), yd); };
            CHECK(value == Approx(objective()).epsilon(1e-5));
            const auto ref = central_differences(std::span<double>(v), objective, kStep);
            require_gradient({grad.data(), static_cast<std::size_t>(grad.size())}, ref, "d loss");
        }
    }
}

TEST_CASE("model: gradients of loss + penalty w.r.t. all parameters match central differences (dense and conv)", "[gradient]") {
    struct Case {
        const char* name;
        const char* model;
        LossKind loss;
        Index batch;
    };
    const Case cases[] = {
        {"tanh + softmax, categorical (fused), l2 on the first kernel",
         R"js({"input": [5], "layers": [{"type": "dense", "units": 7, "activation": "tanh", "kernel_regularizer": "l2(0.05)"},
                                      {"type": "dense", "units": 4, "activation": "softmax"}]})js",
         LossKind::categorical_crossentropy, 9},
        {"relu + dropout + sigmoid, binary (fused), l1_l2 on the output kernel",
         R"js({"input": [3], "layers": [{"type": "dense", "units": 8, "activation": "relu"}, {"type": "dropout", "rate": 0.25},
                                      {"type": "dense", "units": 1, "activation": "sigmoid", "kernel_regularizer": "l1_l2(0.01, 0.02)"}]})js",
         LossKind::binary_crossentropy, 16},
        {"sigmoid + linear, mse",
         R"js({"input": [4], "layers": [{"type": "dense", "units": 9, "activation": "sigmoid"},
                                      {"type": "dense", "units": 3, "activation": "linear"}]})js",
         LossKind::mean_squared_error, 17},
        {"relu + softmax, sparse categorical (fused)",
         R"js({"input": [17], "layers": [{"type": "dense", "units": 16, "activation": "relu"},
                                       {"type": "dense", "units": 5, "activation": "softmax"}]})js",
         LossKind::sparse_categorical_crossentropy, 8},
        {"tanh + softmax, mse (softmax not fused)",
         R"js({"input": [8], "layers": [{"type": "dense", "units": 5, "activation": "tanh"},
                                      {"type": "dense", "units": 3, "activation": "softmax"}]})js",
         LossKind::mean_squared_error, 4},
        {"sigmoid + linear + softmax layer, categorical (fused through the activation layer)",
         R"js({"input": [7], "layers": [{"type": "dense", "units": 4, "activation": "sigmoid"},
                                      {"type": "dense", "units": 3}, {"type": "softmax"}]})js",
         LossKind::categorical_crossentropy, 5},
        {"conv2d (valid) + max pooling + softmax, categorical (fused), l2 on the conv kernel",
         R"js({"input": [6, 6, 2], "layers": [{"type": "conv2d", "filters": 3, "kernel_size": 3, "activation": "tanh",
                                                "kernel_regularizer": "l2(0.01)"},
                                               {"type": "max_pooling2d", "pool_size": 2}, {"type": "flatten"},
                                               {"type": "dense", "units": 4, "activation": "softmax"}]})js",
         LossKind::categorical_crossentropy, 3},
        {"conv2d (same, stride 2, 3x2 kernel, relu) + conv2d (same) + average pooling (same, clipped edge windows) + sigmoid, binary (fused)",
         R"js({"input": [5, 5, 1], "layers": [{"type": "conv2d", "filters": 2, "kernel_size": [3, 2], "strides": 2,
                                                "padding": "same", "activation": "relu"},
                                               {"type": "conv2d", "filters": 3, "kernel_size": 2, "padding": "same", "activation": "tanh"},
                                               {"type": "average_pooling2d", "pool_size": 2, "padding": "same"},
                                               {"type": "flatten"}, {"type": "dense", "units": 1, "activation": "sigmoid"}]})js",
         LossKind::binary_crossentropy, 4},
    };
    std::uint64_t seed = 600;
    for (const auto& c : cases) {
        INFO(c.name);
        auto model = Model::from_config(json::parse(c.model), {}, c.batch);
        Rng rng(++seed);
        // Biases too (they start at zero). Magnitudes of at least 0.05 keep every weight away from the
        // l1 penalty's kink at 0, which a step of h = 0.01 below would otherwise straddle.
        for (auto& p : model->params()) p = (rng.uniform() < 0.5f ? -1.0f : 1.0f) * rng.uniform(0.05f, 0.8f);
        const Index outputs = model->output_size();
        Mat x = random_matrix(c.batch, model->input_size(), rng), y;
        if (c.loss == LossKind::mean_squared_error) y = random_matrix(c.batch, outputs, rng);
        else if (c.loss == LossKind::binary_crossentropy) {
            y = Mat(c.batch, 1);
            for (Index r = 0; r < c.batch; ++r) y(r, 0) = rng.uniform() < 0.5f ? 1.0f : 0.0f;
        } else if (c.loss == LossKind::categorical_crossentropy) {
            y = Mat::Zero(c.batch, outputs);
            for (Index r = 0; r < c.batch; ++r) y(r, static_cast<Index>(rng.below(static_cast<std::uint64_t>(outputs)))) = 1.0f;
        } else {
            y = Mat(c.batch, 1);
            for (Index r = 0; r < c.batch; ++r) y(r, 0) = static_cast<float>(rng.below(static_cast<std::uint64_t>(outputs)));
        }
        const Loss loss = loss_for(*model, c.loss);
        MatMap xv = view(x);  // Model::forward keeps a pointer to its input view until backward
        CHECK(loss.fuses_with(model->output_layer().output_activation()) == (c.loss != LossKind::mean_squared_error));

        const std::uint64_t dropout_seed = seed * 7;  // the same dropout mask at every evaluation
        auto objective = [&] {
            Rng r(dropout_seed);
            const MatMap& out = model->forward(xv, true, r);
            return loss.value(out, model->output_logits(), view(y)) + model->penalty();
        };
        {
            Rng r(dropout_seed);
            const MatMap& out = model->forward(xv, true, r);
            Mat grad(out.rows(), out.cols());
            MatMap grad_view = view(grad);
            loss.gradient(out, view(y), grad_view);
            model->backward(grad_view);
        }
        const std::vector<float> analytic(model->grads().begin(), model->grads().end());

        // Float central differences on the core itself. The loss is O(1) and the float forward pass
        // (dot products of at most ~50 terms) rounds it at ~1e-7 relative, so with steps of 1e-2 and 5e-3
        // rounding adds ~1e-5 / 2e-5 to a difference quotient and truncation (h^2/6 times a third
        // derivative of order 1) ~2e-5 / 4e-6. Tolerance 5e-4 of the gradient's scale (observed: below
        // 5e-5); a wrong formula is off by O(1).
        const double tol = 5e-4;
        const float h = 1e-2f;
        auto params = model->params();
        auto quotient = [&](std::size_t i, float step) {
            const float keep = params[i], hi = keep + step, lo = keep - step;
            params[i] = hi;
            const double up = objective();
            params[i] = lo;
            const double down = objective();
            params[i] = keep;
            return (up - down) / (static_cast<double>(hi) - static_cast<double>(lo));
        };
        std::vector<double> ref(params.size()), half(params.size());
        double scale = 1.0;
        for (std::size_t i = 0; i < params.size(); ++i) {
            ref[i] = quotient(i, h);
            half[i] = quotient(i, h / 2);
            scale = std::max(scale, std::fabs(ref[i]));
        }
        // A relu or max-pooling kink within h of a parameter's value bends the difference quotient; it
        // shows as steps h and h/2 disagreeing (smooth functions: ~1e-5). Those few entries are skipped.
        // The test is on the forward pass only, so a wrong backward pass cannot hide behind it.
        double worst = 0;
        std::size_t worst_at = 0, skipped = 0;
        for (std::size_t i = 0; i < params.size(); ++i) {
            if (std::fabs(ref[i] - half[i]) > tol * scale) {
                ++skipped;
                continue;
            }
            const double err = std::fabs(analytic[i] - half[i]);  // the smaller step: a kink beyond h/2 spares it
            if (!(err <= worst)) worst = err, worst_at = i;
        }
        INFO("worst error " << worst << " at parameter " << worst_at << " (core " << analytic[worst_at] << ", differences "
                            << half[worst_at] << ", with h " << ref[worst_at] << "), scale " << scale << ", " << skipped << " of " << params.size()
                            << " skipped at kinks");
        CHECK(skipped * 10 <= params.size());
        CHECK(worst <= tol * scale);
    }
}
