#include "nnplay/train/trainer.hpp"

#include <chrono>
#include <cmath>
#include <numeric>
#include <sstream>

#include "nnplay/error.hpp"
#include "nnplay/limits.hpp"
#include "nnplay/model/quantize.hpp"
#include "nnplay/parallel.hpp"

namespace nnplay {

namespace {
using Clock = std::chrono::steady_clock;

// Rows [start, start+n) of `order` (or of the data itself when order is empty), as the model sees
// them: preprocessed inputs, targets encoded for the loss (one-hot for categorical cross-entropy).
// A training batch's raw images are augmented first, from the trainer's generator.
void gather_batch(const Dataset& data, const std::vector<Index>& order, Index start, Index n, const Model& model,
                  LossKind loss, Buffer& xb, Buffer& yb, Augmenter* augment = nullptr, Rng* rng = nullptr) {
    auto& x = xb.reshape(n, data.x.cols());
    const bool one_hot = loss == LossKind::categorical_crossentropy;
    auto& y = yb.reshape(n, one_hot ? model.output_size() : data.y.cols());
    // Rows are independent, so parts copy and preprocess their own: a shuffled row of a large set is a cache
    // miss, which the cores wait out together. Augmentation draws from the one Rng in row order: it runs after.
    parallel_for(n, [&](Index i0, Index i1) {
        if (i0 == i1) return;
        for (Index i = i0; i < i1; ++i) {
            const Index r = order.empty() ? start + i : order[static_cast<std::size_t>(start + i)];
            x.row(i) = data.x.row(r);
            if (one_hot) y.row(i).setZero(), y(i, static_cast<Index>(data.y(r, 0))) = 1.0f;
            else y.row(i) = data.y.row(r);
        }
        if (!augment) model.preprocessing().apply(MatMap(x.row(i0).data(), i1 - i0, x.cols()));
    });
    if (augment) {
        augment->apply(x, *rng);
        model.preprocessing().apply(x);
    }
}
}  // namespace

json to_json(const BatchLog& b) {
    return {{"epoch", b.epoch},     {"batch", b.batch},           {"batches", b.batches},
            {"size", b.size},       {"loss", b.loss},             {"epoch_loss", b.epoch_loss},
            {"metrics", b.metrics}, {"values", b.values},         {"samples_per_second", b.samples_per_second}};
}

json to_json(const EpochLog& e) { return {{"epoch", e.epoch}, {"logs", e.logs}, {"seconds", e.seconds}}; }

json Evaluation::to_json() const {
    json j{{"loss", loss}};
    for (const auto& [k, v] : metrics) j[k] = v;
    return j;
}

Loss loss_for(Model& model, LossKind kind) {
    Loss loss(kind);
    const bool fused = loss.fuses_with(model.output_layer().output_activation());
    loss.set_fused(fused);
    model.output_layer().set_fused_gradient(fused);
    return loss;
}

Evaluation evaluate(Model& model, LossKind kind, const std::vector<Metric>& metrics, const Dataset& data,
                    Index batch_size) {
    if (data.size() == 0) throw Error("data.too_few_rows", "evaluate: the dataset is empty");
    const Loss loss = loss_for(model, kind);
    double loss_sum = 0;
    std::vector<double> sums(metrics.size(), 0.0);
    Rng unused;
    Buffer xb, yb;
    for (Index start = 0; start < data.size(); start += batch_size) {
        const Index n = std::min(batch_size, data.size() - start);
        gather_batch(data, {}, start, n, model, kind, xb, yb);
        const MatMap& y = yb();
        const MatMap& out = model.forward(xb(), false, unused);
        loss_sum += loss.value(out, model.output_logits(), y) * static_cast<double>(n);
        for (std::size_t k = 0; k < metrics.size(); ++k) sums[k] += metric_sum(metrics[k], kind, out, y);
    }
    const double n = static_cast<double>(data.size());
    Evaluation e{loss_sum / n + model.penalty(), {}};
    for (std::size_t k = 0; k < metrics.size(); ++k) e.metrics[to_string(metrics[k])] = sums[k] / n;
    return e;
}

Trainer::Trainer(Model& model, LossKind loss, std::vector<Metric> metrics, const OptimizerSpec& opt,
                 const Dataset& train, const Dataset* validation, int epochs, Index batch_size, std::uint64_t seed,
                 bool shuffle)
    : model_(model), loss_(loss_for(model, loss)), metrics_(std::move(metrics)),
      optimizer_spec_(opt), optimizer_(make_optimizer(opt, model.params().size())), train_(train), val_(validation), epochs_(epochs),
      batch_size_(batch_size == 0 ? train.size() : std::min<Index>(batch_size, train.size())), shuffle_(shuffle),
      rng_(seed ^ 0x5eedULL), metric_sums_(metrics_.size()), batch_metrics_(metrics_.size()) {
    if (train.size() == 0) throw Error("data.too_few_rows", "training data is empty");
    if (train.x.cols() != model.input_size())
        throw Error("data.input_mismatch", "the model expects " + std::to_string(model.input_size()) + " inputs per sample, the data has " +
                    std::to_string(train.x.cols()));
    batches_ = static_cast<int>((train.size() + batch_size_ - 1) / batch_size_);
    order_.resize(static_cast<std::size_t>(train.size()));
    std::iota(order_.begin(), order_.end(), Index{0});
    set_learning_rate(opt.learning_rate);
}

void Trainer::set_learning_rate(double lr) {
    check_learning_rate(lr, "learning_rate");
    optimizer_->set_learning_rate(lr);
}

void Trainer::set_epochs(int epochs) {
    if (epochs < 1 || epochs > limits::kMaxEpochs)
        throw Error("spec.out_of_range", "epochs: " + std::to_string(epochs) + " is outside the allowed range [1, " +
                    std::to_string(limits::kMaxEpochs) + "]");
    epochs_ = epochs;
}

TrainingState Trainer::state() const {
    TrainingState s{epoch_, batch_, in_epoch_, loss_sum_, seen_, metric_sums_, rng_.state(), {}, history_,
                    optimizer_spec_, optimizer_->state(), stopped_early_, std::nullopt};
    s.optimizer.learning_rate = optimizer_->learning_rate();
    s.order.assign(order_.begin(), order_.end());
    if (stopping_) s.early_stopping = stopping_->progress();
    return s;
}

void Trainer::resume(const TrainingState& s) {
    if (s.optimizer.type != optimizer_spec_.type)
        throw Error("the saved training used the " + s.optimizer.type + " optimizer, this spec uses " + optimizer_spec_.type);
    if (s.order.size() != order_.size())
        throw Error("the saved training had " + std::to_string(s.order.size()) + " training rows, this data has " +
                    std::to_string(order_.size()));
    if (s.metric_sums.size() != metrics_.size())
        throw Error("the saved training logged " + std::to_string(s.metric_sums.size()) + " metrics, this spec " +
                    std::to_string(metrics_.size()));
    std::vector<bool> seen_row(order_.size());
    for (auto r : s.order) {
        if (r >= order_.size() || seen_row[r]) throw Error("the saved row order is not a permutation of the training rows");
        seen_row[r] = true;
    }
    if (s.epoch < 0 || s.batch < 0 || s.batch >= batches_ || (!s.in_epoch && s.batch != 0))
        throw Error("the saved training stands at batch " + std::to_string(s.batch + 1) + " of epoch " +
                    std::to_string(s.epoch + 1) + ", which this data (" + std::to_string(batches_) +
                    " batches an epoch) does not have");
    auto optimizer = make_optimizer(optimizer_spec_, model_.params().size());
    optimizer->restore(s.optimizer_state);  // throws on another model's state
    // A run saved without a watch (or before early stopping was kept) starts this spec's watch afresh.
    if (stopping_ && s.early_stopping) stopping_->resume(*s.early_stopping, model_.params().size());
    check_learning_rate(s.optimizer.learning_rate, "the saved learning rate");
    optimizer->set_learning_rate(s.optimizer.learning_rate);
    optimizer_ = std::move(optimizer);
    epoch_ = s.epoch, batch_ = s.batch, in_epoch_ = s.in_epoch;
    loss_sum_ = s.loss_sum, seen_ = s.seen, seconds_ = 0, metric_sums_ = s.metric_sums;
    rng_.set_state(s.rng);
    order_.assign(s.order.begin(), s.order.end());
    history_ = s.history;
    stopped_early_ = s.stopped_early && stopping_.has_value();
    stopped_ = stopped_early_;
}

void Trainer::set_early_stopping(EarlyStopping rule) { stopping_.emplace(std::move(rule)); }

void Trainer::set_augmentation(const Augmentation& a) {
    if (a.active()) augment_.emplace(a, train_.shape);
    else augment_.reset();
}

void Trainer::begin_epoch() {
    if (shuffle_) rng_.shuffle(order_);
    loss_sum_ = seen_ = seconds_ = 0;
    std::fill(metric_sums_.begin(), metric_sums_.end(), 0.0);
    batch_ = 0;
    in_epoch_ = true;
}

int Trainer::run(int max_batches) {
    // A quantized model still gets a trainer, which evaluates it; only stepping is refused.
    if (model_.quantized()) throw Error("model.quantized", kQuantizedTraining);
    int done = 0;
    while (done < max_batches && !finished()) {
        const auto t0 = Clock::now();
        if (!in_epoch_) begin_epoch();
        const Index start = static_cast<Index>(batch_) * batch_size_;
        const Index n = std::min(batch_size_, train_.size() - start);
        gather_batch(train_, order_, start, n, model_, loss_.kind(), xb_, yb_, augment_ ? &*augment_ : nullptr, &rng_);
        const MatMap& x = xb_();
        const MatMap& y = yb_();

        const MatMap& out = model_.forward(x, true, rng_);
        const double loss = loss_.value(out, model_.output_logits(), y) + model_.penalty();
        auto& grad = grad_.reshape(n, out.cols());
        bool finite = std::isfinite(loss);
        if (finite) {
            loss_.gradient(out, y, grad);
            model_.backward(grad);
            const auto g = model_.grads();
            // A finite value times 0 is 0, an infinite or NaN one NaN: one vectorised sum, where allFinite()
            // tests element by element (a tenth of an MLP step).
            finite = std::isfinite((Eigen::Map<const Eigen::ArrayXf>(g.data(), static_cast<Index>(g.size())) * 0.0f).sum());
        }
        if (!finite) {
            stopped_ = true;
            std::ostringstream msg;
            msg << "training stopped at epoch " << epoch_ + 1 << ", batch " << batch_ + 1 << ": the "
                << (std::isfinite(loss) ? "gradient" : "loss") << " became " << (std::isnan(loss) ? "NaN" : "infinite")
                << ". The learning rate (" << optimizer_->learning_rate()
                << ") is probably too high; try a lower one. The weights from before this batch are kept.";
            throw Error("train.diverged", msg.str());
        }
        optimizer_->step(model_.params(), model_.grads());

        loss_sum_ += loss * static_cast<double>(n);
        seen_ += static_cast<double>(n);
        for (std::size_t k = 0; k < metrics_.size(); ++k) {
            batch_metrics_[k] = metric_sum(metrics_[k], loss_.kind(), out, y);
            metric_sums_[k] += batch_metrics_[k];
        }
        seconds_ += std::chrono::duration<double>(Clock::now() - t0).count();
        ++batch_;
        ++done;
        if (on_batch) {
            BatchLog log{epoch_, batch_ - 1, batches_, n, loss, loss_sum_ / seen_, {}, seconds_ > 0 ? seen_ / seconds_ : 0.0, {}};
            log.values["loss"] = loss;
            for (std::size_t k = 0; k < metrics_.size(); ++k) {
                const std::string name = to_string(metrics_[k]);
                log.metrics[name] = metric_sums_[k] / seen_;
                log.values[name] = batch_metrics_[k] / static_cast<double>(n);
            }
            on_batch(log);
        }
        if (batch_ == batches_) end_epoch();
    }
    return done;
}

void Trainer::watch(const EpochLog& log) {
    const std::string& monitor = stopping_->rule().monitor;
    const auto it = log.logs.find(monitor);
    if (it == log.logs.end()) {
        std::string keys;
        for (const auto& [k, v] : log.logs) keys += (keys.empty() ? "" : ", ") + k;
        throw Error("spec.conflict", "train.early_stopping.monitor: '" + monitor + "' is not logged; the logs are " + keys);
    }
    if (stopping_->epoch_end(epoch_, it->second, model_.params())) stopped_ = stopped_early_ = true;
}

void Trainer::end_epoch() {
    EpochLog log{epoch_, {}, seconds_};
    log.logs["loss"] = loss_sum_ / seen_;
    for (std::size_t k = 0; k < metrics_.size(); ++k) log.logs[to_string(metrics_[k])] = metric_sums_[k] / seen_;
    if (val_ && val_->size() > 0) {
        const Evaluation v = evaluate(*val_);
        log.logs["val_loss"] = v.loss;
        for (const auto& [name, value] : v.metrics) log.logs["val_" + name] = value;
    }
    for (const auto& [name, value] : log.logs) history_.history[name].push_back(value);
    in_epoch_ = false;
    batch_ = 0;
    if (stopping_) watch(log);
    ++epoch_;
    // Keras' on_train_end: the best weights come back whether training stopped early or ran to the end.
    if (stopping_ && finished()) stopping_->train_end(model_.params());
    if (on_epoch) on_epoch(log);
}

}  // namespace nnplay
