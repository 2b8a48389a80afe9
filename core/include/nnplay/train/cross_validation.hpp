// k-fold cross-validation: k fresh models of one spec, each trained on k - 1 folds of the training rows
// and scored on the fold left out (train.kfold, train.fold pick it); then each score's mean and spread.
// The column plan and the preprocessing are fitted on each fold's training rows only.
#pragma once
#include <functional>
#include <optional>

#include "nnplay/train/session.hpp"

namespace nnplay {

// `spec` with train.kfold = k and train.fold = fold. Throws unless 2 <= k and 0 <= fold < k.
Spec fold_spec(Spec spec, int k, int fold);

// A trained fold's row: {"fold", "train_rows", "validation_rows", "epochs", "val_loss", "val_<metric>" ...},
// scored on the held-out fold with the model as it is (the best weights when early stopping restored them).
json fold_scores(Session& session);

// {"k", "folds": [fold_scores ...], "mean": {...}, "std": {...}, "min": {...}, "max": {...}} over each
// "val_*" score. std is the population standard deviation (numpy's default, as cross_val_score users print).
json summarize_folds(const json& folds);

// Runs every fold of spec.train.kfold to the end on copies of `train` (and `test`, when given; see
// Session::prepare for `adapt_input`); `on_fold` sees each fold's prepared session before it trains
// (to follow its progress). Returns summarize_folds.
json cross_validate(const Spec& spec, const RawData& train, const std::optional<RawData>& test, bool adapt_input = false,
                    const std::function<void(int fold, Session&)>& on_fold = {});

}  // namespace nnplay
