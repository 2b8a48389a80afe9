// Seeded corruptions of data, to see what bad data does to a model (the data-quality lesson). The spec's
//   "data": {"corruption": {"label_noise": 0.2, "missing_values": 0.1, "class_skew": {"class": 1, "ratio": 9}}}
// - label_noise: exactly round(share x rows) training rows get another class, drawn uniformly from the others;
// - missing_values: exactly round(share x cells) of the training rows' values in the used feature columns are
//   blanked (CSV tables), then imputed or their rows dropped as data.missing says;
// - class_skew: `class` is cut to 1/ratio of the largest other class (and a class over ratio x its rows is cut
//   too), in all the data before the splits: a skewed collection is skewed in its test set as well.
// Label noise and missing values touch the training split only, so validation and test scores measure what
// they did to the model. Every choice comes from the seed, each corruption from its own stream.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "nnplay/data/csv.hpp"
#include "nnplay/data/dataset.hpp"
#include "nnplay/io/fields.hpp"
#include "nnplay/random.hpp"

namespace nnplay {

struct Corruption {
    double label_noise = 0;     // share of the training labels flipped
    double missing_values = 0;  // share of the training values blanked
    int skew_class = -1;        // the class made rare (-1: no skew)
    double skew_ratio = 1;      // the largest other class : skew_class

    bool active() const { return label_noise > 0 || missing_values > 0 || skew_class >= 0; }
    static Corruption from_json(const json& j, const std::string& where);
    json config() const;
};

// `k` of the indices [0, n), ascending, chosen by `rng` (Knuth's selection sampling: exactly k, O(1) memory).
std::vector<std::size_t> choose_k(std::size_t n, std::size_t k, Rng& rng);

// Gives exactly round(share x rows) rows of `data` (y: class indices below `classes`) another class, drawn
// uniformly from the other classes. Returns the rows changed, ascending.
std::vector<Index> flip_labels(Dataset& data, double share, Index classes, std::uint64_t seed);

// Cuts class `rare` to max(1, round(M / ratio)) rows (M: the largest other class; never more than it has),
// then every other class to at most round(ratio x that); the rows kept are chosen by `seed` and stay in
// order. Returns each class's rows afterwards.
std::vector<Index> skew_classes(Dataset& data, Index classes, int rare, double ratio, std::uint64_t seed);

struct RemovedValues {
    std::size_t cells = 0;          // values blanked
    std::vector<std::size_t> rows;  // the rows that lost one or more, ascending
};
// Blanks exactly round(share x rows x columns) of the cells of `rows` in `columns` of `t` (numbers become
// NaN, text a missing code), chosen by `seed`.
RemovedValues remove_values(RawTable& t, std::span<const std::size_t> rows, std::span<const std::size_t> columns, double share,
                            std::uint64_t seed);

}  // namespace nnplay
