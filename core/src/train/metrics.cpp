#include "nnplay/train/metrics.hpp"

#include "nnplay/error.hpp"
#include "nnplay/io/fields.hpp"

namespace nnplay {

Metric parse_metric(const std::string& name, const std::string& where) { return parse_named(std::string_view(name), kMetrics, where); }

std::string to_string(Metric m) { return name_of(m, kMetrics); }

int predicted_class(const MatMap& out, Index row) {
    if (out.cols() == 1) return out(row, 0) > 0.5f ? 1 : 0;  // Keras' binary_accuracy: strictly above the threshold
    Index best;
    out.row(row).maxCoeff(&best);
    return static_cast<int>(best);
}

double metric_sum(Metric m, LossKind loss, const MatMap& out, const MatMap& y) {
    switch (m) {
        case Metric::mse: return static_cast<double>((out - y).rowwise().squaredNorm().sum()) / out.cols();
        case Metric::mae: return static_cast<double>((out - y).cwiseAbs().rowwise().sum().sum()) / out.cols();
        case Metric::accuracy: break;
    }
    double correct = 0;
    for (Index r = 0; r < out.rows(); ++r) {
        int truth;
        if (loss == LossKind::categorical_crossentropy) {
            Index c;
            y.row(r).maxCoeff(&c);
            truth = static_cast<int>(c);
        } else if (loss == LossKind::binary_crossentropy || loss == LossKind::mean_squared_error) {
            truth = y(r, 0) >= 0.5f ? 1 : 0;
        } else {
            truth = static_cast<int>(y(r, 0));
        }
        correct += predicted_class(out, r) == truth ? 1 : 0;
    }
    return correct;
}

}  // namespace nnplay
