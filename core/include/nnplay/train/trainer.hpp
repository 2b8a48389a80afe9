// Keras' fit loop, drivable a few batches at a time: the page trains in slices between messages,
// the CLI runs it to the end. Same seed, same data: the same History.
#pragma once
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nnplay/data/dataset.hpp"
#include "nnplay/model/model.hpp"
#include "nnplay/train/augmentation.hpp"
#include "nnplay/train/early_stopping.hpp"
#include "nnplay/train/loss.hpp"
#include "nnplay/train/metrics.hpp"
#include "nnplay/train/optimizer.hpp"

namespace nnplay {

// Keras' History.history: metric name -> one value per epoch ("loss", "accuracy", "val_loss", ...).
struct History {
    std::map<std::string, std::vector<double>> history;
    json to_json() const { return history; }
};

// Where a training run stands, between two batches: what a model file keeps so that training a loaded
// model continues as if it had never stopped (Keras' initial_epoch, with the optimizer's state).
struct TrainingState {
    int epoch = 0, batch = 0;  // the next step: 0-based epoch and batch
    bool in_epoch = false;     // an epoch under way (its order is drawn, its sums started)
    double loss_sum = 0, seen = 0;  // the epoch's sums so far (its seconds are timing, not kept)
    std::vector<double> metric_sums;
    RngState rng{};                    // shuffling and dropout draws
    std::vector<std::uint32_t> order;  // the training rows' current order
    History history;
    OptimizerSpec optimizer;           // its type and settings, with the learning rate in use
    OptimizerState optimizer_state;
    bool stopped_early = false;        // early stopping ended the run: it resumes finished
    std::optional<EarlyStoppingWatch::Progress> early_stopping;  // the watch, when the spec has one

    // All but `order` and the optimizer's values, which the model file keeps as binary blocks.
    json to_json() const;
    static TrainingState from_json(const json& j, const std::string& where);
};

struct BatchLog {
    int epoch, batch, batches;  // 0-based epoch and batch; batches per epoch
    Index size;                 // samples in this batch
    double loss;                // this batch's loss (with the regularisation penalty)
    double epoch_loss;          // running mean over the epoch so far, as Keras' progress bar
    std::map<std::string, double> metrics;  // running means over the epoch
    double samples_per_second;  // over the epoch so far
    std::map<std::string, double> values;   // this batch's own loss and metrics
};

struct EpochLog {
    int epoch;
    std::map<std::string, double> logs;  // loss, accuracy, val_loss, val_accuracy, ...
    double seconds;
};

// The one JSON shape of each log, for the CLI's --json lines and the page's worker: every field above,
// epochs 0-based as Keras' callbacks see them.
json to_json(const BatchLog& log);
json to_json(const EpochLog& log);

struct Evaluation {
    double loss;
    std::map<std::string, double> metrics;
    json to_json() const;
};

// The loss for `model`, fused with its output activation where that is stable (softmax/sigmoid + cross-entropy).
Loss loss_for(Model& model, LossKind kind);

// Mean loss (with the regularisation penalty, as Keras reports it) and metrics over a whole dataset.
Evaluation evaluate(Model& model, LossKind loss, const std::vector<Metric>& metrics, const Dataset& data,
                    Index batch_size = 256);

class Trainer {
public:
    // `train` and `validation` hold preprocessed inputs and encoded targets. batch_size 0: full batch.
    Trainer(Model& model, LossKind loss, std::vector<Metric> metrics, const OptimizerSpec& opt, const Dataset& train,
            const Dataset* validation, int epochs, Index batch_size, std::uint64_t seed, bool shuffle = true);

    // Runs up to `max_batches` training steps (or to the end); returns how many ran. Throws Error when
    // the loss or gradients stop being finite; the weights from before that step are kept.
    int run(int max_batches);
    void fit() { run(std::numeric_limits<int>::max()); }
    bool finished() const { return epoch_ >= epochs_ || stopped_; }
    void stop() { stopped_ = true; }

    // Keras' EarlyStopping: stops when the monitored value has not improved for `patience` epochs and,
    // with restore_best_weights, puts back the best epoch's weights when training ends.
    void set_early_stopping(EarlyStopping rule);
    // Augments every training batch's images (throws unless the data are images); validation and
    // test data are never augmented.
    void set_augmentation(const Augmentation& a);
    // The best epoch (0-based) early stopping saw, or -1.
    int best_epoch() const { return stopping_ ? stopping_->best_epoch() : -1; }
    bool stopped_early() const { return stopped_early_; }

    int epoch() const { return epoch_; }
    int batch() const { return batch_; }
    int batches_per_epoch() const { return batches_; }
    int epochs() const { return epochs_; }
    void set_epochs(int epochs);  // 1 to limits::kMaxEpochs
    void set_learning_rate(double lr);
    double learning_rate() const { return optimizer_->learning_rate(); }
    const History& history() const { return history_; }

    TrainingState state() const;
    // Continues a saved run. Throws, leaving this trainer as it was, when the state is not of this
    // optimizer type, model size, metrics or number of training rows.
    void resume(const TrainingState& state);

    Evaluation evaluate(const Dataset& data, Index batch_size = 256) {
        return nnplay::evaluate(model_, loss_.kind(), metrics_, data, batch_size);
    }

    std::function<void(const BatchLog&)> on_batch;
    std::function<void(const EpochLog&)> on_epoch;

private:
    void begin_epoch();
    void end_epoch();
    void watch(const EpochLog& log);

    Model& model_;
    Loss loss_;
    std::vector<Metric> metrics_;
    OptimizerSpec optimizer_spec_;
    std::unique_ptr<Optimizer> optimizer_;
    const Dataset& train_;
    const Dataset* val_;
    int epochs_, epoch_ = 0, batch_ = 0, batches_;
    Index batch_size_;
    bool shuffle_, stopped_ = false, in_epoch_ = false;
    Rng rng_;
    std::vector<Index> order_;
    Buffer xb_, yb_, grad_;
    double loss_sum_ = 0, seen_ = 0, seconds_ = 0;
    std::vector<double> metric_sums_, batch_metrics_;
    History history_;
    std::optional<EarlyStoppingWatch> stopping_;
    std::optional<Augmenter> augment_;
    bool stopped_early_ = false;
};

}  // namespace nnplay
