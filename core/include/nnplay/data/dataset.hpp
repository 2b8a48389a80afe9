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

// Keeps the first `n` rows (lessons train on small subsets).
void keep_head(Dataset& ds, Index n);


}  // namespace nnplay
