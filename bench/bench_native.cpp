// Native benchmark of one preset: training samples/s over a fixed number of batches after a warm-up,
// the step's GFLOP/s, and the GEMM peak at the MLP's main shape to read that against.
// Usage: nnplay_bench PRESET BATCHES FLAVOUR. Prints a table and a final JSON line.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "files.hpp"
#include "nnplay/train/session.hpp"
#include "nnplay/train/throughput.hpp"

using namespace nnplay;

namespace {
std::string read_text(const std::string& path) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}
}  // namespace

int main(int argc, char** argv) {
    const std::string preset = argc > 1 ? argv[1] : "mnist-mlp";
    const int batches = argc > 2 ? std::atoi(argv[2]) : 844;
    const std::string flavour = argc > 3 ? argv[3] : "native";
    const int warmup = 20;
    try {
        Spec spec = parse_spec(read_text(std::string(NNPLAY_SOURCE_DIR) + "/presets/" + preset + ".json"));
        spec.train.epochs = 1000;  // never the limit: the run stops after warm-up + batches
        auto data = cli::load_spec_data(spec);
        Session session(spec);
        session.prepare(std::move(data.first), std::move(data.second));
        Trainer& trainer = session.trainer();
        trainer.run(warmup);
        const auto t0 = std::chrono::steady_clock::now();
        trainer.run(batches);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

        const Index batch = spec.train.batch_size;
        const double sps = static_cast<double>(batches * batch) / seconds;
        const double epoch = seconds / batches * trainer.batches_per_epoch();
        const double step_gflops = step_flops(session.model(), batch) * batches / seconds / 1e9;
        const double peak = gemm_gflops(64, 784, 128, 200);
        std::printf("%-30s %s, %s\n", "preset, flavour", preset.c_str(), flavour.c_str());
        std::printf("%-30s %.0f (%d batches of %lld)\n", "training samples/s", sps, batches, static_cast<long long>(batch));
        std::printf("%-30s %.3f s (%d batches)\n", "epoch", epoch, trainer.batches_per_epoch());
        std::printf("%-30s %.2f ms, %.1f GFLOP/s = %.0f%% of the GEMM peak (%.1f GFLOP/s)\n", "training step",
                    seconds / batches * 1e3, step_gflops, 100 * step_gflops / peak, peak);
        std::printf("{\"preset\":\"%s\",\"flavour\":\"%s\",\"samples_per_second\":%.1f,\"epoch_seconds\":%.4f,"
                    "\"step_gflops\":%.2f,\"gemm_gflops\":%.2f,\"share_of_gemm_peak\":%.3f}\n",
                    preset.c_str(), flavour.c_str(), sps, epoch, step_gflops, peak, step_gflops / peak);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "nnplay_bench: %s\n", e.what());
        return 1;
    }
}
