// A sequential model: layers, their parameters in one contiguous block (gradients in another),
// and the input preprocessing fitted on the training data.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "nnplay/data/preprocessing.hpp"
#include "nnplay/layers/layer.hpp"

namespace nnplay {

// Default memory a model may claim (parameters, gradients, optimizer state, activations): a browser tab's worth.
inline constexpr std::uint64_t kDefaultMemoryBudget = 1ull << 30;

class Model {
public:
    // cfg: {"input": [28, 28, 1], "layers": [...]}. `input` overrides cfg's input shape when not empty.
    // Refuses, before allocating, a model whose memory at `batch_size` exceeds `budget` bytes.
    static std::unique_ptr<Model> from_config(const json& cfg, const Shape& input = {}, Index batch_size = 64,
                                              std::uint64_t budget = kDefaultMemoryBudget);
    // The same checks without claiming the parameter memory (validating a spec, sizing a file's model):
    // allocate() completes it.
    static std::unique_ptr<Model> plan(const json& cfg, const Shape& input = {}, Index batch_size = 64,
                                       std::uint64_t budget = kDefaultMemoryBudget);
    void allocate();
    std::size_t param_count() const { return param_count_; }
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    const Shape& input_shape() const { return input_shape_; }
    Index input_size() const { return shape_size(input_shape_); }
    Index output_size() const { return output_size_; }
    std::size_t layer_count() const { return layers_.size(); }
    Layer& layer(std::size_t i) { return *layers_[i]; }
    const Layer& layer(std::size_t i) const { return *layers_[i]; }
    // Puts wrap(layer i) in its place, bound to the same parameters (an int8 layer takes its float one over).
    void wrap_layer(std::size_t i, const std::function<std::unique_ptr<Layer>(std::unique_ptr<Layer>)>& wrap);
    // Some layer is inference-only (the model was quantized): it cannot be trained.
    bool quantized() const;
    Layer& output_layer() { return *layers_.back(); }
    Activation output_activation() const { return layers_.back()->output_activation(); }

    std::span<float> params() { return params_; }
    std::span<const float> params() const { return params_; }
    std::span<const float> grads() const { return grads_; }
    // One layer's parameter tensor (e.g. layer 1's "kernel") as a view into the block.
    MatMap param(std::size_t layer, const std::string& name);

    void initialize(Rng& rng);
    const MatMap& forward(const MatMap& x, bool training, Rng& rng);
    // Backpropagates dL/d(output) (or dL/dz when the loss is fused) down to the first layer with parameters.
    void backward(const MatMap& dout);
    double penalty() const;
    // The output layer's pre-activation from the last forward (null if it has none).
    const MatMap* output_logits() const { return layers_.back()->logits(*inputs_.back()); }

    Preprocessing& preprocessing() { return pre_; }
    const Preprocessing& preprocessing() const { return pre_; }

    // Raw inputs -> outputs, in batches, without dropout. Applies the preprocessing.
    Mat predict(const Mat& raw, Index batch_size = 256);
    // What layer `layer` outputs for raw inputs (e.g. a convolution's feature maps), without dropout.
    Mat layer_output(const Mat& raw, std::size_t layer);
    const Shape& output_shape(std::size_t layer) const { return output_shapes_.at(layer); }

    json config() const;   // {"input": [...], "layers": [...]}, parseable by from_config
    json summary() const;  // [{"type", "output_shape", "params"}, ...] and the total

private:
    Model() = default;
    struct Slot {
        std::size_t layer;
        std::string name;
        std::size_t offset;
        Index rows, cols;
    };
    Shape input_shape_;
    std::vector<Shape> output_shapes_;
    Index output_size_ = 0;
    std::vector<std::unique_ptr<Layer>> layers_;
    std::vector<Slot> slots_;
    std::size_t param_count_ = 0;
    Floats params_, grads_;
    std::vector<const MatMap*> inputs_;  // input of each layer during the last forward
    Preprocessing pre_;
    Buffer predict_in_;
};

// The spec's sizes "from the data": "input": "data" becomes `input` (when given) and "units": "classes" on the
// last dense layer becomes `outputs` (the class count, or 1). "classes" on any other layer is refused.
json resolve_from_data(const json& cfg, const Shape& input, Index outputs);

// "1.5 GiB" style sizes for messages.
std::string human_bytes(double bytes);

}  // namespace nnplay
