// Convolution and pooling on NHWC samples (one sample per row, channels fastest), as Keras lays them out.
#pragma once
#include <array>
#include <string_view>
#include <utility>

#include "nnplay/layers/axis.hpp"
#include "nnplay/layers/initializer.hpp"
#include "nnplay/layers/layer.hpp"
#include "nnplay/layers/regularizer.hpp"
#include "nnplay/layers/winograd.hpp"
#include "nnplay/parallel.hpp"

namespace nnplay {

inline constexpr std::string_view kPaddings[] = {"valid", "same"};

// y = f(conv(x, K) + b) by im2col: the patches of some samples form one matrix P (rows OH*OW per sample,
// KH*KW*C columns), so their convolution is one GEMM, Z = P K, whose rows are already the NHWC output.
// K: KH*KW*C x filters. The batch is split in the pool's parts (whole samples), forward and backward, and
// each part takes its samples in chunks whose patches fit in a core's cache.
class Conv2D final : public Layer {
public:
    Conv2D(Index filters, Index kh, Index kw, Index stride, bool same, Activation act, bool use_bias, Initializer init,
           Regularizer reg)
        : filters_(filters), kh_(kh), kw_(kw), stride_(stride), same_(same), act_(act), use_bias_(use_bias), init_(init), reg_(reg) {}
    static std::unique_ptr<Layer> from_config(const json& cfg, const std::string& where);

    std::string type() const override { return "conv2d"; }
    Shape build(const Shape& input) override;
    std::vector<ParamTensor> param_shapes() const override;
    void bind(float* values, float* grads) override;
    void initialize(Rng& rng) override;
    const MatMap& forward(const MatMap& x, bool training, Rng& rng) override;
    const MatMap& backward(const MatMap& x, const MatMap& dy, bool need_dx) override;
    double penalty() const override { return reg_.active() ? reg_.penalty(p_.w) : 0.0; }
    json config() const override;
    double scratch_per_sample() const override {  // in double: the product can pass 2^63 for absurd shapes
        return static_cast<double>(h_.out) * static_cast<double>(w_.out) * static_cast<double>(patch_);
    }

    Activation output_activation() const override { return act_; }
    // Samples [b0, b1)'s patches into p (from its first row): the int8 kernels convolve them too.
    void patches(const MatMap& x, MatMap& p, Index b0, Index b1) const { im2col(x, p, b0, b1); }
    bool winograd() const { return winograd_; }

private:
    // Samples [b0, b1) of the batch: patches into p (from its first row), and patch gradients (the same rows
    // of dp) back into dx.
    void im2col(const MatMap& x, MatMap& p, Index b0, Index b1) const;
    void col2im(const MatMap& dp, MatMap& dx, Index b0, Index b1) const;
    std::pair<Index, Index> window_columns(Index iw0) const;
    // Samples per chunk: patches of about kChunkFloats (a fixed size, so the sums' order is the same on any
    // machine), and at least one sample; Winograd's own for its layers.
    Index chunk_samples() const;
    static constexpr Index kChunkFloats = 64 * 1024;

    Index filters_, kh_, kw_, stride_;
    bool same_;
    Activation act_;
    bool use_bias_;
    Initializer init_;
    Regularizer reg_;
    Axis h_{}, w_{};
    Index c_ = 0, patch_ = 0;
    bool winograd_ = false;  // the layer's products by Winograd's F(2x2, 3x3), where it pays, else by im2col
    Winograd wino_;
    KernelBias p_;
    struct Scratch {
        Buffer patches, dz, dpatches;  // one chunk's
    };
    std::array<Scratch, kParts> scratch_;  // one per part
    Buffer z_, dx_;                         // z_: f(conv + b), overwritten in place
    Buffer dw_parts_, db_parts_;            // each part's share of the gradients, added in part order
    Buffer du_;                             // Winograd's layers: the shares of dU added, before the transform back
};

// Max or average over pool x pool windows of each channel.
class Pooling2D final : public Layer {
public:
    Pooling2D(bool max, Index pool, Index stride, bool same) : max_(max), pool_(pool), stride_(stride), same_(same) {}
    static std::unique_ptr<Layer> from_config(const json& cfg, const std::string& where, bool max);

    std::string type() const override { return max_ ? "max_pooling2d" : "average_pooling2d"; }
    Shape build(const Shape& input) override;
    const MatMap& forward(const MatMap& x, bool training, Rng& rng) override;
    const MatMap& backward(const MatMap& x, const MatMap& dy, bool need_dx) override;
    json config() const override;

private:
    struct Window {
        Index h0, h1, w0, w1;
    };
    Window window(Index oh, Index ow) const;
    // Samples [b0, b1): forward into y, backward into dx.
    void pool_rows(const MatMap& x, MatMap& y, Index b0, Index b1) const;
    void unpool_rows(const MatMap& x, const MatMap& dy, MatMap& dx, Index b0, Index b1) const;

    bool max_;
    Index pool_, stride_;
    bool same_;
    Axis h_{}, w_{};
    Index c_ = 0;
    Buffer y_, dx_;
};

}  // namespace nnplay
