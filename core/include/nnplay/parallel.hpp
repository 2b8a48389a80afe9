// Work split over a small persistent thread pool. The split is fixed (kParts parts, whatever the number
// of threads), and each part computes its numbers alone, so 1 thread, 8 threads and a build without
// threads give the same bits: a run replays on any machine.
#pragma once
#include <functional>

#include "nnplay/tensor.hpp"

namespace nnplay {

inline constexpr int kParts = 8;
inline constexpr int kMaxThreads = kParts;  // more threads than parts would have nothing to do

// Calls fn(begin, end) for kParts consecutive ranges covering [0, n) (some empty when n < kParts), on
// threads() threads, each taking the next part not yet taken. Returns when all are done; an exception
// thrown by a part reaches the caller.
void parallel_for(Index n, const std::function<void(Index begin, Index end)>& fn);
// The same with each part's number (0 to kParts - 1) first: for partial results that the caller then sums in
// part order, whatever threads computed them.
void parallel_parts(Index n, const std::function<void(int part, Index begin, Index end)>& fn);

// How many threads run the parts: 1 to kMaxThreads, and 1 only in a build without threads (Error otherwise).
void set_threads(int n);
int threads();
// The machine's cores capped at kMaxThreads (1 in a build without threads): what threads() starts at.
int default_threads();

}  // namespace nnplay
