#include "nnplay/train/early_stopping.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "nnplay/error.hpp"

namespace nnplay {

EarlyStoppingWatch::EarlyStoppingWatch(EarlyStopping rule)
    : rule_(std::move(rule)),
      // Keras' mode "auto": losses and errors improve downwards, accuracy upwards.
      lower_is_better_(rule_.mode == "min" ||
                       (rule_.mode == "auto" && rule_.monitor.find("accuracy") == std::string::npos)),
      best_(lower_is_better_ ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity()) {
    rule_.min_delta = std::fabs(rule_.min_delta);
}

bool EarlyStoppingWatch::improves(double value, double reference) const {
    return lower_is_better_ ? value + rule_.min_delta < reference : value - rule_.min_delta > reference;
}

bool EarlyStoppingWatch::epoch_end(int epoch, double value, std::span<const float> params) {
    if (epoch < rule_.start_from_epoch) return false;
    if (rule_.restore_best_weights && best_params_.empty()) {  // the first watched epoch is the best so far
        best_params_.assign(params.begin(), params.end());
        best_epoch_ = epoch;
    }
    ++wait_;
    if (improves(value, best_)) {
        best_ = value;
        best_epoch_ = epoch;
        if (rule_.restore_best_weights) best_params_.assign(params.begin(), params.end());
        if (!rule_.baseline || improves(value, *rule_.baseline)) wait_ = 0;
        return false;
    }
    return wait_ >= rule_.patience && epoch > 0;
}

void EarlyStoppingWatch::resume(const Progress& p, std::size_t params) {
    if (!p.best_params.empty() && p.best_params.size() != params)
        throw Error("the saved early stopping kept " + std::to_string(p.best_params.size()) + " weights, this model has " +
                    std::to_string(params));
    wait_ = p.wait;
    if (p.best_epoch >= 0) best_epoch_ = p.best_epoch, best_ = p.best;  // else the start's infinity stays
    best_params_ = p.best_params;
}

bool EarlyStoppingWatch::train_end(std::span<float> params) const {
    if (!rule_.restore_best_weights || best_params_.empty()) return false;
    std::copy(best_params_.begin(), best_params_.end(), params.begin());
    return true;
}

}  // namespace nnplay
