#include "nnplay/layers/basic.hpp"

namespace nnplay {

const MatMap& Dropout::forward(const MatMap& x, bool training, Rng& rng) {
    if (!training || rate_ == 0.0f) return x;
    auto& mask = mask_.reshape(x.rows(), x.cols());
    const float keep_scale = 1.0f / (1.0f - rate_);
    for (Index i = 0; i < mask.size(); ++i) mask.data()[i] = rng.uniform() >= rate_ ? keep_scale : 0.0f;
    auto& y = y_.reshape(x.rows(), x.cols());
    y = x.cwiseProduct(mask);
    return y;
}

const MatMap& Dropout::backward(const MatMap& x, const MatMap& dy, bool need_dx) {
    if (rate_ == 0.0f) return dy;
    auto& dx = dx_.reshape(x.rows(), x.cols());
    if (need_dx) dx = dy.cwiseProduct(mask_());
    return dx;
}

const MatMap& ActivationLayer::forward(const MatMap& x, bool, Rng&) {
    auto& y = y_.reshape(x.rows(), x.cols());
    activate(act_, x, y);
    return y;
}

const MatMap& ActivationLayer::backward(const MatMap& x, const MatMap& dy, bool need_dx) {
    if (fused_) return dy;
    auto& dx = dx_.reshape(x.rows(), x.cols());
    if (need_dx) activation_backward(act_, y_(), dy, dx);
    return dx;
}

}  // namespace nnplay
