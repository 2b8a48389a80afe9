// Losses, averaged over the batch as Keras reports them. Targets y: one-hot rows (categorical),
// one class index per row (sparse), 0/1 (binary) or values (mse).
#pragma once
#include <string>

#include "nnplay/activation.hpp"
#include "nnplay/io/choices.hpp"
#include "nnplay/tensor.hpp"

namespace nnplay {

enum class LossKind { mean_squared_error, binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy };

inline constexpr Named<LossKind> kLosses[] = {
    {"mean_squared_error", LossKind::mean_squared_error},
    {"binary_crossentropy", LossKind::binary_crossentropy},
    {"categorical_crossentropy", LossKind::categorical_crossentropy},
    {"sparse_categorical_crossentropy", LossKind::sparse_categorical_crossentropy},
    {"mse", LossKind::mean_squared_error, true},
};

LossKind parse_loss(const std::string& name, const std::string& where);
std::string to_string(LossKind k);
bool is_classification(LossKind k);

class Loss {
public:
    explicit Loss(LossKind kind) : kind_(kind) {}
    LossKind kind() const { return kind_; }

    // Whether the loss can take the output layer's pre-activation (softmax or sigmoid fused with
    // cross-entropy: stable log-sum-exp forward, gradient p - y backward).
    bool fuses_with(Activation output) const;
    void set_fused(bool on) { fused_ = on; }

    // Mean loss over the batch. `out` is the model output, `logits` its pre-activation (used when fused).
    double value(const MatMap& out, const MatMap* logits, const MatMap& y) const;
    // dL/d(out), or dL/d(logits) when fused, into grad (B x outputs).
    void gradient(const MatMap& out, const MatMap& y, MatMap& grad) const;

private:
    LossKind kind_;
    bool fused_ = false;
};

}  // namespace nnplay
