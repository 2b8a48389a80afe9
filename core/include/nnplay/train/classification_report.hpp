// Per-class precision, recall and F1 with their macro averages and the balanced accuracy, from a
// confusion matrix; and for binary tasks the ROC curve of the positive class's scores with its AUC.
// Where a ratio has nothing to divide by (a class never predicted, or absent from the data) it is 0,
// as scikit-learn's zero_division=0; `support` and `predicted` say when that happened.
#pragma once
#include <optional>
#include <span>
#include <vector>

#include "nnplay/io/fields.hpp"
#include "nnplay/tensor.hpp"

namespace nnplay {

struct ClassScores {
    Index support = 0;    // samples of this class (the confusion row's sum)
    Index predicted = 0;  // predictions of this class (the column's sum)
    Index correct = 0;    // the diagonal
    double precision = 0, recall = 0, f1 = 0;
};

struct ClassificationReport {
    std::vector<ClassScores> classes;
    double accuracy = 0;
    // Mean recall over the classes present in the data (scikit-learn's balanced_accuracy_score).
    double balanced_accuracy = 0;
    // Unweighted means over the classes that occur in the data or in the predictions.
    double macro_precision = 0, macro_recall = 0, macro_f1 = 0;
    json to_json() const;
};

// `confusion[t][p]`: samples of true class t predicted as p (square). Throws on a ragged matrix.
ClassificationReport classification_report(const std::vector<std::vector<Index>>& confusion);

struct RocPoint {
    double threshold;  // "positive" means score >= threshold; +infinity for the first point (0, 0)
    double fpr, tpr;   // false and true positive rates there
    double precision;  // tp / (tp + fp), 1 at the first point where nothing is predicted positive
};

struct RocCurve {
    std::vector<RocPoint> points;  // one per distinct score, from (0, 0) to (1, 1)
    Index positives = 0, negatives = 0;
    std::optional<double> auc;  // none unless both classes occur
    json to_json() const;
};

// Scores of the positive class and 0/1 labels. Tied scores make one point, so the trapezoids count a
// tied positive-negative pair as half right: the AUC equals the Mann-Whitney statistic.
RocCurve roc_curve(std::span<const float> scores, std::span<const int> labels);

}  // namespace nnplay
