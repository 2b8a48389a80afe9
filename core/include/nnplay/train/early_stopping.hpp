// Keras 3's EarlyStopping callback: the rule as the spec states it, and the watch the Trainer keeps.
#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nnplay {

inline constexpr std::string_view kStoppingModes[] = {"auto", "min", "max"};

// Field for field Keras' arguments, with Keras' defaults.
struct EarlyStopping {
    std::string monitor;         // empty: off; else a History key such as "val_loss" or "val_accuracy"
    double min_delta = 0;        // a change smaller than this is no improvement (its magnitude counts)
    int patience = 0;            // epochs without improvement before stopping
    std::string mode = "auto";   // min, max, or auto (losses and errors down, accuracy up)
    std::optional<double> baseline;  // the wait only restarts once the value also beats this
    bool restore_best_weights = false;  // at the end of training, whether it stopped early or not
    int start_from_epoch = 0;    // epochs before this one are not watched (warm-up)
};

// Keras' on_epoch_end and on_train_end, step for step: the order of the wait count and the checks matters.
class EarlyStoppingWatch {
public:
    explicit EarlyStoppingWatch(EarlyStopping rule);

    // The monitored value at the end of 0-based `epoch`, with the weights after it; true: stop training.
    bool epoch_end(int epoch, double value, std::span<const float> params);
    // At the end of training: puts back the best epoch's weights if the rule restores them; true if it did.
    bool train_end(std::span<float> params) const;

    const EarlyStopping& rule() const { return rule_; }
    int best_epoch() const { return best_epoch_; }  // -1 before the first watched epoch

    // Where the watch stands, so that a saved run resumes it: the wait, the best value and epoch, and (with
    // restore_best_weights) that epoch's weights.
    struct Progress {
        int wait = 0, best_epoch = -1;
        double best = 0;  // meaningless while best_epoch is -1
        std::vector<float> best_params;
    };
    Progress progress() const { return {wait_, best_epoch_, best_, best_params_}; }
    // Throws Error, leaving the watch as it was, when the saved weights are not `params` floats.
    void resume(const Progress& p, std::size_t params);

private:
    bool improves(double value, double reference) const;

    EarlyStopping rule_;
    bool lower_is_better_;
    int wait_ = 0, best_epoch_ = -1;
    double best_;
    std::vector<float> best_params_;  // empty until the first watched epoch (restore_best_weights only)
};

}  // namespace nnplay
