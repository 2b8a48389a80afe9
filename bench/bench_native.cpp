// Native benchmark of one preset: training samples/s over a fixed number of batches after a warm-up,
// the step's GFLOP/s, and the GEMM peak at the MLP's main shape to read that against.
// Usage: nnplay_bench PRESET BATCHES FLAVOUR. Prints a table and a final JSON line.
// nnplay_bench csv-report FILE: the data report of a CSV (read, typed, planned; what `nnplay inspect` and
// the page do), the best of 3 runs, and the peak memory with the file's text over the file's size.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "files.hpp"
#include "nnplay/data/columns.hpp"
#include "nnplay/train/session.hpp"
#include "nnplay/train/throughput.hpp"

using namespace nnplay;

namespace {
// The whole file in one allocation (a stringstream would hold it twice and count in the peak memory).
std::string read_text(const std::string& path) {
    std::ifstream f(path, std::ios::binary | std::ios::ate);
    if (!f) throw std::runtime_error(path + ": cannot be opened");
    std::string s(static_cast<std::size_t>(std::max<std::streamoff>(0, f.tellg())), '\0');
    f.seekg(0);
    f.read(s.data(), static_cast<std::streamsize>(s.size()));
    return s;
}

int csv_report(const std::string& path) {
    const std::string text = read_text(path);
    double best = 1e9;
    json report;
    for (int run = 0; run < 3; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        report = inspect_csv(text, path, "", "");
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double peak = static_cast<double>(usage.ru_maxrss) * 1024, bytes = static_cast<double>(text.size());
    std::printf("%-30s %s: %zu rows x %zu columns, %.1f MB\n", "data report", path.c_str(), report["rows"].get<std::size_t>(),
                report["columns"].size(), bytes / 1e6);
    std::printf("%-30s %.3f s (best of 3), peak memory %.1f MB = %.2fx the file\n", "", best, peak / 1e6, peak / bytes);
    std::printf("{\"bench\":\"csv_report\",\"rows\":%zu,\"columns\":%zu,\"file_bytes\":%.0f,\"seconds\":%.4f,"
                "\"peak_rss_bytes\":%.0f,\"peak_over_file\":%.3f}\n",
                report["rows"].get<std::size_t>(), report["columns"].size(), bytes, best, peak, peak / bytes);
    return 0;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc > 2 && std::string(argv[1]) == "csv-report") try {
        return csv_report(argv[2]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "nnplay_bench: %s\n", e.what());
        return 1;
    }
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
