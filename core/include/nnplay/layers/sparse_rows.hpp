// A batch that is mostly zeros (MNIST's background pixels, one-hot columns, ReLU outputs), kept as its
// nonzeros so a dense layer's two big products skip the zeros instead of multiplying by them.
// Both products add each output's terms in the order of the input's columns (forward) or rows
// (kernel gradient), in vectors without fused multiply-add (4 lanes in every portable build), so native
// and wasm get the same bits.
#pragma once
#include <cstdint>
#include <vector>

#include "nnplay/tensor.hpp"

namespace nnplay {

class SparseRows {
public:
    // Compresses x when at most `max_density` of its entries are nonzero and returns whether it did.
    bool compress(const MatMap& x, double max_density);

    // Rows [r0, r1) of z = x * w for the compressed x.
    void times(const MatMap& w, MatMap& z, Index r0, Index r1) const;
    // Rows [r0, r1) of dw = x^T * dz for the compressed x.
    // Each output row is computed alone, so any split into ranges gives the same bits.
    void transposed_times(const MatMap& dz, MatMap& dw, Index r0, Index r1) const;

private:
    Index rows_ = 0, cols_ = 0;
    // By row (CSR): row i's nonzeros are at [row_start_[i], row_start_[i + 1]) of row_col_/row_val_.
    std::vector<std::int32_t> row_start_, row_col_;
    std::vector<float> row_val_;
    // By column (CSC), for the kernel gradient.
    std::vector<std::int32_t> col_start_, col_row_;
    std::vector<float> col_val_;
    std::vector<std::int32_t> part_next_;  // per part and column: its count, then its next slot in the column
};

}  // namespace nnplay
