// Figures for benchmarks: the GEMM throughput at a shape, and the FLOPs of a training step, so a
// step's speed can be read as a share of what the matrix kernel reaches on the same machine.
#pragma once
#include "nnplay/model/model.hpp"

namespace nnplay {

// Best GFLOP/s of C = A * B (A: m x k, B: k x n, row-major float) over `reps` runs.
double gemm_gflops(Index m, Index k, Index n, int reps);

// FLOPs of one training step at `batch` rows, counting the matrix products of dense and convolution
// layers: the forward product, the weight gradient, and the input gradient for every layer but the first.
// A convolution counts as direct (im2col's products): one computed by Winograd's transform does fewer, so
// a share of the GEMM peak from this count is direct-equivalent and can pass 100%.
double step_flops(Model& model, Index batch);

}  // namespace nnplay
