// Metrics summed over a batch (divide by the sample count for the mean), so epochs can accumulate them.
#pragma once
#include <string>
#include <vector>

#include "nnplay/io/choices.hpp"
#include "nnplay/tensor.hpp"
#include "nnplay/train/loss.hpp"

namespace nnplay {

enum class Metric { accuracy, mse, mae };

inline constexpr Named<Metric> kMetrics[] = {
    {"accuracy", Metric::accuracy},           {"mse", Metric::mse},
    {"mae", Metric::mae},                     {"acc", Metric::accuracy, true},
    {"mean_squared_error", Metric::mse, true}, {"mean_absolute_error", Metric::mae, true},
};

Metric parse_metric(const std::string& name, const std::string& where);
std::string to_string(Metric m);

// Sum over the batch rows. Accuracy is categorical, sparse or binary according to the loss.
double metric_sum(Metric m, LossKind loss, const MatMap& out, const MatMap& y);

// Predicted class of each row (argmax, or threshold 0.5 for a single sigmoid output).
int predicted_class(const MatMap& out, Index row);

}  // namespace nnplay
