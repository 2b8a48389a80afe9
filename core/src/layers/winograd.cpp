#include "nnplay/layers/winograd.hpp"

#include <algorithm>

namespace nnplay {

namespace {
// The transforms, and the transposes the backward runs. Their entries are 0, +-1 and +-1/2, so each
// product in them is exact and the sums are taken in the same order on every build.
constexpr float kBt[4][4] = {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};  // inputs
constexpr float kB[4][4] = {{1, 0, 0, 0}, {0, 1, -1, 1}, {-1, 1, 1, 0}, {0, 0, 0, -1}};
constexpr float kG[4][3] = {{1, 0, 0}, {0.5f, 0.5f, 0.5f}, {0.5f, -0.5f, 0.5f}, {0, 0, 1}};  // the kernel
constexpr float kGt[3][4] = {{1, 0.5f, 0.5f, 0}, {0, 0.5f, -0.5f, 0}, {0, 0.5f, 0.5f, 1}};
constexpr float kAt[2][4] = {{1, 1, 1, 0}, {0, 1, -1, -1}};  // outputs
constexpr float kA[4][2] = {{1, 0}, {1, 1}, {1, -1}, {0, -1}};

// A grid of vectors of n floats: element (i, j) at at + i * row + j * col.
struct Grid {
    const float* at;
    Index row, col;
};

// dst_o = sum over i of t[o][i] src_i for the Out vectors dst_o: one pass per output, over t's nonzero entries
// (at most 3 in every row of these transforms).
template <int Out, int In>
void axis(const float (&t)[Out][In], const float* const (&src)[In], float* const (&dst)[Out], Index n) {
    for (int o = 0; o < Out; ++o) {
        float k[3] = {};
        const float* s[3] = {};
        int nz = 0;
        for (int i = 0; i < In; ++i)
            if (t[o][i] != 0) k[nz] = t[o][i], s[nz++] = src[i];
        float* d = dst[o];
        if (nz == 1) for (Index c = 0; c < n; ++c) d[c] = k[0] * s[0][c];
        if (nz == 2) for (Index c = 0; c < n; ++c) d[c] = k[0] * s[0][c] + k[1] * s[1][c];
        if (nz == 3) for (Index c = 0; c < n; ++c) d[c] = k[0] * s[0][c] + k[1] * s[1][c] + k[2] * s[2][c];
    }
}

// out = T x T' on an In x In grid of vectors of n floats, into an Out x Out grid; tmp holds Out x In vectors.
template <int Out, int In>
void transform(const float (&t)[Out][In], Grid x, float* out, Index out_row, Index out_col, float* tmp, Index n) {
    for (int j = 0; j < In; ++j) {  // down each column, into tmp's column j
        const float* src[In];
        float* dst[Out];
        for (int i = 0; i < In; ++i) src[i] = x.at + i * x.row + j * x.col;
        for (int o = 0; o < Out; ++o) dst[o] = tmp + (o * In + j) * n;
        axis(t, src, dst, n);
    }
    for (int i = 0; i < Out; ++i) {  // along each of tmp's rows
        const float* src[In];
        float* dst[Out];
        for (int j = 0; j < In; ++j) src[j] = tmp + (i * In + j) * n;
        for (int o = 0; o < Out; ++o) dst[o] = out + i * out_row + o * out_col;
        axis(t, src, dst, n);
    }
}

Index tiles(const Axis& a) { return (a.out + 1) / 2; }
}  // namespace

bool Winograd::pays(const Axis& h, const Axis& w, Index channels, Index kh, Index kw, Index stride) {
    if (kh != 3 || kw != 3 || stride != 1 || channels < 16) return false;
    return 4 * h.out * w.out >= 3 * 4 * tiles(h) * tiles(w);  // at least 3/4 of the tiles' outputs are real
}

void Winograd::build(const Axis& h, const Axis& w, Index channels, Index filters) {
    h_ = h, w_ = w, c_ = channels, f_ = filters;
    tiles_h_ = tiles(h), tiles_w_ = tiles(w);
}

Index Winograd::chunk_samples() const {
    return std::max<Index>(1, kChunkFloats / (16 * tiles_h_ * tiles_w_ * (c_ + f_)));
}

void Winograd::begin_forward(const MatMap& kernel, Index samples) {
    const Index n = c_ * f_;  // the kernel's rows (dy, dx, c) make a 3x3 grid of C x filters blocks
    u_.resize(static_cast<std::size_t>(16 * n));
    tmp_.resize(static_cast<std::size_t>(12 * n));
    transform(kG, Grid{kernel.data(), 3 * n, n}, u_.data(), 4 * n, n, tmp_.data(), n);
    v_.resize(static_cast<std::size_t>(16 * samples * tiles_h_ * tiles_w_ * c_));
}

float* Winograd::chunk_v(Index b0) { return v_.data() + 16 * b0 * tiles_h_ * tiles_w_ * c_; }

// V_e for the tiles of samples [b0, b1): each tile's 4x4 inputs, transformed; read in place inside the image,
// gathered with zeros at its edges.
void Winograd::input_tiles(const MatMap& x, Scratch& s, Index b0, Index b1) {
    const Index per_sample = tiles_h_ * tiles_w_, tiles = (b1 - b0) * per_sample;
    float* v = chunk_v(b0);
    s.tile.resize(static_cast<std::size_t>(16 * std::max(c_, f_)));
    s.tmp.resize(static_cast<std::size_t>(16 * std::max(c_, f_)));
    for (Index b = b0; b < b1; ++b) {
        const float* img = x.row(b).data();
        for (Index th = 0; th < tiles_h_; ++th)
            for (Index tw = 0; tw < tiles_w_; ++tw) {
                const Index t = (b - b0) * per_sample + th * tiles_w_ + tw, ih0 = 2 * th - h_.pad, iw0 = 2 * tw - w_.pad;
                Grid in{s.tile.data(), 4 * c_, c_};
                if (ih0 >= 0 && ih0 + 4 <= h_.in && iw0 >= 0 && iw0 + 4 <= w_.in) {
                    in = Grid{img + (ih0 * w_.in + iw0) * c_, w_.in * c_, c_};
                } else {
                    for (Index i = 0; i < 4; ++i)
                        for (Index j = 0; j < 4; ++j) {
                            float* d = s.tile.data() + (i * 4 + j) * c_;
                            const Index ih = ih0 + i, iw = iw0 + j;
                            if (ih < 0 || ih >= h_.in || iw < 0 || iw >= w_.in) std::fill(d, d + c_, 0.0f);
                            else std::copy_n(img + (ih * w_.in + iw) * c_, c_, d);
                        }
                }
                transform(kBt, in, v + t * c_, 4 * tiles * c_, tiles * c_, s.tmp.data(), c_);
            }
    }
}

bool Winograd::whole_tile(Index th, Index tw) const { return 2 * th + 2 <= h_.out && 2 * tw + 2 <= w_.out; }

void Winograd::forward(const MatMap& x, MatMap& z, int part, Index b0, Index b1) {
    Scratch& s = scratch_[static_cast<std::size_t>(part)];
    const Index per_sample = tiles_h_ * tiles_w_, tiles = (b1 - b0) * per_sample, positions = h_.out * w_.out;
    input_tiles(x, s, b0, b1);
    s.m.resize(static_cast<std::size_t>(16 * tiles * f_));
    for (Index e = 0; e < 16; ++e) {
        MatMap m(s.m.data() + e * tiles * f_, tiles, f_);
        m.noalias() = CMatMap(chunk_v(b0) + e * tiles * c_, tiles, c_) * CMatMap(u_.data() + e * c_ * f_, c_, f_);
    }
    for (Index b = b0; b < b1; ++b)
        for (Index th = 0; th < tiles_h_; ++th)
            for (Index tw = 0; tw < tiles_w_; ++tw) {
                const Index t = (b - b0) * per_sample + th * tiles_w_ + tw;
                const Grid m{s.m.data() + t * f_, 4 * tiles * f_, tiles * f_};
                float* corner = z.row((b - b0) * positions + 2 * th * w_.out + 2 * tw).data();
                if (whole_tile(th, tw)) {  // straight into z
                    transform(kAt, m, corner, w_.out * f_, f_, s.tmp.data(), f_);
                    continue;
                }
                transform(kAt, m, s.tile.data(), 2 * f_, f_, s.tmp.data(), f_);
                for (Index i = 0; i < 2 && 2 * th + i < h_.out; ++i)
                    for (Index j = 0; j < 2 && 2 * tw + j < w_.out; ++j)
                        std::copy_n(s.tile.data() + (i * 2 + j) * f_, f_, corner + (i * w_.out + j) * f_);
            }
}

void Winograd::clear_share(int part) {
    Floats& du = scratch_[static_cast<std::size_t>(part)].du;
    du.assign(static_cast<std::size_t>(16 * c_ * f_), 0.0f);
}

void Winograd::backward(const MatMap& dz, MatMap* dx, int part, Index b0, Index b1) {
    Scratch& s = scratch_[static_cast<std::size_t>(part)];
    const Index per_sample = tiles_h_ * tiles_w_, tiles = (b1 - b0) * per_sample, positions = h_.out * w_.out;
    float* v_chunk = chunk_v(b0);  // V_e from the forward
    s.m.resize(static_cast<std::size_t>(16 * tiles * f_));
    for (Index b = b0; b < b1; ++b)  // dM_e: each tile's 2x2 output gradients (zero past the output), transformed
        for (Index th = 0; th < tiles_h_; ++th)
            for (Index tw = 0; tw < tiles_w_; ++tw) {
                const Index t = (b - b0) * per_sample + th * tiles_w_ + tw;
                const float* corner = dz.row((b - b0) * positions + 2 * th * w_.out + 2 * tw).data();
                Grid g{corner, w_.out * f_, f_};
                if (!whole_tile(th, tw)) {
                    for (Index i = 0; i < 2; ++i)
                        for (Index j = 0; j < 2; ++j) {
                            float* d = s.tile.data() + (i * 2 + j) * f_;
                            if (2 * th + i >= h_.out || 2 * tw + j >= w_.out) std::fill(d, d + f_, 0.0f);
                            else std::copy_n(corner + (i * w_.out + j) * f_, f_, d);
                        }
                    g = Grid{s.tile.data(), 2 * f_, f_};
                }
                transform(kA, g, s.m.data() + t * f_, 4 * tiles * f_, tiles * f_, s.tmp.data(), f_);
            }
    for (Index e = 0; e < 16; ++e) {
        const CMatMap dm(s.m.data() + e * tiles * f_, tiles, f_);
        MatMap v(v_chunk + e * tiles * c_, tiles, c_);
        MatMap(s.du.data() + e * c_ * f_, c_, f_).noalias() += v.transpose() * dm;
        if (dx) v.noalias() = dm * CMatMap(u_.data() + e * c_ * f_, c_, f_).transpose();  // dV_e in V_e's place
    }
    if (!dx) return;
    for (Index b = b0; b < b1; ++b) {
        float* img = dx->row(b).data();
        std::fill(img, img + dx->cols(), 0.0f);
        for (Index th = 0; th < tiles_h_; ++th)
            for (Index tw = 0; tw < tiles_w_; ++tw) {
                const Index t = (b - b0) * per_sample + th * tiles_w_ + tw, ih0 = 2 * th - h_.pad, iw0 = 2 * tw - w_.pad;
                transform(kB, Grid{v_chunk + t * c_, 4 * tiles * c_, tiles * c_}, s.tile.data(), 4 * c_, c_, s.tmp.data(), c_);
                for (Index i = 0; i < 4; ++i)
                    for (Index j = 0; j < 4; ++j) {  // tiles overlap by two pixels: their gradients add up
                        const Index ih = ih0 + i, iw = iw0 + j;
                        if (ih < 0 || ih >= h_.in || iw < 0 || iw >= w_.in) continue;
                        float* d = img + (ih * w_.in + iw) * c_;
                        const float* g = s.tile.data() + (i * 4 + j) * c_;
                        for (Index c = 0; c < c_; ++c) d[c] += g[c];
                    }
            }
    }
}

void Winograd::kernel_gradient(MatMap& dkernel) {
    const Index n = c_ * f_;
    Floats& du = scratch_[0].du;  // the parts' shares, added into part 0's in part order
    for (int p = 1; p < kParts; ++p) {
        const Floats& other = scratch_[static_cast<std::size_t>(p)].du;
        for (Index i = 0; i < 16 * n; ++i) du[static_cast<std::size_t>(i)] += other[static_cast<std::size_t>(i)];
    }
    transform(kGt, Grid{du.data(), 4 * n, n}, dkernel.data(), 3 * n, n, tmp_.data(), n);
}

}  // namespace nnplay
