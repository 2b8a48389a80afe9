// Native benchmark: the seeds' MNIST MLP epoch (54,000 samples, batch 64) and the GEMM peak at its
// shapes, so the training step's GFLOP/s can be read as a share of what the hardware does.
// Prints a table and a final JSON line.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "files.hpp"
#include "nnplay/train/session.hpp"
#include "nnplay/train/throughput.hpp"

using namespace nnplay;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string read_text(const std::string& path) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

}  // namespace

int main(int argc, char** argv) {
    const int epochs = argc > 1 ? std::atoi(argv[1]) : 2;
    const std::string flavour = argc > 2 ? argv[2] : "native";
    Spec spec = parse_spec(read_text(std::string(NNPLAY_SOURCE_DIR) + "/presets/mnist-mlp.json"));
    spec.train.epochs = epochs + 1;  // the first is partly spent on warm-up
    auto data = cli::load_spec_data(spec);
    Session session(spec);
    session.prepare(std::move(data.first), std::move(data.second));
    Trainer& trainer = session.trainer();

    trainer.run(50);  // warm-up: caches, allocator, page faults
    double best_epoch = 1e9;
    int batches = 0;
    for (int e = 0; e < epochs; ++e) {
        // Time whole epochs from a fresh epoch start.
        while (trainer.batch() != 0 && !trainer.finished()) trainer.run(1);
        if (trainer.finished()) break;
        const auto t0 = Clock::now();
        batches = trainer.run(trainer.batches_per_epoch());
        best_epoch = std::min(best_epoch, seconds_since(t0));
    }
    const double samples = static_cast<double>(session.train_data().size());
    const double step_flops = dense_step_flops(session.model(), 64);
    const double step_gflops = step_flops * batches / best_epoch / 1e9;
    const double peak = gemm_gflops(64, 784, 128, 200);
    const double big = gemm_gflops(512, 512, 512, 10);
    const Evaluation test = session.evaluate_test();

    std::printf("%-34s %s\n", "flavour", flavour.c_str());
    std::printf("%-34s %.3f s (%d batches of 64, best of %d)\n", "MLP epoch, 54,000 samples", best_epoch, batches, epochs);
    std::printf("%-34s %.0f\n", "samples/s", samples / best_epoch);
    std::printf("%-34s %.2f ms\n", "training step", best_epoch / batches * 1e3);
    std::printf("%-34s %.1f GFLOP/s (%.0f%% of the GEMM peak below)\n", "training step throughput", step_gflops,
                100 * step_gflops / peak);
    std::printf("%-34s %.1f GFLOP/s\n", "GEMM 64x784 * 784x128", peak);
    std::printf("%-34s %.1f GFLOP/s\n", "GEMM 512^3", big);
    std::printf("%-34s %.4f (after %d epochs)\n", "test accuracy", test.metrics.at("accuracy"), trainer.epoch());
    std::printf("{\"flavour\":\"%s\",\"mlp_epoch_seconds\":%.4f,\"samples_per_second\":%.0f,\"step_gflops\":%.2f,"
                "\"gemm_gflops\":%.2f,\"gemm512_gflops\":%.2f,\"share_of_gemm_peak\":%.3f}\n",
                flavour.c_str(), best_epoch, samples / best_epoch, step_gflops, peak, big, step_gflops / peak);
}
