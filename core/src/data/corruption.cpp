#include "nnplay/data/corruption.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "nnplay/error.hpp"

namespace nnplay {

namespace {
// Each corruption's own stream of one seed, so adding one does not move the others' choices.
constexpr std::uint64_t kFlipStream = 0xf11bULL, kSkewStream = 0x5ce3ULL, kRemoveStream = 0x6a95ULL;

std::size_t share_of(std::size_t n, double share) {
    return static_cast<std::size_t>(std::llround(static_cast<double>(n) * share));
}
}  // namespace

Corruption Corruption::from_json(const json& j, const std::string& where) {
    Fields f(j, where, {"label_noise", "missing_values", "class_skew"});
    Corruption c;
    c.label_noise = f.number("label_noise", 0.0, 0.0, 1.0);
    c.missing_values = f.number("missing_values", 0.0, 0.0, 1.0);
    if (f.has("class_skew")) {
        Fields s(f.raw("class_skew"), f.path("class_skew"), {"class", "ratio"});
        c.skew_class = static_cast<int>(s.integer("class", 0, 999));
        c.skew_ratio = s.number("ratio", 1.0, 1000.0);
    }
    return c;
}

json Corruption::config() const {
    json j = json::object();
    if (label_noise > 0) j["label_noise"] = label_noise;
    if (missing_values > 0) j["missing_values"] = missing_values;
    if (skew_class >= 0) j["class_skew"] = {{"class", skew_class}, {"ratio", skew_ratio}};
    return j;
}

std::vector<std::size_t> choose_k(std::size_t n, std::size_t k, Rng& rng) {
    std::vector<std::size_t> out;
    out.reserve(std::min(n, k));
    for (std::size_t i = 0; i < n && out.size() < k; ++i)
        if (rng.below(n - i) < k - out.size()) out.push_back(i);
    return out;
}

std::vector<Index> flip_labels(Dataset& data, double share, Index classes, std::uint64_t seed) {
    if (classes < 2) throw Error("data.unsuitable", "data.corruption.label_noise: flipping labels needs two or more classes");
    Rng rng(seed ^ kFlipStream);
    std::vector<Index> changed;
    for (const std::size_t r : choose_k(static_cast<std::size_t>(data.size()), share_of(static_cast<std::size_t>(data.size()), share), rng)) {
        const Index row = static_cast<Index>(r);
        const auto truth = static_cast<Index>(data.y(row, 0));
        auto other = static_cast<Index>(rng.below(static_cast<std::uint64_t>(classes - 1)));
        if (other >= truth) ++other;  // any class but the true one, each as likely
        data.y(row, 0) = static_cast<float>(other);
        changed.push_back(row);
    }
    return changed;
}

std::vector<Index> skew_classes(Dataset& data, Index classes, int rare, double ratio, std::uint64_t seed) {
    if (rare >= classes)
        throw Error("spec.out_of_range", "data.corruption.class_skew.class: " + std::to_string(rare) + " is not a class; the data has " +
                    std::to_string(classes) + " (0 to " + std::to_string(classes - 1) + ")");
    std::vector<std::vector<Index>> rows(static_cast<std::size_t>(classes));
    for (Index r = 0; r < data.size(); ++r) rows[static_cast<std::size_t>(data.y(r, 0))].push_back(r);
    const auto k = static_cast<std::size_t>(rare);
    std::size_t largest = 0;
    for (std::size_t c = 0; c < rows.size(); ++c)
        if (c != k) largest = std::max(largest, rows[c].size());
    std::vector<std::size_t> keep(rows.size());
    keep[k] = std::min(rows[k].size(), std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(static_cast<double>(largest) / ratio))));
    for (std::size_t c = 0; c < rows.size(); ++c)
        if (c != k) keep[c] = std::min(rows[c].size(), static_cast<std::size_t>(std::llround(ratio * static_cast<double>(keep[k]))));
    Rng rng(seed ^ kSkewStream);
    std::vector<Index> kept, counts;
    for (std::size_t c = 0; c < rows.size(); ++c) {
        for (const std::size_t i : choose_k(rows[c].size(), keep[c], rng)) kept.push_back(rows[c][i]);
        counts.push_back(static_cast<Index>(keep[c]));
    }
    std::sort(kept.begin(), kept.end());
    data = select_rows(data, kept);
    return counts;
}

RemovedValues remove_values(RawTable& t, std::span<const std::size_t> rows, std::span<const std::size_t> columns, double share,
                            std::uint64_t seed) {
    const std::size_t cells = rows.size() * columns.size();
    Rng rng(seed ^ kRemoveStream);
    RemovedValues out;
    // Cell i is row i / columns, column i % columns: the chosen cells come row by row.
    for (const std::size_t i : choose_k(cells, share_of(cells, share), rng)) {
        const std::size_t row = rows[i / columns.size()];
        RawColumn& col = t.columns[columns[i % columns.size()]];
        if (col.is_missing(row)) continue;  // already a gap: nothing to remove
        if (col.numeric) {
            col.values[row] = std::numeric_limits<float>::quiet_NaN();
        } else {
            if (col.codes.empty()) throw Error("data.corruption.missing_values: column '" + col.name + "' has too many distinct texts");
            --col.counts[col.codes[row]];
            col.codes[row] = kMissingCode;
        }
        ++col.missing;
        ++out.cells;
        if (out.rows.empty() || out.rows.back() != row) out.rows.push_back(row);
    }
    return out;
}

}  // namespace nnplay
