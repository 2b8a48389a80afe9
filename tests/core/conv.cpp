// Convolution and pooling against direct double-precision loops: the forward pass (which catches a
// wrong im2col layout that gradient checks alone would miss), and the input and kernel gradients by
// central differences. Plus the seeds' CNN on MNIST.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "nnplay/layers/conv.hpp"
#include "nnplay/train/session.hpp"

using namespace nnplay;
using namespace nnplay::test;

namespace {

struct ConvCase {
    Index h, w, c, filters, kh, kw, stride;
    bool same;
};

// out(b, oh, ow, f) = bias(f) + sum over (dy, dx, ch) of x(b, ih, iw, ch) * K((dy, dx, ch), f),
// with TensorFlow's padding (the extra row/column of 'same' goes at the end).
MatD ref_conv(const ConvCase& k, const std::vector<double>& x, Index batch, const std::vector<double>& w) {
    const Axis ah = Axis::make(k.h, k.kh, k.stride, k.same), aw = Axis::make(k.w, k.kw, k.stride, k.same);
    const Index patch = k.kh * k.kw * k.c;
    MatD out = MatD::Zero(batch, ah.out * aw.out * k.filters);
    for (Index b = 0; b < batch; ++b)
        for (Index oh = 0; oh < ah.out; ++oh)
            for (Index ow = 0; ow < aw.out; ++ow)
                for (Index f = 0; f < k.filters; ++f) {
                    double sum = w[static_cast<std::size_t>(patch * k.filters + f)];  // bias after the kernel
                    for (Index dy = 0; dy < k.kh; ++dy)
                        for (Index dx = 0; dx < k.kw; ++dx)
                            for (Index ch = 0; ch < k.c; ++ch) {
                                const Index ih = oh * k.stride - ah.pad + dy, iw = ow * k.stride - aw.pad + dx;
                                if (ih < 0 || ih >= k.h || iw < 0 || iw >= k.w) continue;
                                sum += x[static_cast<std::size_t>(((b * k.h + ih) * k.w + iw) * k.c + ch)] *
                                       w[static_cast<std::size_t>(((dy * k.kw + dx) * k.c + ch) * k.filters + f)];
                            }
                    out(b, (oh * aw.out + ow) * k.filters + f) = sum;
                }
    return out;
}

MatD ref_pool(bool max, Index h, Index w, Index c, Index pool, Index stride, bool same, const std::vector<double>& x,
              Index batch) {
    const Axis ah = Axis::make(h, pool, stride, same), aw = Axis::make(w, pool, stride, same);
    MatD out(batch, ah.out * aw.out * c);
    for (Index b = 0; b < batch; ++b)
        for (Index oh = 0; oh < ah.out; ++oh)
            for (Index ow = 0; ow < aw.out; ++ow)
                for (Index ch = 0; ch < c; ++ch) {
                    double best = -1e300, sum = 0;
                    int n = 0;
                    for (Index ih = oh * stride - ah.pad; ih < oh * stride - ah.pad + pool; ++ih)
                        for (Index iw = ow * stride - aw.pad; iw < ow * stride - aw.pad + pool; ++iw) {
                            if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                            const double v = x[static_cast<std::size_t>(((b * h + ih) * w + iw) * c + ch)];
                            best = std::max(best, v), sum += v, ++n;
                        }
                    out(b, (oh * aw.out + ow) * c + ch) = max ? best : sum / n;
                }
    return out;
}

constexpr ConvCase kConvCases[] = {
    {5, 5, 1, 1, 3, 3, 1, false}, {7, 6, 3, 4, 3, 2, 1, false}, {7, 6, 3, 5, 3, 3, 1, true},
    {8, 9, 2, 8, 3, 3, 2, true},  {9, 8, 4, 9, 2, 2, 2, false}, {6, 7, 1, 16, 5, 5, 1, true},
    {4, 4, 17, 3, 1, 1, 1, false}, {11, 11, 5, 7, 3, 3, 3, true},
    // By Winograd's F(2x2, 3x3): whole tiles, odd outputs with 'same' padding, and tiles cut at the edge.
    {8, 8, 16, 4, 3, 3, 1, false}, {7, 9, 16, 5, 3, 3, 1, true}, {6, 5, 20, 3, 3, 3, 1, false},
};

}  // namespace

