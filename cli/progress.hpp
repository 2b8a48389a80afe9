// The CLI's Keras-style progress: a live bar on a terminal, one line per epoch otherwise.
#pragma once
#include <chrono>
#include <cstdio>

#include "nnplay/train/trainer.hpp"

namespace nnplay::cli {

class Progress {
public:
    Progress(std::FILE* out, bool live, int epochs, Index samples_per_epoch)
        : out_(out), live_(live), epochs_(epochs), samples_(samples_per_epoch) {}
    void batch(const BatchLog& log);
    void epoch(const EpochLog& log, int batches);

private:
    std::FILE* out_;
    bool live_;
    int epochs_;
    Index samples_;
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace nnplay::cli
