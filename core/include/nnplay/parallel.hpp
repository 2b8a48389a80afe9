// Work split over a small persistent thread pool. The split is fixed (kParts parts, whatever the number
// of threads), so a threaded and a serial build compute every number the same way, bit for bit.
#pragma once
#include <functional>

#include "nnplay/tensor.hpp"

namespace nnplay {

inline constexpr int kParts = 2;

// Calls fn(begin, end) for kParts consecutive ranges covering [0, n); in parallel when the build has
// threads (NNPLAY_THREADS), one after the other otherwise. Returns when all are done.
void parallel_for(Index n, const std::function<void(Index begin, Index end)>& fn);

// Threads working (1 in a serial build).
int worker_threads();

}  // namespace nnplay
