// The layer contract. Shapes in comments: B = batch rows, F = features of one sample.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "nnplay/activation.hpp"
#include "nnplay/io/fields.hpp"
#include "nnplay/random.hpp"
#include "nnplay/tensor.hpp"

namespace nnplay {

struct ParamTensor {
    std::string name;  // "kernel", "bias"
    Index rows, cols;
};

// A kernel (rows x cols) and an optional bias (1 x cols), kernel first: views into the model's
// parameter and gradient blocks. Dense and Conv2D each hold one.
struct KernelBias {
    MatMap w{nullptr, 0, 0}, dw{nullptr, 0, 0};
    VecMap b{nullptr, 0}, db{nullptr, 0};

    static std::vector<ParamTensor> shapes(Index rows, Index cols, bool bias) {
        std::vector<ParamTensor> p{{"kernel", rows, cols}};
        if (bias) p.push_back({"bias", 1, cols});
        return p;
    }
    void bind(float* values, float* grads, Index rows, Index cols, bool bias) {
        new (&w) MatMap(values, rows, cols);  // Eigen's documented way to re-seat a Map
        new (&dw) MatMap(grads, rows, cols);
        if (bias) {
            new (&b) VecMap(values + rows * cols, cols);
            new (&db) VecMap(grads + rows * cols, cols);
        }
    }
};

class Layer {
public:
    virtual ~Layer() = default;
    virtual std::string type() const = 0;

    // Checks the layer fits its input and returns the output sample shape. Called once.
    virtual Shape build(const Shape& input) = 0;
    // The parameter tensors the model must allocate for this layer, in order.
    virtual std::vector<ParamTensor> param_shapes() const { return {}; }
    // Points the layer at its slice of the model's contiguous parameter and gradient blocks.
    virtual void bind(float* /*values*/, float* /*grads*/) {}
    virtual void initialize(Rng& /*rng*/) {}

    // x: B x F_in -> B x F_out. The result lives in the layer until its next forward.
    virtual const MatMap& forward(const MatMap& x, bool training, Rng& rng) = 0;
    // dy: dL/dy (B x F_out) -> dL/dx (B x F_in); writes parameter gradients. x is forward's input.
    virtual const MatMap& backward(const MatMap& x, const MatMap& dy, bool need_dx) = 0;

    // Floats of working memory per sample beyond the output (e.g. im2col patches), for the memory budget.
    virtual double scratch_per_sample() const { return 0; }

    // Regularisation penalty added to the loss.
    virtual double penalty() const { return 0; }
    // Keras-like config: {"type": ..., ...}; parsing it back gives the same layer.
    virtual json config() const = 0;

    // For the output layer: the activation it ends with, its pre-activation values, and a switch
    // that makes backward take dL/dz directly (softmax/sigmoid fused with cross-entropy).
    virtual Activation output_activation() const { return Activation::linear; }
    virtual const MatMap* logits(const MatMap& /*x*/) const { return nullptr; }
    virtual void set_fused_gradient(bool /*on*/) {}

    // An inference-only layer (an int8 one) cannot be trained.
    virtual bool inference_only() const { return false; }
};

// Builds a layer from its config; `where` names it in errors ("model.layers[2]").
// The layer types a spec can name ("relu" ... are Keras' activation layers).
inline constexpr std::string_view kLayerTypes[] = {"dense",   "conv2d",  "max_pooling2d", "average_pooling2d",
                                                   "dropout", "flatten", "activation",    "relu",
                                                   "sigmoid", "tanh",    "softmax"};

std::unique_ptr<Layer> make_layer(const json& config, const std::string& where);

}  // namespace nnplay
