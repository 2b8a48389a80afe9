// What the fronts show after training: for a classifier the confusion matrix and the first
// misclassified samples; for a regressor predicted-versus-actual pairs and the MSE.
#pragma once
#include "nnplay/data/dataset.hpp"
#include "nnplay/model/model.hpp"
#include "nnplay/train/loss.hpp"

namespace nnplay {

// Classification: {"confusion": [[true x predicted counts]], "misclassified": [{"index", "label",
// "predicted", "probabilities"}], "accuracy", "class_names", "classification": ClassificationReport::to_json(),
// and with two classes "roc": RocCurve::to_json() of the positive class's scores}. Regression: {"points": [[actual, predicted]], "mse"}.
json test_report(Model& model, LossKind loss, const Dataset& data, int max_examples = 64);

}  // namespace nnplay
