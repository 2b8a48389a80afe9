// Native benchmark of one preset: training samples/s over a fixed number of batches after a warm-up,
// the step's GFLOP/s, and the GEMM peak at the MLP's main shape to read that against.
// Usage: nnplay_bench PRESET BATCHES FLAVOUR. Prints a table and a final JSON line.
// nnplay_bench images [COUNT] [FLAVOUR]: COUNT (5,000) 64x64 colour images, half PNG and half JPEG, made in
// memory, decoded and resized to 28x28 grayscale: images/s (the image-folder path of the CLI and the page).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "../tests/support/image_writer.hpp"
#include "files.hpp"
#include "nnplay/data/images.hpp"
#include "nnplay/error.hpp"
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
int bench_images(int count, const std::string& flavour) {
    std::vector<ImageFile> files;
    std::size_t bytes = 0;
    for (int i = 0; i < count; ++i) {
        const auto pixels = test::pattern(64, 64, 3, i);
        const std::string label = "class" + std::to_string(i % 10);
        files.push_back({label, label + "/" + std::to_string(i), i % 2 ? test::jpeg(64, 64, 3, pixels) : test::png(64, 64, 3, pixels)});
        bytes += files.back().bytes.size();
    }
    ImageOptions options;
    options.color = "grayscale", options.height = 28, options.width = 28;
    const auto t0 = std::chrono::steady_clock::now();
    const Dataset ds = dataset_from_images(files, options, "bench", kDefaultMemoryBudget);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (ds.size() != count) throw Error("bench: only " + std::to_string(ds.size()) + " images decoded");
    const double ips = count / seconds;
    std::printf("%-30s images, %s\n", "bench, flavour", flavour.c_str());
    std::printf("%-30s %.0f (%d images of 64x64x3, %.1f MB of PNG and JPEG, to 28x28x1 in %.2f s)\n", "images decoded+resized/s",
                ips, count, bytes / 1e6, seconds);
    std::printf("{\"bench\":\"images\",\"flavour\":\"%s\",\"images\":%d,\"images_per_second\":%.1f,\"seconds\":%.4f}\n",
                flavour.c_str(), count, ips, seconds);
    return 0;
}
}  // namespace

int main(int argc, char** argv) {
    const std::string preset = argc > 1 ? argv[1] : "mnist-mlp";
    if (preset == "images") {
        try {
            return bench_images(argc > 2 ? std::atoi(argv[2]) : 5000, argc > 3 ? argv[3] : "native");
        } catch (const std::exception& e) {
            std::fprintf(stderr, "nnplay_bench: %s\n", e.what());
            return 1;
        }
    }
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
