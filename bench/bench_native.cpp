// Native benchmark of one preset: training samples/s over a fixed number of batches after a warm-up,
// the step's GFLOP/s, and the GEMM peak at the MLP's main shape to read that against.
// Usage: nnplay_bench PRESET BATCHES FLAVOUR [--threads N] (default: the cores, at most 8). Prints a table
// and a final JSON line.
// nnplay_bench csv-report FILE: the data report of a CSV (read, typed, planned; what `nnplay inspect` and
// the page do), the best of 3 runs, and the peak memory with the file's text over the file's size.
#include <sys/resource.h>

// nnplay_bench images [COUNT] [FLAVOUR]: COUNT (5,000) 64x64 colour images, half PNG and half JPEG, made in
// memory, decoded and resized to 28x28 grayscale: images/s (the image-folder path of the CLI and the page).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "../tests/support/image_writer.hpp"
#include "files.hpp"
#include "nnplay/data/columns.hpp"
#include "nnplay/data/images.hpp"
#include "nnplay/error.hpp"
#include "nnplay/parallel.hpp"
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
// The model's convolution layers alone, forward and backward on a batch of random inputs: GFLOP/s of their
// products (with the im2col or Winograd transforms, bias and activation around them), per thread, counted as
// direct convolutions (direct-equivalent for the layers Winograd's transform computes in fewer).
double conv_gflops_per_thread(Model& model, Index batch) {
    using Clock = std::chrono::steady_clock;
    Rng rng(1);
    double flops = 0, seconds = 0;
    for (std::size_t i = 0; i < model.layer_count(); ++i) {
        Layer& layer = model.layer(i);
        if (layer.type() != "conv2d") continue;
        const Shape in = i == 0 ? model.input_shape() : model.output_shape(i - 1), out = model.output_shape(i);
        Mat x = Mat::Random(batch, shape_size(in)).cwiseAbs(), dy = Mat::Random(batch, shape_size(out));
        const MatMap xm(x.data(), x.rows(), x.cols()), dym(dy.data(), dy.rows(), dy.cols());
        const auto kernel = layer.param_shapes().front();
        flops += 2.0 * static_cast<double>(batch * out[0] * out[1] * kernel.rows * kernel.cols) * (i == 0 ? 2 : 3);
        double best = 1e30;
        for (int rep = 0; rep < 10; ++rep) {
            const auto t0 = Clock::now();
            layer.forward(xm, true, rng);
            layer.backward(xm, dym, i > 0);
            best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
        }
        seconds += best;
    }
    return flops == 0 ? 0.0 : flops / seconds / 1e9 / threads();
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
    if (argc > 2 && std::string(argv[1]) == "csv-report") try {
        return csv_report(argv[2]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "nnplay_bench: %s\n", e.what());
        return 1;
    }
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
        if (argc > 5 && std::string(argv[4]) == "--threads") set_threads(std::atoi(argv[5]));
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
        std::printf("%-30s %s, %s, %d thread(s)\n", "preset, flavour", preset.c_str(), flavour.c_str(), threads());
        std::printf("%-30s %.0f (%d batches of %lld)\n", "training samples/s", sps, batches, static_cast<long long>(batch));
        std::printf("%-30s %.3f s (%d batches)\n", "epoch", epoch, trainer.batches_per_epoch());
        std::printf("%-30s %.2f ms, %.1f GFLOP/s = %.0f%% of the GEMM peak (%.1f GFLOP/s)\n", "training step",
                    seconds / batches * 1e3, step_gflops, 100 * step_gflops / peak, peak);
        const double conv = conv_gflops_per_thread(session.model(), batch);
        if (conv > 0)
            std::printf("%-30s %.1f GFLOP/s per thread = %.0f%% of the GEMM peak (direct-equivalent)\n", "convolution layers", conv, 100 * conv / peak);
        std::printf("{\"preset\":\"%s\",\"flavour\":\"%s\",\"threads\":%d,\"samples_per_second\":%.1f,\"epoch_seconds\":%.4f,"
                    "\"step_gflops\":%.2f,\"gemm_gflops\":%.2f,\"share_of_gemm_peak\":%.3f,"
                    "\"conv_gflops_per_thread\":%.2f,\"conv_share_of_gemm_peak\":%.3f}\n",
                    preset.c_str(), flavour.c_str(), threads(), sps, epoch, step_gflops, peak, step_gflops / peak, conv,
                    conv / peak);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "nnplay_bench: %s\n", e.what());
        return 1;
    }
}
