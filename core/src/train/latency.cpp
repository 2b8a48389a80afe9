#include "nnplay/train/latency.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include "nnplay/error.hpp"

namespace nnplay {

namespace {
using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }
}  // namespace

json Latency::to_json() const {
    return {{"batch1_median_ms", batch1_median_ms}, {"batch1_p95_ms", batch1_p95_ms}, {"batch1_runs", batch1_runs},
            {"batch256_samples_per_second", batch256_samples_per_second}, {"batch256_rows", batch256_rows}};
}

Latency measure_latency(Model& model, const Mat& x, Index runs, Index min_rows) {
    if (x.rows() == 0) throw Error("latency: no rows to time");
    Latency l;
    model.predict(x.topRows(1), 1);  // warm-up: the buffers for batch 1 are allocated once
    std::vector<double> times;
    for (Index i = 0; i < runs; ++i) {
        const Mat row = x.row(i % x.rows());
        const auto t0 = Clock::now();
        model.predict(row, 1);
        times.push_back(ms_since(t0));
    }
    std::sort(times.begin(), times.end());
    l.batch1_runs = runs;
    l.batch1_median_ms = times[times.size() / 2];
    l.batch1_p95_ms = times[std::min(times.size() - 1, static_cast<std::size_t>(0.95 * static_cast<double>(times.size())))];
    const Mat batch = x.topRows(std::min<Index>(x.rows(), 256));
    model.predict(batch, 256);
    const auto t0 = Clock::now();
    Index rows = 0;
    while (rows < min_rows) {
        model.predict(batch, 256);
        rows += batch.rows();
    }
    l.batch256_rows = rows;
    l.batch256_samples_per_second = static_cast<double>(rows) / (ms_since(t0) / 1000.0);
    return l;
}

}  // namespace nnplay
