#include "nnplay/train/throughput.hpp"

#include <algorithm>
#include <chrono>

namespace nnplay {

double gemm_gflops(Index m, Index k, Index n, int reps) {
    using Clock = std::chrono::steady_clock;
    const Mat a = Mat::Random(m, k), b = Mat::Random(k, n);
    Mat c(m, n);
    double best = 1e30, checksum = 0;
    for (int r = 0; r < reps; ++r) {
        const auto t0 = Clock::now();
        c.noalias() = a * b;
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
        checksum += c(0, 0);  // keeps the product observable
    }
    return checksum == 1e30 ? 0.0 : 2.0 * static_cast<double>(m * k * n) / best / 1e9;
}

double step_flops(Model& model, Index batch) {
    double flops = 0;
    bool first = true;
    for (std::size_t i = 0; i < model.layer_count(); ++i) {
        const Shape& out = model.output_shape(i);
        const double positions = out.size() == 3 ? static_cast<double>(out[0] * out[1]) : 1.0;  // a conv's output pixels
        for (const auto& p : model.layer(i).param_shapes())
            if (p.name == "kernel") {
                flops += 2.0 * static_cast<double>(batch * p.rows * p.cols) * positions * (first ? 2 : 3);
                first = false;
            }
    }
    return flops;
}

}  // namespace nnplay
