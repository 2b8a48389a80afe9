#pragma once
#include "nnplay/layers/initializer.hpp"
#include "nnplay/layers/layer.hpp"
#include "nnplay/layers/regularizer.hpp"
#include "nnplay/layers/sparse_rows.hpp"

namespace nnplay {

// y = f(x W + b), W: F_in x units, b: 1 x units.
class Dense final : public Layer {
public:
    Dense(Index units, Activation act, bool use_bias, Initializer init, Regularizer reg)
        : units_(units), act_(act), use_bias_(use_bias), init_(init), reg_(reg) {}
    static std::unique_ptr<Layer> from_config(const json& cfg, const std::string& where);

    std::string type() const override { return "dense"; }
    Shape build(const Shape& input) override;
    std::vector<ParamTensor> param_shapes() const override;
    void bind(float* values, float* grads) override;
    void initialize(Rng& rng) override;
    const MatMap& forward(const MatMap& x, bool training, Rng& rng) override;
    const MatMap& backward(const MatMap& x, const MatMap& dy, bool need_dx) override;
    double penalty() const override { return reg_.active() ? reg_.penalty(p_.w) : 0.0; }
    json config() const override;
    // A mostly-zero input's compressed copy: up to half its entries, each a value and an index, by row and by column.
    double scratch_per_sample() const override { return 2.0 * static_cast<double>(in_); }

    Activation output_activation() const override { return act_; }
    const MatMap* logits(const MatMap&) const override { return &z_(); }
    void set_fused_gradient(bool on) override { fused_ = on; }

private:
    Index in_ = 0, units_;
    Activation act_;
    bool use_bias_, fused_ = false, sparse_input_ = false;
    Initializer init_;
    Regularizer reg_;
    KernelBias p_;
    Buffer z_, y_, dz_, dx_;
    SparseRows sparse_;  // the last forward's input, when it was mostly zeros
};

}  // namespace nnplay
