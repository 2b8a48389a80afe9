#include "nnplay/train/classification_report.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "nnplay/error.hpp"

namespace nnplay {

namespace {
double ratio(Index a, Index b) { return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0; }
}  // namespace

ClassificationReport classification_report(const std::vector<std::vector<Index>>& confusion) {
    const std::size_t k = confusion.size();
    ClassificationReport r;
    r.classes.resize(k);
    Index total = 0, correct = 0;
    for (std::size_t t = 0; t < k; ++t) {
        if (confusion[t].size() != k) throw Error("classification report: the confusion matrix is not square");
        for (std::size_t p = 0; p < k; ++p) {
            r.classes[t].support += confusion[t][p];
            r.classes[p].predicted += confusion[t][p];
            total += confusion[t][p];
        }
        r.classes[t].correct = confusion[t][t];
        correct += confusion[t][t];
    }
    r.accuracy = ratio(correct, total);
    int present = 0, occurring = 0;
    for (auto& c : r.classes) {
        c.precision = ratio(c.correct, c.predicted);
        c.recall = ratio(c.correct, c.support);
        c.f1 = c.precision + c.recall > 0 ? 2 * c.precision * c.recall / (c.precision + c.recall) : 0.0;
        if (c.support > 0) ++present, r.balanced_accuracy += c.recall;
        if (c.support > 0 || c.predicted > 0)
            ++occurring, r.macro_precision += c.precision, r.macro_recall += c.recall, r.macro_f1 += c.f1;
    }
    if (present) r.balanced_accuracy /= present;
    if (occurring) r.macro_precision /= occurring, r.macro_recall /= occurring, r.macro_f1 /= occurring;
    return r;
}

json ClassificationReport::to_json() const {
    json per_class = json::array();
    for (const auto& c : classes)
        per_class.push_back({{"support", c.support}, {"predicted", c.predicted}, {"precision", c.precision},
                             {"recall", c.recall}, {"f1", c.f1}});
    return {{"per_class", per_class},
            {"accuracy", accuracy},
            {"balanced_accuracy", balanced_accuracy},
            {"macro", {{"precision", macro_precision}, {"recall", macro_recall}, {"f1", macro_f1}}}};
}

RocCurve roc_curve(std::span<const float> scores, std::span<const int> labels) {
    if (scores.size() != labels.size()) throw Error("ROC curve: scores and labels differ in length");
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    RocCurve roc;
    for (int y : labels) (y ? roc.positives : roc.negatives) += 1;
    roc.points.push_back({std::numeric_limits<double>::infinity(), 0.0, 0.0, 1.0});
    Index tp = 0, fp = 0;
    double area = 0;
    for (std::size_t i = 0; i < order.size();) {
        const float s = scores[order[i]];
        for (; i < order.size() && scores[order[i]] == s; ++i) (labels[order[i]] ? tp : fp) += 1;
        const RocPoint& last = roc.points.back();
        const RocPoint next{s, ratio(fp, roc.negatives), ratio(tp, roc.positives), ratio(tp, tp + fp)};
        area += (next.fpr - last.fpr) * (next.tpr + last.tpr) / 2;
        roc.points.push_back(next);
    }
    if (roc.positives && roc.negatives) roc.auc = area;
    return roc;
}

json RocCurve::to_json() const {
    json pts = json::array();
    for (const auto& p : points)
        pts.push_back({{"threshold", std::isinf(p.threshold) ? json(nullptr) : json(p.threshold)},
                       {"fpr", p.fpr},
                       {"tpr", p.tpr},
                       {"precision", p.precision}});
    return {{"points", pts}, {"positives", positives}, {"negatives", negatives}, {"auc", auc ? json(*auc) : json(nullptr)}};
}

}  // namespace nnplay
