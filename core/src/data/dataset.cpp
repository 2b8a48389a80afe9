#include "nnplay/data/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "nnplay/random.hpp"

namespace nnplay {

Dataset select_rows(const Dataset& ds, const std::vector<Index>& rows) {
    Dataset out{Mat(static_cast<Index>(rows.size()), ds.x.cols()), Mat(static_cast<Index>(rows.size()), ds.y.cols()),
                ds.shape, ds.features, ds.target, ds.class_names};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        out.x.row(static_cast<Index>(i)) = ds.x.row(rows[i]);
        out.y.row(static_cast<Index>(i)) = ds.y.row(rows[i]);
    }
    return out;
}

std::vector<std::string> class_names(const Dataset& ds, Index classes) {
    if (!ds.class_names.empty()) return ds.class_names;
    std::vector<std::string> names;
    for (Index c = 0; c < classes; ++c) names.push_back(std::to_string(c));
    return names;
}

Dataset take_tail(Dataset& ds, double fraction) {
    const Index n = ds.size();
    // Keras keeps the first floor(n * (1 - fraction)) rows, so a fractional share rounds the held-out part up.
    const auto held = n - static_cast<Index>(std::floor(static_cast<double>(n) * (1.0 - fraction)));
    Dataset out{ds.x.bottomRows(held), ds.y.bottomRows(held), ds.shape, ds.features, ds.target, ds.class_names};
    keep_head(ds, n - held);  // shrinks in place: no second copy of the training rows
    return out;
}

Dataset take_random(Dataset& ds, double fraction, std::uint64_t seed) {
    const Index n = ds.size();
    const auto held = static_cast<std::size_t>(std::llround(static_cast<double>(n) * fraction));
    std::vector<Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Index{0});
    Rng rng(seed ^ 0x7e57ULL);  // its own stream, so the split does not shift the training shuffles
    rng.shuffle(order);
    std::vector<Index> picked(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(held));
    std::vector<Index> rest(order.begin() + static_cast<std::ptrdiff_t>(held), order.end());
    std::sort(picked.begin(), picked.end());
    std::sort(rest.begin(), rest.end());
    Dataset out = select_rows(ds, picked);
    ds = select_rows(ds, rest);
    return out;
}

Dataset take_fold(Dataset& ds, int k, int fold, std::uint64_t seed) {
    const Index n = ds.size();
    std::vector<Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Index{0});
    Rng rng(seed ^ 0xf01dULL);  // the same permutation for every fold of one seed
    rng.shuffle(order);
    // scikit-learn's KFold sizes: the first n % k folds hold one row more.
    const Index base = n / k, extra = n % k;
    const Index start = fold * base + std::min<Index>(fold, extra), size = base + (fold < extra ? 1 : 0);
    std::vector<Index> held(order.begin() + start, order.begin() + start + size), rest;
    rest.reserve(order.size() - held.size());
    rest.insert(rest.end(), order.begin(), order.begin() + start);
    rest.insert(rest.end(), order.begin() + start + size, order.end());
    std::sort(held.begin(), held.end());
    std::sort(rest.begin(), rest.end());
    Dataset out = select_rows(ds, held);
    ds = select_rows(ds, rest);
    return out;
}

void keep_head(Dataset& ds, Index n) {
    if (n >= ds.size()) return;
    ds.x.conservativeResize(n, Eigen::NoChange);
    ds.y.conservativeResize(n, Eigen::NoChange);
}

}  // namespace nnplay
