#include "nnplay/train/augmentation.hpp"

#include <cmath>

#include "nnplay/error.hpp"

namespace nnplay {

namespace {
constexpr double kPi = 3.14159265358979323846;

// sin and cos from + - * / only (libm's may round differently in glibc and in the wasm build's musl):
// the angle is at most half a turn, reduced to [-pi/4, pi/4] where 12 Taylor terms are exact to double.
void portable_sincos(double a, double& s, double& c) {
    const double quarter = std::nearbyint(a / (kPi / 2));
    const double r = a - quarter * (kPi / 2);
    double sn = 0, cs = 0, term_s = r, term_c = 1;
    for (int k = 0; k < 12; ++k) {
        sn += term_s;
        cs += term_c;
        term_s *= -r * r / ((2 * k + 2) * (2 * k + 3));
        term_c *= -r * r / ((2 * k + 1) * (2 * k + 2));
    }
    switch ((static_cast<long long>(quarter) % 4 + 4) % 4) {
        case 0: s = sn, c = cs; break;
        case 1: s = cs, c = -sn; break;
        case 2: s = -sn, c = -cs; break;
        default: s = -cs, c = sn; break;
    }
}

// Keras' fill modes on a whole-pixel index; -1 means "use fill_value".
Index fill_index(Index i, Index n, char mode) {
    if (i >= 0 && i < n) return i;
    if (mode == 'c') return -1;
    if (mode == 'n') return i < 0 ? 0 : n - 1;
    const Index period = 2 * n;  // reflect: d c b a | a b c d | d c b a
    Index m = i % period;
    if (m < 0) m += period;
    return m < n ? m : period - 1 - m;
}

double factor(const Fields& f, const char* key, double hi) { return f.number(key, 0.0, 0.0, hi); }
}  // namespace

Augmentation Augmentation::from_json(const json& j, const std::string& where) {
    Fields f(j, where, {"shift", "rotation", "zoom", "flip", "fill_mode", "fill_value"});
    Augmentation a;
    if (f.has("shift") && f.raw("shift").is_array()) {
        const json& s = f.raw("shift");
        if (s.size() != 2 || !s[0].is_number() || !s[1].is_number())
            throw Error("spec.wrong_type", f.path("shift") + ": expected a number or [height, width] factors");
        const json pair{{"height", s[0]}, {"width", s[1]}};
        Fields p(pair, f.path("shift"), {"height", "width"});
        a.shift_height = factor(p, "height", 1.0), a.shift_width = factor(p, "width", 1.0);
    } else {
        a.shift_height = a.shift_width = factor(f, "shift", 1.0);
    }
    a.rotation = factor(f, "rotation", 0.5);
    a.zoom = factor(f, "zoom", 0.9);
    const std::string flip = f.choice("flip", "none", {"none", "horizontal", "vertical", "horizontal_and_vertical"});
    a.flip_horizontal = flip == "horizontal" || flip == "horizontal_and_vertical";
    a.flip_vertical = flip == "vertical" || flip == "horizontal_and_vertical";
    a.fill_mode = f.choice("fill_mode", "reflect", {"reflect", "constant", "nearest"});
    a.fill_value = static_cast<float>(f.number("fill_value", 0.0, -1e30, 1e30));
    return a;
}

json Augmentation::config() const {
    json j{{"shift", {shift_height, shift_width}}, {"rotation", rotation}, {"zoom", zoom}, {"fill_mode", fill_mode},
           {"fill_value", fill_value}};
    j["flip"] = flip_horizontal && flip_vertical ? "horizontal_and_vertical"
                : flip_horizontal                ? "horizontal"
                : flip_vertical                  ? "vertical"
                                                 : "none";
    return j;
}

Augmenter::Augmenter(Augmentation a, const Shape& shape) : a_(std::move(a)) {
    if (shape.size() != 3) {
        std::string s;
        for (auto d : shape) s += (s.empty() ? "" : ", ") + std::to_string(d);
        throw Error("data.unsuitable", "augmentation: shifts, rotations, zooms and flips need images [height, width, channels]; the data's "
                    "samples have shape [" + s + "]; remove the augmentation section for this data");
    }
    h_ = shape[0], w_ = shape[1], c_ = shape[2];
    scratch_.resize(static_cast<std::size_t>(h_ * w_ * c_));
}

AugmentDraw Augmenter::draw(Rng& rng) const {
    AugmentDraw d;
    if (a_.flip_horizontal) d.flip_h = rng.uniform() < 0.5f;
    if (a_.flip_vertical) d.flip_v = rng.uniform() < 0.5f;
    if (a_.shift_height > 0) d.dy = rng.uniform(-1.0f, 1.0f) * a_.shift_height * static_cast<double>(h_);
    if (a_.shift_width > 0) d.dx = rng.uniform(-1.0f, 1.0f) * a_.shift_width * static_cast<double>(w_);
    if (a_.rotation > 0) d.angle = rng.uniform(-1.0f, 1.0f) * a_.rotation * 2 * kPi;
    if (a_.zoom > 0) d.scale = 1 + rng.uniform(-1.0f, 1.0f) * a_.zoom;
    return d;
}

float Augmenter::sample(const float* src, double y, double x, Index c) const {
    const char mode = a_.fill_mode[0];
    const double fy = std::floor(y), fx = std::floor(x);
    const double ty = y - fy, tx = x - fx;
    const Index y0 = static_cast<Index>(fy), x0 = static_cast<Index>(fx);
    double v = 0;
    for (int oy = 0; oy < 2; ++oy)
        for (int ox = 0; ox < 2; ++ox) {
            const double wgt = (oy ? ty : 1 - ty) * (ox ? tx : 1 - tx);
            if (wgt == 0) continue;
            const Index yi = fill_index(y0 + oy, h_, mode), xi = fill_index(x0 + ox, w_, mode);
            v += wgt * (yi < 0 || xi < 0 ? a_.fill_value : src[(yi * w_ + xi) * c_ + c]);
        }
    return static_cast<float>(v);
}

// Output pixel (y, x) reads the source at: flip(shift^-1(rotate(zoom(p)))) about the centre, which is
// Keras' order (flip, translation, rotation, zoom) of layers, with one interpolation instead of four.
void Augmenter::transform(const float* src, float* dst, const AugmentDraw& d) const {
    double s, c;
    portable_sincos(d.angle, s, c);
    const double cy = static_cast<double>(h_ - 1) / 2, cx = static_cast<double>(w_ - 1) / 2;
    for (Index y = 0; y < h_; ++y)
        for (Index x = 0; x < w_; ++x) {
            const double zy = (static_cast<double>(y) - cy) * d.scale, zx = (static_cast<double>(x) - cx) * d.scale;
            // Keras' rotation matrix [cos -sin; sin cos] on (x, y), which turns the content counter-clockwise.
            double rx = c * zx - s * zy, ry = s * zx + c * zy;
            rx -= d.dx, ry -= d.dy;
            if (d.flip_h) rx = -rx;
            if (d.flip_v) ry = -ry;
            for (Index ch = 0; ch < c_; ++ch) dst[(y * w_ + x) * c_ + ch] = sample(src, ry + cy, rx + cx, ch);
        }
}

void Augmenter::apply(MatMap& x, Rng& rng) {
    for (Index r = 0; r < x.rows(); ++r) {
        const AugmentDraw d = draw(rng);
        float* row = x.data() + r * x.cols();  // row-major: one image per row
        std::copy(row, row + x.cols(), scratch_.begin());
        transform(scratch_.data(), row, d);
    }
}

Dataset augmented_copy(const Dataset& data, const Augmentation& a, std::uint64_t seed) {
    Dataset out = data;
    Augmenter aug(a, data.shape);
    Rng rng(seed);
    MatMap x(out.x.data(), out.x.rows(), out.x.cols());
    aug.apply(x, rng);
    return out;
}

}  // namespace nnplay
