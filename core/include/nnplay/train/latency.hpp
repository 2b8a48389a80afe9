// What a prediction costs: per-sample latency at batch 1 (median, p95) and throughput at batch 256, timed on
// the model's own predict path (preprocessing included), for `nnplay evaluate/predict --json` and benchmarks.
#pragma once
#include "nnplay/model/model.hpp"

namespace nnplay {

struct Latency {
    double batch1_median_ms = 0, batch1_p95_ms = 0;  // one sample at a time
    double batch256_samples_per_second = 0;          // in batches of 256 (fewer rows: all of them, repeated)
    Index batch1_runs = 0, batch256_rows = 0;
    json to_json() const;
};

// Times up to `runs` single rows of `x` (cycling) after a warm-up, then batches of 256 for at least `min_rows` rows.
Latency measure_latency(Model& model, const Mat& x, Index runs = 200, Index min_rows = 2048);

}  // namespace nnplay
