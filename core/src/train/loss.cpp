#include "nnplay/train/loss.hpp"

#include <algorithm>
#include <cmath>

#include "nnplay/error.hpp"
#include "nnplay/io/fields.hpp"

namespace nnplay {

namespace {
constexpr float kEps = 1e-7f;  // Keras' clipping epsilon for probabilities

// Row r's target for class c: a one-hot row (categorical) or a class index per row (sparse).
float target(LossKind kind, const MatMap& y, Index r, Index c) {
    if (kind == LossKind::sparse_categorical_crossentropy) return static_cast<Index>(y(r, 0)) == c ? 1.0f : 0.0f;
    return y(r, c);
}

}  // namespace

LossKind parse_loss(const std::string& name, const std::string& where) { return parse_named(std::string_view(name), kLosses, where); }

std::string to_string(LossKind k) { return name_of(k, kLosses); }

bool is_classification(LossKind k) { return k != LossKind::mean_squared_error; }

bool Loss::fuses_with(Activation output) const {
    switch (kind_) {
        case LossKind::binary_crossentropy: return output == Activation::sigmoid;
        case LossKind::categorical_crossentropy:
        case LossKind::sparse_categorical_crossentropy: return output == Activation::softmax;
        default: return false;
    }
}

double Loss::value(const MatMap& out, const MatMap* logits, const MatMap& y) const {
    const Index n = out.rows();
    double total = 0;
    switch (kind_) {
        case LossKind::mean_squared_error:
            return static_cast<double>((out - y).squaredNorm()) / static_cast<double>(n * out.cols());
        case LossKind::binary_crossentropy:
            if (fused_) {  // log(1 + e^-|z|) form: never overflows, never takes log 0
                const auto& z = *logits;
                total = (z.array().max(0.0f) - z.array() * y.array() + (-z.array().abs()).exp().log1p()).sum();
            } else {
                const auto p = out.array().max(kEps).min(1.0f - kEps);
                total = -(y.array() * p.log() + (1.0f - y.array()) * (1.0f - p).log()).sum();
            }
            return total / static_cast<double>(n * out.cols());
        case LossKind::categorical_crossentropy:
        case LossKind::sparse_categorical_crossentropy:
            for (Index r = 0; r < n; ++r) {
                // Unfused outputs are renormalised to sum to 1 and clipped to [eps, 1 - eps], as Keras does.
                const double sum = fused_ ? 1.0 : static_cast<double>(out.row(r).sum());
                for (Index c = 0; c < out.cols(); ++c) {
                    const float t = target(kind_, y, r, c);
                    if (t == 0.0f) continue;
                    if (fused_) {  // -log softmax(z)_c = logsumexp(z) - z_c
                        const auto& z = *logits;
                        const float m = z.row(r).maxCoeff();
                        const double lse = m + std::log(static_cast<double>((z.row(r).array() - m).exp().sum()));
                        total += t * (lse - z(r, c));
                    } else {
                        total -= t * std::log(std::clamp(out(r, c) / sum, double{kEps}, 1.0 - kEps));
                    }
                }
            }
            return total / static_cast<double>(n);
    }
    return 0;
}

void Loss::gradient(const MatMap& out, const MatMap& y, MatMap& grad) const {
    const float n = static_cast<float>(out.rows());
    switch (kind_) {
        case LossKind::mean_squared_error:
            grad = (2.0f / (n * static_cast<float>(out.cols()))) * (out - y);
            return;
        case LossKind::binary_crossentropy:
            if (fused_) grad = (out - y) / (n * static_cast<float>(out.cols()));
            else {
                const auto p = out.array().max(kEps).min(1.0f - kEps);
                grad = ((p - y.array()) / (p * (1.0f - p))) / (n * static_cast<float>(out.cols()));
            }
            return;
        case LossKind::categorical_crossentropy:
        case LossKind::sparse_categorical_crossentropy:
            if (fused_ && kind_ == LossKind::categorical_crossentropy) {  // softmax - y
                grad = (out - y) / n;
                return;
            }
            if (fused_) {
                grad = out / n;
                for (Index r = 0; r < out.rows(); ++r) grad(r, static_cast<Index>(y(r, 0))) -= 1.0f / n;
                return;
            }
            // Through the renormalisation p = o / S and the clip (no gradient where it cuts):
            // dL/do_i = (g_i - sum_j g_j p_j) / S with g_j = -t_j / p_j inside the clip range.
            for (Index r = 0; r < out.rows(); ++r) {
                const double sum = static_cast<double>(out.row(r).sum());
                const auto g = [&](Index c) {
                    const double p = out(r, c) / sum, t = target(kind_, y, r, c);
                    return t != 0 && p > kEps && p < 1.0 - kEps ? -t / p : 0.0;
                };
                double gp = 0;
                for (Index c = 0; c < out.cols(); ++c) gp += g(c) * (out(r, c) / sum);
                for (Index c = 0; c < out.cols(); ++c)
                    grad(r, c) = static_cast<float>((g(c) - gp) / (sum * static_cast<double>(n)));
            }
            return;
    }
}

}  // namespace nnplay
