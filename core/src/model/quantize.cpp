#include "nnplay/model/quantize.hpp"

#include <cmath>

#include "int8_kernel.hpp"
#include "nnplay/error.hpp"
#include "nnplay/layers/conv.hpp"
#include "nnplay/parallel.hpp"

namespace nnplay {

namespace {

// Calibration reads at most this many rows, evenly spread over those given: enough for a stable maximum.
constexpr Index kCalibrationRows = 1024, kCalibrationBatch = 256;

bool quantizable(const Layer& l) { return l.type() == "dense" || l.type() == "conv2d"; }

// A Dense or Conv2D layer on int8 weights and inputs. It keeps the float layer for what does not change (its
// config, shapes, activation, bias and, for a convolution, the patches) and replaces the product.
class Int8Layer final : public Layer {
public:
    Int8Layer(std::unique_ptr<Layer> base, Int8Kernel k, Index positions)
        : base_(std::move(base)), k_(std::move(k)), positions_(positions), conv_(dynamic_cast<const Conv2D*>(base_.get())) {
        // The two scales' product is exact (powers of two), so z = acc * mult is the dequantized product.
        for (float s : k_.scales) mult_.push_back(s * k_.input_scale);
        w16_.assign(k_.weights.begin(), k_.weights.end());
    }
    const Int8Kernel& kernel() const { return k_; }

    std::string type() const override { return base_->type(); }
    Shape build(const Shape& input) override { return base_->build(input); }
    std::vector<ParamTensor> param_shapes() const override { return base_->param_shapes(); }
    void bind(float* values, float* grads) override {
        base_->bind(values, grads);
        bias_ = base_->param_shapes().size() > 1 ? values + k_.rows * k_.cols : nullptr;
    }
    double scratch_per_sample() const override { return base_->scratch_per_sample(); }
    json config() const override { return base_->config(); }
    Activation output_activation() const override { return base_->output_activation(); }
    const MatMap* logits(const MatMap&) const override { return &z_(); }
    bool inference_only() const override { return true; }

    const MatMap& backward(const MatMap&, const MatMap&, bool) override { throw Error("model.quantized", kQuantizedTraining); }

