// Batches are row-major float matrices, one sample per row. Image layers read a row as NHWC.
#pragma once
#include <Eigen/Core>
#include <Eigen/StdVector>
#include <cstddef>
#include <new>
#include <vector>

namespace nnplay {

using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatMap = Eigen::Map<Mat>;
using CMatMap = Eigen::Map<const Mat>;
using Vec = Eigen::Matrix<float, 1, Eigen::Dynamic>;  // a row, e.g. a bias
using VecMap = Eigen::Map<Vec>;
using Index = Eigen::Index;

// Storage aligned as Eigen aligns its own matrices. Eigen's vectorised reductions start at the first
// aligned element, so the summation order follows the address: with every buffer aligned alike, wasm
// and native (and threaded and serial builds, whose heaps differ) add in the same order.
using Floats = std::vector<float, Eigen::aligned_allocator<float>>;

// A matrix view over storage that only grows. Reshaping to a size seen before never allocates,
// so the training loop (full batches, a short last batch, larger evaluation batches) stays allocation-free.
class Buffer {
public:
    MatMap& reshape(Index rows, Index cols) {
        const auto need = static_cast<std::size_t>(rows * cols);
        if (need > store_.size()) store_.resize(need);
        new (&view_) MatMap(store_.data(), rows, cols);  // Eigen's documented way to re-seat a Map
        return view_;
    }
    MatMap& operator()() { return view_; }
    const MatMap& operator()() const { return view_; }

private:
    Floats store_;
    MatMap view_{nullptr, 0, 0};
};

// The shape of one sample (without the batch dimension), e.g. {28, 28, 1} or {13}.
using Shape = std::vector<Index>;

inline Index shape_size(const Shape& s) {
    Index n = 1;
    for (auto d : s) n *= d;
    return n;
}

}  // namespace nnplay
