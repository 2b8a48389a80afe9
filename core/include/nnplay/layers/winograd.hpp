// Winograd's F(2x2, 3x3) (Lavin and Gray, 2016) for a 3x3, stride-1 convolution on NHWC samples: each 2x2
// block of outputs (a tile) comes from the 4x4 block of inputs around it in 16 products per channel pair
// instead of 36. Transformed, the tiles of some samples form 16 matrices V_e (tiles x C), the kernel 16
// matrices U_e (C x filters), and the convolution is the 16 GEMMs M_e = V_e U_e, transformed back.
// The backward runs the same steps transposed, so its gradients are exactly those of this computation.
#pragma once
#include <array>

#include "nnplay/layers/axis.hpp"
#include "nnplay/parallel.hpp"
#include "nnplay/tensor.hpp"

namespace nnplay {

class Winograd {
public:
    // Whether it pays for this layer: 3x3, stride 1, enough channels that the 16 products are proper GEMMs,
    // and enough of the tiles' outputs inside the output (a 3x3 output would compute 4x4).
    static bool pays(const Axis& h, const Axis& w, Index channels, Index kh, Index kw, Index stride);

    void build(const Axis& h, const Axis& w, Index channels, Index filters);
    // Samples per chunk: a part's V and M of about kChunkFloats (a fixed size: the same sums on any machine).
    Index chunk_samples() const;

    // Before the parts' forward of a batch: U from the kernel (KH*KW*C x filters, im2col's row order), and
    // room for the batch's V.
    void begin_forward(const MatMap& kernel, Index samples);
    // z (OH*OW rows per sample, filters columns) of samples [b0, b1) = their convolution, without bias.
    void forward(const MatMap& x, MatMap& z, int part, Index b0, Index b1);
    // From dz (rows as z's) of samples [b0, b1), with the forward's V: adds their share of dU (share_rows() x
    // filters, at du) and, with dx, writes those samples' input gradients.
    void backward(const MatMap& dz, MatMap* dx, float* du, int part, Index b0, Index b1);
    Index share_rows() const { return 16 * c_; }
    // The kernel gradient (KH*KW*C x filters) from dU, the parts' shares added.
    void kernel_gradient(const MatMap& du, MatMap& dkernel);

private:
    static constexpr Index kChunkFloats = 128 * 1024;
    struct Scratch {
        Floats m, tile, tmp;  // M_e then dM_e; one tile; a transform's middle step
    };
    void input_tiles(const MatMap& x, Scratch& s, Index b0, Index b1);
    float* chunk_v(Index b0);  // the V_e of the chunk from sample b0 on: chunks are consecutive samples
    bool whole_tile(Index th, Index tw) const;  // all four of its outputs inside the output

    Axis h_{}, w_{};
    Index c_ = 0, f_ = 0, tiles_h_ = 0, tiles_w_ = 0;
    Floats u_, tmp_;  // U, 16 x C x filters
    Floats v_;        // the batch's V_e, chunk after chunk (then dV_e, in the backward)
    std::array<Scratch, kParts> scratch_;
};

}  // namespace nnplay