    // Each row (a sample, or one output position of a convolution) is quantized, then dotted with every
    // output's int8 weights; the parts split whole samples, and integer sums are exact, so any split agrees.
    const MatMap& forward(const MatMap& x, bool, Rng&) override {
        const Index rows = x.rows() * positions_, n = k_.rows, outs = k_.cols;
        auto& z = z_.reshape(rows, outs);
        if (conv_) patches_.reshape(rows, n);
        q_.resize(static_cast<std::size_t>(rows * n));
        parallel_for(x.rows(), [&](Index b0, Index b1) {
            if (b0 == b1) return;
            if (conv_) {
                MatMap p(patches_().row(b0 * positions_).data(), (b1 - b0) * positions_, n);
                conv_->patches(x, p, b0, b1);
            }
            const float* in = conv_ ? patches_().data() : x.data();
            for (Index r = b0 * positions_; r < b1 * positions_; ++r) {
                std::int16_t* q = q_.data() + r * n;
                int8::quantize(in + r * n, q, n, k_.input_scale);
                float* zr = z.row(r).data();
                for (Index c = 0; c < outs; ++c) {
                    const float product = static_cast<float>(int8::dot(q, w16_.data() + c * n, n)) * mult_[static_cast<std::size_t>(c)];
                    zr[c] = bias_ ? product + bias_[c] : product;
                }
            }
        });
        const Activation act = base_->output_activation();
        if (conv_) {  // conv2d refuses softmax: its activation works value by value, in place
            if (act != Activation::linear) activate(act, z, z);
            return z_.reshape(x.rows(), positions_ * outs);
        }
        if (act == Activation::linear) return z;
        auto& y = y_.reshape(x.rows(), outs);
        activate(act, z, y);
        return y;
    }

private:
    std::unique_ptr<Layer> base_;
    Int8Kernel k_;
    Index positions_;  // rows per sample: 1 for dense, the output positions of a convolution
    const Conv2D* conv_;
    std::vector<float> mult_;
    const float* bias_ = nullptr;
    std::vector<std::int16_t> w16_, q_;  // the weights and the quantized rows, widened for the dot products
    Buffer patches_, z_, y_;
};

bool positive_finite(float s) { return std::isfinite(s) && s > 0; }

}  // namespace

float power_of_two_scale(float max_abs) {
    if (!(max_abs > 0) || !std::isfinite(max_abs)) return 1;
    float s = 1;
    while (max_abs / s > 127) s *= 2;
    while (s > 0x1p-100f && max_abs / (s / 2) <= 127) s /= 2;
    return s;
}

const Int8Kernel* int8_kernel(const Layer& layer) {
    const auto* q = dynamic_cast<const Int8Layer*>(&layer);
    return q ? &q->kernel() : nullptr;
}

void set_int8_kernel(Model& model, std::size_t layer, Int8Kernel k, const std::string& where) {
    if (layer >= model.layer_count()) throw Error(where + ": there is no layer " + std::to_string(layer));
    const Layer& l = model.layer(layer);
    if (!quantizable(l) || int8_kernel(l))
        throw Error(where + ": layer " + std::to_string(layer) + " (" + l.type() + ") cannot take an int8 kernel");
    const auto shapes = l.param_shapes();
    if (k.rows != shapes[0].rows || k.cols != shapes[0].cols || k.weights.size() != static_cast<std::size_t>(k.rows * k.cols) ||
        k.scales.size() != static_cast<std::size_t>(k.cols))
        throw Error(where + ": layer " + std::to_string(layer) + "'s int8 kernel does not have the layer's shape");
    if (!positive_finite(k.input_scale)) throw Error(where + ": layer " + std::to_string(layer) + "'s input scale is not a positive number");
    for (float s : k.scales)
        if (!positive_finite(s)) throw Error(where + ": layer " + std::to_string(layer) + " has a weight scale that is not a positive number");
    // The float kernel holds the dequantized weights: a float-only export, or a look at the weights, sees those.
    MatMap w = model.param(layer, "kernel");
    for (Index c = 0; c < k.cols; ++c)
        for (Index r = 0; r < k.rows; ++r) w(r, c) = static_cast<float>(k.weights[static_cast<std::size_t>(c * k.rows + r)]) * k.scales[static_cast<std::size_t>(c)];
    const Shape& out = model.output_shape(layer);
    const Index positions = out.size() == 3 ? out[0] * out[1] : 1;
    model.wrap_layer(layer, [&](std::unique_ptr<Layer> base) { return std::make_unique<Int8Layer>(std::move(base), std::move(k), positions); });
}

void quantize(Model& model, const Mat& calibration) {
    if (model.quantized()) throw Error("model.quantized", "quantized model: it is int8 already; quantize the float model");
    if (calibration.rows() == 0) throw Error("data.too_few_rows", "quantize: no calibration rows");
    if (calibration.cols() != model.input_size())
        throw Error("data.input_mismatch", "quantize: the calibration data has " + std::to_string(calibration.cols()) +
                    " values per sample, the model takes " + std::to_string(model.input_size()));
    // The largest |input| of each quantizable layer, over the float model's activations.
    std::vector<float> max_in(model.layer_count(), 0.0f);
    const Index take = std::min(calibration.rows(), kCalibrationRows);
    Mat sample(take, calibration.cols());
    for (Index r = 0; r < take; ++r) sample.row(r) = calibration.row(r * calibration.rows() / take);
    for (Index start = 0; start < take; start += kCalibrationBatch) {
        Mat batch = sample.middleRows(start, std::min(kCalibrationBatch, take - start));
        for (std::size_t i = 0; i < model.layer_count(); ++i) {
            if (!quantizable(model.layer(i))) continue;
            Mat in = batch;
            if (i == 0) model.preprocessing().apply(MatMap(in.data(), in.rows(), in.cols()));
            else in = model.layer_output(batch, i - 1);
            max_in[i] = std::max(max_in[i], in.cwiseAbs().maxCoeff());
        }
    }
    for (std::size_t i = 0; i < model.layer_count(); ++i) {
        if (!quantizable(model.layer(i))) continue;
        const MatMap w = model.param(i, "kernel");
        Int8Kernel k{w.rows(), w.cols(), std::vector<std::int8_t>(static_cast<std::size_t>(w.size())),
                     std::vector<float>(static_cast<std::size_t>(w.cols())), power_of_two_scale(max_in[i])};
        for (Index c = 0; c < w.cols(); ++c) {
            const Eigen::VectorXf column = w.col(c);
            const float s = power_of_two_scale(column.cwiseAbs().maxCoeff());
            k.scales[static_cast<std::size_t>(c)] = s;
            int8::quantize(column.data(), k.weights.data() + c * w.rows(), w.rows(), s);
        }
        set_int8_kernel(model, i, std::move(k), "quantize");
    }
}

}  // namespace nnplay
