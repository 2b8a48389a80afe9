#include "progress.hpp"

#include <string>

namespace nnplay::cli {

namespace {
std::string bar(int done, int total, int width = 30) {
    const int fill = total > 0 ? done * width / total : width;
    std::string b(static_cast<std::size_t>(fill), '=');
    if (fill < width) b += '>' + std::string(static_cast<std::size_t>(width - fill - 1), '.');
    return "[" + b + "]";
}

std::string rate(double sps) {
    char buf[32];
    if (sps >= 1000) std::snprintf(buf, sizeof buf, "%.1fk", sps / 1000);
    else std::snprintf(buf, sizeof buf, "%.0f", sps);
    return buf;
}
}  // namespace

void Progress::batch(const BatchLog& log) {
    if (!live_) return;
    const auto now = std::chrono::steady_clock::now();
    if (log.batch + 1 < log.batches && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double remaining = static_cast<double>(epochs_ - log.epoch) * static_cast<double>(samples_) -
                             static_cast<double>(log.batch + 1) / log.batches * static_cast<double>(samples_);
    const double eta = log.samples_per_second > 0 ? remaining / log.samples_per_second : 0;
    std::fprintf(out_, "\rEpoch %d/%d %5d/%d %s loss: %.4f", log.epoch + 1, epochs_, log.batch + 1, log.batches,
                 bar(log.batch + 1, log.batches).c_str(), log.epoch_loss);
    for (const auto& [name, value] : log.metrics) std::fprintf(out_, " - %s: %.4f", name.c_str(), value);
    std::fprintf(out_, " - %s samples/s - ETA %.0fs   ", rate(log.samples_per_second).c_str(), eta);
    std::fflush(out_);
}

void Progress::epoch(const EpochLog& log, int batches) {
    if (live_) std::fprintf(out_, "\r\033[K");
    std::fprintf(out_, "Epoch %d/%d %d/%d %s %.1fs %s samples/s", log.epoch + 1, epochs_, batches, batches,
                 bar(batches, batches).c_str(), log.seconds,
                 rate(log.seconds > 0 ? static_cast<double>(samples_) / log.seconds : 0).c_str());
    for (const char* key : {"loss", "accuracy", "mse", "mae"})
        if (log.logs.count(key)) std::fprintf(out_, " - %s: %.4f", key, log.logs.at(key));
    for (const auto& [name, value] : log.logs)
        if (name.rfind("val_", 0) == 0) std::fprintf(out_, " - %s: %.4f", name.c_str(), value);
    std::fprintf(out_, "\n");
    std::fflush(out_);
}

}  // namespace nnplay::cli
