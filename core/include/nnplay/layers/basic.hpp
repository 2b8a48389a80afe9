// Layers without parameters: dropout, flatten, a standalone activation.
#pragma once
#include "nnplay/layers/layer.hpp"

namespace nnplay {

// Inverted dropout: zeroes a `rate` share of inputs while training and scales the rest by 1/(1-rate).
class Dropout final : public Layer {
public:
    explicit Dropout(float rate) : rate_(rate) {}
    std::string type() const override { return "dropout"; }
    Shape build(const Shape& input) override { return input; }
    const MatMap& forward(const MatMap& x, bool training, Rng& rng) override;
    const MatMap& backward(const MatMap& x, const MatMap& dy, bool need_dx) override;
    json config() const override { return {{"type", "dropout"}, {"rate", rate_}}; }

private:
    float rate_;
    Buffer mask_, y_, dx_;
};

// Reinterprets an image sample (H x W x C) as one row; the data does not move.
class Flatten final : public Layer {
public:
    std::string type() const override { return "flatten"; }
    Shape build(const Shape& input) override { return {shape_size(input)}; }
    const MatMap& forward(const MatMap& x, bool, Rng&) override { return x; }
    const MatMap& backward(const MatMap&, const MatMap& dy, bool) override { return dy; }
    json config() const override { return {{"type", "flatten"}}; }
};

class ActivationLayer final : public Layer {
public:
    explicit ActivationLayer(Activation act) : act_(act) {}
    std::string type() const override { return "activation"; }
    Shape build(const Shape& input) override { return input; }
    const MatMap& forward(const MatMap& x, bool training, Rng& rng) override;
    const MatMap& backward(const MatMap& x, const MatMap& dy, bool need_dx) override;
    json config() const override { return {{"type", "activation"}, {"activation", to_string(act_)}}; }

    Activation output_activation() const override { return act_; }
    const MatMap* logits(const MatMap& x) const override { return &x; }
    void set_fused_gradient(bool on) override { fused_ = on; }

private:
    Activation act_;
    bool fused_ = false;
    Buffer y_, dx_;
};

}  // namespace nnplay
