#include "nnplay/layers/conv.hpp"

#include <algorithm>
#include <limits>
#include <vector>

#include "nnplay/error.hpp"
#include "nnplay/limits.hpp"
#include "nnplay/parallel.hpp"

namespace nnplay {

namespace {
// sum = the kParts stacked blocks of `rows` rows in parts, added in part order.
template <class Sum> void sum_parts(const MatMap& parts, Index rows, Sum& sum) {
    sum = parts.topRows(rows);
    for (int i = 1; i < kParts; ++i) sum += parts.middleRows(i * rows, rows);
}

// Keras accepts 3 or [3, 3]; returns {rows, cols}.
std::pair<Index, Index> pair_field(const Fields& f, const char* key, Index fallback, bool square) {
    if (!f.has(key)) return {fallback, fallback};
    const json& v = f.raw(key);
    auto one = [&](const json& x) -> Index {
        if (!x.is_number_integer() || x.get<std::int64_t>() < 1 || x.get<std::int64_t>() > 1024)
            throw Error("spec.out_of_range", f.path(key) + ": " + x.dump() + " is not a size between 1 and 1024");
        return x.get<Index>();
    };
    if (v.is_array() && v.size() == 2) {
        const Index a = one(v[0]), b = one(v[1]);
        if (square && a != b) throw Error("spec.out_of_range", f.path(key) + ": only equal sizes on both axes are supported, got " + v.dump());
        return {a, b};
    }
    if (v.is_array()) throw Error("spec.wrong_type", f.path(key) + ": expected a size or a list of two sizes, got " + v.dump());
    const Index a = one(v);
    return {a, a};
}

Shape image_input(const Shape& input, const std::string& layer) {
    if (input.size() != 3)
        throw Error("model.bad_shape", layer + " expects image samples of shape [height, width, channels], got rank " + std::to_string(input.size()));
    return input;
}
}  // namespace

Axis Axis::make(Index in, Index kernel, Index stride, bool same) {
    Axis a{in, kernel, stride, 0, 0};
    if (same) {
        a.out = (in + stride - 1) / stride;
        a.pad = std::max<Index>((a.out - 1) * stride + kernel - in, 0) / 2;  // TensorFlow puts the odd one last
    } else {
        if (kernel > in)
            throw Error("model.bad_shape", "a window of " + std::to_string(kernel) + " does not fit an input of " + std::to_string(in) +
                        " with 'valid' padding (use 'same', or a smaller window)");
        a.out = (in - kernel) / stride + 1;
    }
    return a;
}

std::unique_ptr<Layer> Conv2D::from_config(const json& cfg, const std::string& where) {
    Fields f(cfg, where, {"type", "filters", "kernel_size", "strides", "padding", "activation", "use_bias",
                          "kernel_initializer", "kernel_regularizer", "name"});
    const auto filters = f.integer("filters", 1, limits::kMaxFilters);
    if (!f.has("kernel_size")) throw Error("spec.missing_field", f.path("kernel_size") + ": required field is missing (e.g. 3 or [3, 3])");
    const auto [kh, kw] = pair_field(f, "kernel_size", 3, false);
    const auto stride = pair_field(f, "strides", 1, true).first;
    const bool same = f.choice("padding", "valid", kPaddings) == "same";
    const auto act = parse_activation(f.text("activation", "linear"), f.path("activation"));
    if (act == Activation::softmax) throw Error("spec.conflict", f.path("activation") + ": softmax is not supported in conv2d; use it in the last dense layer");
    const auto init = f.has("kernel_initializer") ? parse_initializer(f.raw("kernel_initializer"), f.path("kernel_initializer"))
                                                  : Initializer{};
    const auto reg = f.has("kernel_regularizer") ? parse_regularizer(f.raw("kernel_regularizer"), f.path("kernel_regularizer"))
                                                 : Regularizer{};
    return std::make_unique<Conv2D>(filters, kh, kw, stride, same, act, f.boolean("use_bias", true), init, reg);
}

Shape Conv2D::build(const Shape& input) {
    image_input(input, "conv2d");
    h_ = Axis::make(input[0], kh_, stride_, same_);
    w_ = Axis::make(input[1], kw_, stride_, same_);
    c_ = input[2];
    patch_ = kh_ * kw_ * c_;
    winograd_ = Winograd::pays(h_, w_, c_, kh_, kw_, stride_);
    if (winograd_) wino_.build(h_, w_, c_, filters_);
    return {h_.out, w_.out, filters_};
}

std::vector<ParamTensor> Conv2D::param_shapes() const { return KernelBias::shapes(patch_, filters_, use_bias_); }

void Conv2D::bind(float* values, float* grads) { p_.bind(values, grads, patch_, filters_, use_bias_); }

void Conv2D::initialize(Rng& rng) {
    init_.fill(p_.w, patch_, kh_ * kw_ * filters_, rng);  // Keras: fan_out = kernel area x filters
    if (use_bias_) p_.b.setZero();
}

// The in-bounds window columns [lo, hi) of a window starting at input column iw0: their pixels are
// contiguous in NHWC (whatever the stride), so a window row moves as one run of floats.
std::pair<Index, Index> Conv2D::window_columns(Index iw0) const {
    const Index lo = std::max<Index>(0, -iw0), hi = std::min(kw_, w_.in - iw0);
    return {lo, std::max(lo, hi)};
}

void Conv2D::im2col(const MatMap& x, MatMap& p, Index b0, Index b1) const {
    const Index rows_per_sample = h_.out * w_.out, run = kw_ * c_;
    for (Index b = b0; b < b1; ++b) {
        const float* img = x.row(b).data();
        for (Index oh = 0; oh < h_.out; ++oh)
            for (Index ow = 0; ow < w_.out; ++ow) {
                float* dst = p.row((b - b0) * rows_per_sample + oh * w_.out + ow).data();
                const Index iw0 = ow * stride_ - w_.pad;
                const auto [lo, hi] = window_columns(iw0);
                for (Index dy = 0; dy < kh_; ++dy, dst += run) {
                    const Index ih = oh * stride_ - h_.pad + dy;
                    if (ih < 0 || ih >= h_.in || lo == hi) {
                        std::fill(dst, dst + run, 0.0f);
                        continue;
                    }
                    std::fill(dst, dst + lo * c_, 0.0f);
                    std::copy_n(img + (ih * w_.in + iw0 + lo) * c_, (hi - lo) * c_, dst + lo * c_);
                    std::fill(dst + hi * c_, dst + run, 0.0f);
                }
            }
    }
}

void Conv2D::col2im(const MatMap& dp, MatMap& dx, Index b0, Index b1) const {
    const Index rows_per_sample = h_.out * w_.out, run = kw_ * c_;
    for (Index b = b0; b < b1; ++b) {
        float* img = dx.row(b).data();
        std::fill(img, img + dx.cols(), 0.0f);
        for (Index oh = 0; oh < h_.out; ++oh)
            for (Index ow = 0; ow < w_.out; ++ow) {
                const float* src = dp.row((b - b0) * rows_per_sample + oh * w_.out + ow).data();
                const Index iw0 = ow * stride_ - w_.pad;
                const auto [lo, hi] = window_columns(iw0);
                for (Index dy = 0; dy < kh_; ++dy, src += run) {
                    const Index ih = oh * stride_ - h_.pad + dy;
                    if (ih < 0 || ih >= h_.in) continue;
                    float* d = img + (ih * w_.in + iw0 + lo) * c_;
                    const float* g = src + lo * c_;
                    for (Index k = 0, n = (hi - lo) * c_; k < n; ++k) d[k] += g[k];
                }
            }
    }
}

Index Conv2D::chunk_samples() const {
    if (winograd_) return wino_.chunk_samples();
    return std::max<Index>(1, kChunkFloats / std::max<Index>(1, h_.out * w_.out * patch_));
}

// Each part works through its samples a chunk at a time: the chunk's patches, product, bias and activation
// while they are in cache. The activation (element by element: conv2d refuses softmax) overwrites z, the
// layer's output and its backward's f(z).
const MatMap& Conv2D::forward(const MatMap& x, bool, Rng&) {
    const Index per_sample = h_.out * w_.out, out = per_sample * filters_, chunk = chunk_samples();
    auto& z = z_.reshape(x.rows() * per_sample, filters_);  // one row per output position: NHWC
    if (winograd_) wino_.begin_forward(p_.w, x.rows());
    parallel_parts(x.rows(), [&](int part, Index b0, Index b1) {
        for (Index c0 = b0; c0 < b1; c0 += chunk) {
            const Index c1 = std::min(b1, c0 + chunk), rows = (c1 - c0) * per_sample;
            MatMap zc(z.row(c0 * per_sample).data(), rows, filters_);
            if (winograd_) {
                wino_.forward(x, zc, part, c0, c1);
            } else {
                auto& p = scratch_[static_cast<std::size_t>(part)].patches.reshape(rows, patch_);
                im2col(x, p, c0, c1);
                zc.noalias() = p * p_.w;
            }
            if (use_bias_) zc.rowwise() += p_.b;
            if (act_ != Activation::linear) activate(act_, zc, zc);
        }
    });
    return z_.reshape(x.rows(), out);  // the same numbers, one row per sample
}

// One hand-off for the whole backward: each part takes whole samples, a chunk at a time: their activation
// gradient, their patches again (cheaper than keeping a batch's; Winograd keeps its smaller tiles from the
// forward), their share of the kernel and bias
// gradients and their input gradient. The shares are then added in part order, so the sum is the same for
// any thread count.
const MatMap& Conv2D::backward(const MatMap& x, const MatMap& dy, bool need_dx) {
    const Index per_sample = h_.out * w_.out, chunk = chunk_samples();
    const bool linear = act_ == Activation::linear;
    const float* y = z_().data();
    const Index share = winograd_ ? wino_.share_rows() : patch_;  // of the kernel gradient (Winograd's: of dU)
    auto& dw_parts = dw_parts_.reshape(kParts * share, filters_);
    auto& db_parts = db_parts_.reshape(use_bias_ ? kParts : 0, filters_);
    auto& dx = dx_.reshape(x.rows(), x.cols());
    parallel_parts(x.rows(), [&](int part, Index b0, Index b1) {
        Scratch& s = scratch_[static_cast<std::size_t>(part)];
        auto dw = dw_parts.middleRows(part * share, share);
        dw.setZero();
        if (use_bias_) db_parts.row(part).setZero();
        for (Index c0 = b0; c0 < b1; c0 += chunk) {
            const Index c1 = std::min(b1, c0 + chunk), r0 = c0 * per_sample, rows = (c1 - c0) * per_sample;
            float* dz_rows = linear ? const_cast<float*>(dy.data()) + r0 * filters_ : s.dz.reshape(rows, filters_).data();
            MatMap dzc(dz_rows, rows, filters_);
            if (!linear) {
                const MatMap yc(const_cast<float*>(y) + r0 * filters_, rows, filters_);
                const MatMap dyc(const_cast<float*>(dy.data()) + r0 * filters_, rows, filters_);
                activation_backward(act_, yc, dyc, dzc);
            }
            if (use_bias_) db_parts.row(part) += dzc.colwise().sum();
            if (winograd_) {
                wino_.backward(dzc, need_dx ? &dx : nullptr, dw.data(), part, c0, c1);
                continue;
            }
            auto& p = s.patches.reshape(rows, patch_);
            im2col(x, p, c0, c1);
            dw.noalias() += p.transpose() * dzc;
            if (need_dx) {
                auto& dp = s.dpatches.reshape(rows, patch_);
                dp.noalias() = dzc * p_.w.transpose();
                col2im(dp, dx, c0, c1);
            }
        }
    });
    if (winograd_) {
        auto& du = du_.reshape(share, filters_);
        sum_parts(dw_parts, share, du);
        wino_.kernel_gradient(du, p_.dw);
    } else {
        sum_parts(dw_parts, patch_, p_.dw);
    }
    if (reg_.active()) reg_.add_gradient(p_.w, p_.dw);
    if (use_bias_) sum_parts(db_parts, 1, p_.db);
    return dx;
}

json Conv2D::config() const {
    json c{{"type", "conv2d"}, {"filters", filters_}, {"kernel_size", {kh_, kw_}}, {"strides", stride_},
           {"padding", same_ ? "same" : "valid"}, {"activation", to_string(act_)}, {"use_bias", use_bias_},
           {"kernel_initializer", init_.config()}};
    if (reg_.active()) c["kernel_regularizer"] = reg_.config();
    return c;
}

std::unique_ptr<Layer> Pooling2D::from_config(const json& cfg, const std::string& where, bool max) {
    Fields f(cfg, where, {"type", "pool_size", "strides", "padding", "name"});
    const Index pool = pair_field(f, "pool_size", 2, true).first;
    const Index stride = f.has("strides") ? pair_field(f, "strides", pool, true).first : pool;  // Keras: strides = pool
    const bool same = f.choice("padding", "valid", kPaddings) == "same";
    return std::make_unique<Pooling2D>(max, pool, stride, same);
}

Shape Pooling2D::build(const Shape& input) {
    image_input(input, type());
    h_ = Axis::make(input[0], pool_, stride_, same_);
    w_ = Axis::make(input[1], pool_, stride_, same_);
    c_ = input[2];
    return {h_.out, w_.out, c_};
}

const MatMap& Pooling2D::forward(const MatMap& x, bool, Rng&) {
    auto& y = y_.reshape(x.rows(), h_.out * w_.out * c_);
    parallel_for(x.rows(), [&](Index b0, Index b1) { pool_rows(x, y, b0, b1); });
    return y;
}

// The in-bounds window of output (oh, ow): input rows [h0, h1) and columns [w0, w1).
Pooling2D::Window Pooling2D::window(Index oh, Index ow) const {
    return {std::max<Index>(oh * stride_ - h_.pad, 0), std::min(oh * stride_ - h_.pad + pool_, h_.in),
            std::max<Index>(ow * stride_ - w_.pad, 0), std::min(ow * stride_ - w_.pad + pool_, w_.in)};
}

void Pooling2D::pool_rows(const MatMap& x, MatMap& y, Index b0, Index b1) const {
    for (Index b = b0; b < b1; ++b) {
        const float* img = x.row(b).data();
        for (Index oh = 0; oh < h_.out; ++oh)
            for (Index ow = 0; ow < w_.out; ++ow) {
                // Channels are contiguous in NHWC: the inner loops run over them, window pixel by pixel.
                float* dst = y.row(b).data() + (oh * w_.out + ow) * c_;
                const Window win = window(oh, ow);
                std::fill(dst, dst + c_, max_ ? -std::numeric_limits<float>::infinity() : 0.0f);
                for (Index ih = win.h0; ih < win.h1; ++ih)
                    for (Index iw = win.w0; iw < win.w1; ++iw) {
                        const float* src = img + (ih * w_.in + iw) * c_;  // padding never wins a max nor joins an average
                        if (max_)  // a select, not a branch: the loop vectorises (NaN never wins)
                            for (Index c = 0; c < c_; ++c) dst[c] = src[c] > dst[c] ? src[c] : dst[c];
                        else
                            for (Index c = 0; c < c_; ++c) dst[c] += src[c];
                    }
                if (!max_) {
                    const auto count = static_cast<float>((win.h1 - win.h0) * (win.w1 - win.w0));
                    for (Index c = 0; c < c_; ++c) dst[c] /= count;
                }
            }
    }
}

const MatMap& Pooling2D::backward(const MatMap& x, const MatMap& dy, bool need_dx) {
    auto& dx = dx_.reshape(x.rows(), x.cols());
    if (!need_dx) return dx;
    parallel_for(x.rows(), [&](Index b0, Index b1) { unpool_rows(x, dy, dx, b0, b1); });
    return dx;
}

// A max's gradient goes to the first input in the window equal to it (the first of tied maxima, as
// TensorFlow), found again here rather than kept from the forward; a window of NaNs sends it to its first
// input. An average's is shared evenly.
void Pooling2D::unpool_rows(const MatMap& x, const MatMap& dy, MatMap& dx, Index b0, Index b1) const {
    std::vector<float> unrouted(static_cast<std::size_t>(c_));
    for (Index b = b0; b < b1; ++b) {
        float* d = dx.row(b).data();
        std::fill(d, d + dx.cols(), 0.0f);
        const float *img = x.row(b).data(), *y = y_().row(b).data(), *g = dy.row(b).data();
        for (Index oh = 0; oh < h_.out; ++oh)
            for (Index ow = 0; ow < w_.out; ++ow) {
                const Index o = (oh * w_.out + ow) * c_;
                const Window win = window(oh, ow);
                if (!max_) {
                    const float share = 1.0f / static_cast<float>((win.h1 - win.h0) * (win.w1 - win.w0));
                    for (Index ih = win.h0; ih < win.h1; ++ih)
                        for (Index iw = win.w0; iw < win.w1; ++iw) {
                            float* di = d + (ih * w_.in + iw) * c_;
                            for (Index c = 0; c < c_; ++c) di[c] += g[o + c] * share;
                        }
                    continue;
                }
                // left[c]: channel c's gradient not yet routed; selects, not branches, so the loop vectorises
                float* left = unrouted.data();
                std::copy_n(g + o, c_, left);
                for (Index ih = win.h0; ih < win.h1; ++ih)
                    for (Index iw = win.w0; iw < win.w1; ++iw) {
                        float* di = d + (ih * w_.in + iw) * c_;
                        const float *xi = img + (ih * w_.in + iw) * c_, *yo = y + o;
                        for (Index c = 0; c < c_; ++c) {  // everything loaded first, or GCC keeps a branch
                            const float l = left[c], xv = xi[c], yv = yo[c], dv = di[c];
                            const float add = xv == yv ? l : 0.0f, keep = xv == yv ? 0.0f : l;
                            di[c] = dv + add;
                            left[c] = keep;
                        }
                    }
                float* first = d + (win.h0 * w_.in + win.w0) * c_;
                for (Index c = 0; c < c_; ++c) first[c] += left[c];
            }
    }
}

json Pooling2D::config() const {
    return {{"type", type()}, {"pool_size", pool_}, {"strides", stride_}, {"padding", same_ ? "same" : "valid"}};
}

}  // namespace nnplay
