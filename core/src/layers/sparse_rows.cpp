#include "nnplay/layers/sparse_rows.hpp"

#include <cstring>
#include <numeric>

#include "nnplay/parallel.hpp"

namespace nnplay {

namespace {
// GCC and Clang vector extensions: 4 lanes in the portable builds (SSE natively, simd128 in wasm, the same
// lane arithmetic in both); the widest registers in the build for this CPU (-march=native).
#if defined(__AVX512F__)
constexpr int kLanes = 16;
#elif defined(__AVX__)
constexpr int kLanes = 8;
#else
constexpr int kLanes = 4;
#endif
using Lanes = float __attribute__((vector_size(kLanes * sizeof(float))));

Lanes load(const float* p) {
    Lanes v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
void store(float* p, Lanes v) { std::memcpy(p, &v, sizeof v); }
Lanes splat(float a) { return Lanes{} + a; }

template <class T>
void grow(std::vector<T>& v, std::size_t n) {
    if (v.size() < n) v.resize(n);
}

// dst[0:n_cols] = sum over k of val[k] * src[idx[k] * ld : + n_cols], the terms added in k order.
// Eight vectors of columns at a time in eight accumulators (with one broadcast they fit x86's 16 vector
// registers), then one vector at a time, then single columns.
void combine_rows(const std::int32_t* idx, const float* val, std::int32_t n, const float* src, Index ld, float* dst,
                  Index n_cols) {
    constexpr Index L = kLanes;
    Index c = 0;
    for (; c + 8 * L <= n_cols; c += 8 * L) {
        Lanes a0{}, a1{}, a2{}, a3{}, a4{}, a5{}, a6{}, a7{};
        for (std::int32_t k = 0; k < n; ++k) {
            const Lanes v = splat(val[k]);
            const float* s = src + idx[k] * ld + c;
            a0 += v * load(s), a1 += v * load(s + L), a2 += v * load(s + 2 * L), a3 += v * load(s + 3 * L);
            a4 += v * load(s + 4 * L), a5 += v * load(s + 5 * L), a6 += v * load(s + 6 * L), a7 += v * load(s + 7 * L);
        }
        store(dst + c, a0), store(dst + c + L, a1), store(dst + c + 2 * L, a2), store(dst + c + 3 * L, a3);
        store(dst + c + 4 * L, a4), store(dst + c + 5 * L, a5), store(dst + c + 6 * L, a6), store(dst + c + 7 * L, a7);
    }
    for (; c + L <= n_cols; c += L) {
        Lanes a{};
        for (std::int32_t k = 0; k < n; ++k) a += splat(val[k]) * load(src + idx[k] * ld + c);
        store(dst + c, a);
    }
    for (; c < n_cols; ++c) {
        float a = 0;
        for (std::int32_t k = 0; k < n; ++k) a += val[k] * src[idx[k] * ld + c];
        dst[c] = a;
    }
}
}  // namespace

// In two passes over the rows, each split in the pool's parts: the first counts each row's nonzeros and
// each part's per column, the second writes every entry where those counts put it. A column's entries are
// then by part and, within a part, by row: in increasing row order, whatever threads ran the parts.
bool SparseRows::compress(const MatMap& x, double max_density) {
    const Index rows = x.rows(), cols = x.cols();
    grow(row_start_, static_cast<std::size_t>(rows + 1));
    grow(part_next_, static_cast<std::size_t>(kParts * cols));
    parallel_parts(rows, [&](int part, Index r0, Index r1) {
        std::int32_t* count = part_next_.data() + part * cols;
        std::fill(count, count + cols, 0);
        for (Index i = r0; i < r1; ++i) {
            const float* v = x.row(i).data();
            std::int32_t n = 0;
            for (Index j = 0; j < cols; ++j) {
                const std::int32_t nonzero = v[j] != 0.0f;
                n += nonzero, count[j] += nonzero;
            }
            row_start_[i + 1] = n;
        }
    });
    row_start_[0] = 0;
    std::partial_sum(row_start_.begin(), row_start_.begin() + rows + 1, row_start_.begin());
    const auto nnz = static_cast<std::size_t>(row_start_[rows]);
    if (static_cast<double>(nnz) > max_density * static_cast<double>(x.size())) return false;
    rows_ = rows, cols_ = cols;

    // Column j's entries start at col_start_[j], part 0's first; each part's count becomes its next slot.
    grow(col_start_, static_cast<std::size_t>(cols + 1));
    std::int32_t at = 0;
    for (Index j = 0; j < cols; ++j) {
        col_start_[j] = at;
        for (int part = 0; part < kParts; ++part) {
            std::int32_t& slot = part_next_[part * cols + j];
            const std::int32_t count = slot;
            slot = at, at += count;
        }
    }
    col_start_[cols] = at;
    grow(row_col_, nnz), grow(row_val_, nnz), grow(col_row_, nnz), grow(col_val_, nnz);
    parallel_parts(rows, [&](int part, Index r0, Index r1) {
        std::int32_t* next = part_next_.data() + part * cols;
        for (Index i = r0; i < r1; ++i) {
            const float* v = x.row(i).data();
            for (std::int32_t j = 0, k = row_start_[i]; j < cols; ++j) {
                if (v[j] == 0.0f) continue;
                row_col_[k] = j, row_val_[k] = v[j], ++k;
                const auto c = next[j]++;
                col_row_[c] = static_cast<std::int32_t>(i), col_val_[c] = v[j];
            }
        }
    });
    return true;
}

void SparseRows::times(const MatMap& w, MatMap& z, Index r0, Index r1) const {
    for (Index i = r0; i < r1; ++i) {
        const auto b = row_start_[i];
        combine_rows(&row_col_[b], &row_val_[b], row_start_[i + 1] - b, w.data(), w.cols(), z.data() + i * z.cols(),
                     z.cols());
    }
}

void SparseRows::transposed_times(const MatMap& dz, MatMap& dw, Index r0, Index r1) const {
    for (Index p = r0; p < r1; ++p) {
        const auto b = col_start_[p];
        combine_rows(&col_row_[b], &col_val_[b], col_start_[p + 1] - b, dz.data(), dz.cols(), dw.data() + p * dw.cols(),
                     dw.cols());
    }
}

}  // namespace nnplay
