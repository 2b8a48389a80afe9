// In-memory datasets and the splits Keras users expect.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "nnplay/tensor.hpp"

namespace nnplay {

struct Dataset {
    Mat x;             // samples x features (images flattened HWC)
    Mat y;             // samples x 1: class index or target value (encoded per batch, e.g. one-hot)
    Shape shape;       // one sample's shape, e.g. {28, 28, 1}
    std::vector<std::string> features;  // CSV column names (empty for images)
    std::string target;                 // CSV target column name
    std::vector<std::string> class_names;  // classification: the name of each class index, in index order

    Index size() const { return x.rows(); }
};

// Keras' validation_split: the *last* fraction of the rows, taken before any shuffling.
// Returns the held-out tail and shrinks `ds` to the head.
Dataset take_tail(Dataset& ds, double fraction);

// A seeded random split (for data sets without their own test set): returns `fraction` of the rows
// chosen at random and keeps the rest in `ds`, both in their original order.
Dataset take_random(Dataset& ds, double fraction, std::uint64_t seed);

// Fold `fold` of `k` of a seeded shuffle of the rows (scikit-learn's KFold with shuffle): returns that
// fold and keeps the other rows in `ds`, both in their original order. 0 <= fold < k <= size.
Dataset take_fold(Dataset& ds, int k, int fold, std::uint64_t seed);

// The data's class names, or "0" ... "K-1" for labels without names (IDX).
std::vector<std::string> class_names(const Dataset& ds, Index classes);

// The given rows of `ds`, in the order given.
Dataset select_rows(const Dataset& ds, const std::vector<Index>& rows);

// Keeps the first `n` rows (lessons train on small subsets).
void keep_head(Dataset& ds, Index n);


}  // namespace nnplay