TEST_CASE("conv2d: forward equals a direct convolution; input, kernel and bias gradients match central differences", "[gradient]") {
    for (const auto& k : kConvCases) {
        INFO("input " << k.h << "x" << k.w << "x" << k.c << ", " << k.filters << " filters " << k.kh << "x" << k.kw
                      << ", stride " << k.stride << (k.same ? ", same" : ", valid"));
        Conv2D layer(k.filters, k.kh, k.kw, k.stride, k.same, Activation::linear, true, Initializer{}, Regularizer{});
        const Shape out_shape = layer.build({k.h, k.w, k.c});
        CHECK(layer.winograd() == (k.c >= 16 && k.kh == 3 && k.kw == 3 && k.stride == 1));
        const Index patch = k.kh * k.kw * k.c, n = patch * k.filters + k.filters, batch = 3;
        std::vector<float> params(static_cast<std::size_t>(n)), grads(static_cast<std::size_t>(n));
        layer.bind(params.data(), grads.data());
        Rng rng(k.h * 131 + k.filters);
        for (auto& p : params) p = rng.uniform(-1.0f, 1.0f);
        Mat x = random_matrix(batch, k.h * k.w * k.c, rng);
        Mat r = random_matrix(batch, shape_size(out_shape), rng);

        std::vector<double> w(params.begin(), params.end()), xd(x.data(), x.data() + x.size());
        require_close(layer.forward(view(x), true, rng), ref_conv(k, xd, batch, w), "forward");

        const MatD rd = r.cast<double>();
        auto objective = [&] { return (ref_conv(k, xd, batch, w).array() * rd.array()).sum(); };
        const Mat dx = layer.backward(view(x), view(r), true);
        require_gradient(grads, central_differences(std::span<double>(w), objective, 1e-6), "kernel and bias");
        require_gradient({dx.data(), static_cast<std::size_t>(dx.size())}, central_differences(std::span<double>(xd), objective, 1e-6),
                         "input");
    }
}

TEST_CASE("pooling: max and average forward equal direct loops; input gradients match central differences", "[gradient]") {
    struct PoolCase {
        Index h, w, c, pool, stride;
        bool same;
    };
    for (const auto& p : {PoolCase{4, 4, 1, 2, 2, false}, PoolCase{5, 5, 3, 2, 2, true}, PoolCase{7, 6, 4, 3, 2, false},
                          PoolCase{6, 7, 9, 3, 1, true}, PoolCase{9, 9, 16, 2, 2, false}})
        for (bool max : {true, false}) {
            INFO((max ? "max" : "average") << " pool " << p.pool << ", stride " << p.stride << " on " << p.h << "x" << p.w
                                            << "x" << p.c << (p.same ? ", same" : ", valid"));
            Pooling2D layer(max, p.pool, p.stride, p.same);
            const Shape out_shape = layer.build({p.h, p.w, p.c});
            Rng rng(p.h * 7 + p.c);
            const Index batch = 2;
            // Distinct values far apart, so no max is within a difference step of a tie.
            Mat x(batch, p.h * p.w * p.c);
            std::vector<float> values(static_cast<std::size_t>(x.size()));
            for (std::size_t i = 0; i < values.size(); ++i) values[i] = 0.01f * static_cast<float>(i);
            rng.shuffle(values);
            std::copy(values.begin(), values.end(), x.data());
            Mat r = random_matrix(batch, shape_size(out_shape), rng);

            std::vector<double> xd(x.data(), x.data() + x.size());
            require_close(layer.forward(view(x), true, rng), ref_pool(max, p.h, p.w, p.c, p.pool, p.stride, p.same, xd, batch),
                          "forward");
            const MatD rd = r.cast<double>();
            auto objective = [&] { return (ref_pool(max, p.h, p.w, p.c, p.pool, p.stride, p.same, xd, batch).array() * rd.array()).sum(); };
            const Mat dx = layer.backward(view(x), view(r), true);
            require_gradient({dx.data(), static_cast<std::size_t>(dx.size())},
                             central_differences(std::span<double>(xd), objective, 1e-4), "input");
        }
}

TEST_CASE("conv2d and pooling refuse what does not fit, naming the layer and the sizes") {
    REQUIRE_THROWS_WITH(Model::from_config(json::parse(R"({"input": [2, 2, 1], "layers": [{"type": "conv2d", "filters": 4, "kernel_size": 3}]})")),
                        Catch::Contains("model.layers[0] (conv2d)") && Catch::Contains("does not fit an input of 2"));
    REQUIRE_THROWS_WITH(Model::from_config(json::parse(R"({"input": [784], "layers": [{"type": "conv2d", "filters": 4, "kernel_size": 3}]})")),
                        Catch::Contains("[height, width, channels]"));
    REQUIRE_THROWS_WITH(Model::from_config(json::parse(R"({"input": [8, 8, 1], "layers": [{"type": "conv2d", "filters": 4, "kernel_size": 3, "padding": "full"}]})")),
                        Catch::Contains("padding: 'full' is not one of valid or same"));
    REQUIRE_THROWS_WITH(Model::from_config(json::parse(R"({"input": [8, 8, 1], "layers": [{"type": "max_pooling2d", "pool_size": [2, 3]}]})")),
                        Catch::Contains("only equal sizes"));
}

TEST_CASE("the seeds' CNN reaches 98.5% test accuracy on MNIST after 5 epochs", "[slow]") {
    const Spec spec = load_preset("mnist-cnn");
    REQUIRE(spec.train.epochs == 5);
    auto data = load_spec_data(spec);
    Session session(spec);
    session.prepare(std::move(data.train), std::move(data.test));
    session.trainer().fit();
    const double accuracy = session.evaluate_test().metrics.at("accuracy");
    INFO("test accuracy " << accuracy);
    CHECK(accuracy >= 0.985);
}
