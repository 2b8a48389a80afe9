#include "nnplay/layers/winograd.hpp"

#include <algorithm>

namespace nnplay {

namespace {
// The transforms along one axis of a tile, and the transposes the backward runs: Out vectors of n floats from
// In, in one pass. Their entries are 0, +-1 and +-1/2, so the products in them are exact.
//   inputs  B' = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]
//   kernel  G  = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]
//   outputs A' = [1 1 1 0; 0 1 -1 -1]
// The vectors never overlap (hence __restrict, which lets the loops vectorise).
struct Bt {
    static constexpr int in = 4, out = 4;
    static void axis(const float* __restrict s0, const float* __restrict s1, const float* __restrict s2, const float* __restrict s3,
                     float* __restrict d0, float* __restrict d1, float* __restrict d2, float* __restrict d3, Index n) {
        for (Index c = 0; c < n; ++c) d0[c] = s0[c] - s2[c], d1[c] = s1[c] + s2[c], d2[c] = s2[c] - s1[c], d3[c] = s1[c] - s3[c];
    }
};
struct B {
    static constexpr int in = 4, out = 4;
    static void axis(const float* __restrict s0, const float* __restrict s1, const float* __restrict s2, const float* __restrict s3,
                     float* __restrict d0, float* __restrict d1, float* __restrict d2, float* __restrict d3, Index n) {
        for (Index c = 0; c < n; ++c)
            d0[c] = s0[c], d1[c] = s1[c] - s2[c] + s3[c], d2[c] = s1[c] + s2[c] - s0[c], d3[c] = -s3[c];
    }
};
struct G {
    static constexpr int in = 3, out = 4;
    static void axis(const float* __restrict s0, const float* __restrict s1, const float* __restrict s2, const float*,
                     float* __restrict d0, float* __restrict d1, float* __restrict d2, float* __restrict d3, Index n) {
        for (Index c = 0; c < n; ++c)
            d0[c] = s0[c], d1[c] = 0.5f * (s0[c] + s1[c] + s2[c]), d2[c] = 0.5f * (s0[c] - s1[c] + s2[c]), d3[c] = s2[c];
    }
};
struct Gt {
    static constexpr int in = 4, out = 3;
    static void axis(const float* __restrict s0, const float* __restrict s1, const float* __restrict s2, const float* __restrict s3,
                     float* __restrict d0, float* __restrict d1, float* __restrict d2, float*, Index n) {
        for (Index c = 0; c < n; ++c)
            d0[c] = s0[c] + 0.5f * (s1[c] + s2[c]), d1[c] = 0.5f * (s1[c] - s2[c]), d2[c] = 0.5f * (s1[c] + s2[c]) + s3[c];
    }
};
struct At {
    static constexpr int in = 4, out = 2;
    static void axis(const float* __restrict s0, const float* __restrict s1, const float* __restrict s2, const float* __restrict s3,
                     float* __restrict d0, float* __restrict d1, float*, float*, Index n) {
        for (Index c = 0; c < n; ++c) d0[c] = s0[c] + s1[c] + s2[c], d1[c] = s1[c] - s2[c] - s3[c];
    }
};
struct A {
    static constexpr int in = 2, out = 4;
    static void axis(const float* __restrict s0, const float* __restrict s1, const float*, const float*,
                     float* __restrict d0, float* __restrict d1, float* __restrict d2, float* __restrict d3, Index n) {
        for (Index c = 0; c < n; ++c) d0[c] = s0[c], d1[c] = s0[c] + s1[c], d2[c] = s0[c] - s1[c], d3[c] = -s1[c];
    }
};

// A grid of vectors of n floats: element (i, j) at at + i * row + j * col.
struct Grid {
    const float* at;
    Index row, col;
};

// out = T x T' on an In x In grid of vectors of n floats, into an Out x Out grid; tmp holds Out x In vectors.
template <class T>
void transform(Grid x, float* out, Index out_row, Index out_col, float* tmp, Index n) {
    constexpr int in = T::in, o = T::out;
    auto apply = [&](auto src, auto dst) {  // unused slots (fewer than 4) are never read or written
        T::axis(src(0), src(std::min(1, in - 1)), src(std::min(2, in - 1)), src(std::min(3, in - 1)), dst(0), dst(1),
                dst(std::min(2, o - 1)), dst(std::min(3, o - 1)), n);
    };
    for (int j = 0; j < in; ++j)  // down each column, into tmp's column j
        apply([&](int i) { return x.at + i * x.row + j * x.col; }, [&](int k) { return tmp + (k * in + j) * n; });
    for (int i = 0; i < o; ++i)  // along each of tmp's rows
        apply([&](int j) { return static_cast<const float*>(tmp + (i * in + j) * n); },
              [&](int k) { return out + i * out_row + k * out_col; });
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
    transform<G>(Grid{kernel.data(), 3 * n, n}, u_.data(), 4 * n, n, tmp_.data(), n);
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
                transform<Bt>(in, v + t * c_, 4 * tiles * c_, tiles * c_, s.tmp.data(), c_);
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
                    transform<At>(m, corner, w_.out * f_, f_, s.tmp.data(), f_);
                    continue;
                }
                transform<At>(m, s.tile.data(), 2 * f_, f_, s.tmp.data(), f_);
                for (Index i = 0; i < 2 && 2 * th + i < h_.out; ++i)
                    for (Index j = 0; j < 2 && 2 * tw + j < w_.out; ++j)
                        std::copy_n(s.tile.data() + (i * 2 + j) * f_, f_, corner + (i * w_.out + j) * f_);
            }
}

void Winograd::backward(const MatMap& dz, MatMap* dx, float* du, int part, Index b0, Index b1) {
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
                transform<A>(g, s.m.data() + t * f_, 4 * tiles * f_, tiles * f_, s.tmp.data(), f_);
            }
    for (Index e = 0; e < 16; ++e) {
        const CMatMap dm(s.m.data() + e * tiles * f_, tiles, f_);
        MatMap v(v_chunk + e * tiles * c_, tiles, c_);
        MatMap(du + e * c_ * f_, c_, f_).noalias() += v.transpose() * dm;
        if (dx) v.noalias() = dm * CMatMap(u_.data() + e * c_ * f_, c_, f_).transpose();  // dV_e in V_e's place
    }
    if (!dx) return;
    for (Index b = b0; b < b1; ++b) {
        float* img = dx->row(b).data();
        std::fill(img, img + dx->cols(), 0.0f);
        for (Index th = 0; th < tiles_h_; ++th)
            for (Index tw = 0; tw < tiles_w_; ++tw) {
                const Index t = (b - b0) * per_sample + th * tiles_w_ + tw, ih0 = 2 * th - h_.pad, iw0 = 2 * tw - w_.pad;
                transform<B>(Grid{v_chunk + t * c_, 4 * tiles * c_, tiles * c_}, s.tile.data(), 4 * c_, c_, s.tmp.data(), c_);
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

void Winograd::kernel_gradient(const MatMap& du, MatMap& dkernel) {
    const Index n = c_ * f_;
    transform<Gt>(Grid{du.data(), 4 * n, n}, dkernel.data(), 3 * n, n, tmp_.data(), n);
}

}  // namespace nnplay
