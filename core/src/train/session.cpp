#include "nnplay/train/session.hpp"

#include <cmath>

#include "nnplay/error.hpp"

namespace nnplay {

namespace {
std::string shape_text(const Shape& s) {
    std::string t = "[";
    for (std::size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
    return t + "]";
}
}  // namespace

Index count_classes(const Dataset& ds, const std::string& what) {
    float hi = 0;
    for (Index r = 0; r < ds.y.rows(); ++r) {
        const float v = ds.y(r, 0);
        if (v < 0 || v != std::floor(v) || v > 100000)
            throw Error(what + ": row " + std::to_string(r + 1) + " has target " + std::to_string(v) +
                        ", not a class number; a classification loss needs whole-number labels 0, 1, 2 ... "
                        "(use mean_squared_error for regression)");
        hi = std::max(hi, v);
    }
    return static_cast<Index>(hi) + 1;
}

Evaluation evaluate_raw(Model& model, LossKind loss, const std::vector<Metric>& metrics, const Dataset& data) {
    if (shape_size(data.shape) != model.input_size())
        throw Error("the model expects " + std::to_string(model.input_size()) + " values per sample, the data has " +
                    std::to_string(shape_size(data.shape)));
    if (is_classification(loss)) {
        const Index classes = count_classes(data, data.target.empty() ? "labels" : "target column '" + data.target + "'");
        if (classes > std::max<Index>(model.output_size(), 2))
            throw Error("the data has " + std::to_string(classes) + " classes, the model only " +
                        std::to_string(model.output_size()));
    }
    return evaluate(model, loss, metrics, data);
}

void Session::check_fits(const Model& model, const std::string& who) const {
    if (model.input_size() != shape_size(train_.shape))
        throw Error(who + ": input " + shape_text(model.input_shape()) + " means " + std::to_string(model.input_size()) +
                    " values per sample, but the data has " + std::to_string(shape_size(train_.shape)) + " " +
                    (train_.features.empty() ? "(shape " + shape_text(train_.shape) + ")" : "feature columns"));
    const Index outputs = model.output_size();
    const std::string what = train_.target.empty() ? "labels" : "target column '" + train_.target + "'";
    if (spec_.loss == LossKind::binary_crossentropy && (outputs != 1 || classes_ > 2))
        throw Error(who + ": binary_crossentropy needs one output unit and labels 0/1; the model has " +
                    std::to_string(outputs) + " outputs and the " + what + " has " + std::to_string(classes_) + " classes");
    if ((spec_.loss == LossKind::categorical_crossentropy || spec_.loss == LossKind::sparse_categorical_crossentropy) &&
        outputs < classes_)
        throw Error(who + ": the " + what + " go up to " + std::to_string(classes_ - 1) + " but the last layer has " +
                    std::to_string(outputs) + " units; it needs " + std::to_string(classes_));
    if (spec_.loss == LossKind::mean_squared_error && outputs != 1)
        throw Error(who + ": regression on one target column needs 1 output unit, the last layer has " + std::to_string(outputs));
}

void Session::prepare(Dataset train, std::optional<Dataset> test, bool adapt_input) {
    trainer_.reset();
    model_.reset();
    const auto& t = spec_.train;
    if (train.size() == 0) throw Error("the training data has no rows");
    if (spec_.data.train_limit > 0) keep_head(train, spec_.data.train_limit);

    const std::string what = train.target.empty() ? "labels" : "target column '" + train.target + "'";
    classes_ = classification() ? count_classes(train, what) : 0;
    if (test && classification()) classes_ = std::max(classes_, count_classes(*test, "test " + what));

    if (!test) {
        if (t.test_split <= 0) throw Error("train.test_split: no test data was given, so test_split must be above 0");
        test = take_random(train, t.test_split, t.seed);
    }
    val_ = take_tail(train, t.validation_split);
    train_ = std::move(train);
    test_ = std::move(*test);
    if (train_.size() == 0) throw Error("no training rows are left after the test and validation splits");

    const Index batch = t.batch_size == 0 ? train_.size() : t.batch_size;
    model_ = Model::from_config(spec_.model, adapt_input ? train_.shape : Shape{}, std::min(batch, train_.size()), budget_);
    check_fits(*model_, "model");

    model_->preprocessing() = spec_.preprocessing;
    model_->preprocessing().fit(train_.x);  // statistics from the training split only
    Rng init_rng(t.seed);
    model_->initialize(init_rng);
    trainer_ = make_trainer(*model_);
}

std::unique_ptr<Trainer> Session::make_trainer(Model& model) const {
    const auto& t = spec_.train;
    auto trainer = std::make_unique<Trainer>(model, spec_.loss, spec_.metrics, spec_.optimizer, train_,
                                             val_.size() > 0 ? &val_ : nullptr, t.epochs, t.batch_size, t.seed, t.shuffle);
    if (!t.early_stopping.monitor.empty())
        trainer->set_early_stopping(t.early_stopping);
    return trainer;
}

void Session::adopt(std::unique_ptr<Model> model) {
    if (!prepared()) throw Error("load data before loading a model");
    check_fits(*model, "the loaded model");
    auto trainer = make_trainer(*model);
    model_ = std::move(model);
    trainer_ = std::move(trainer);
}

json Session::describe() const {
    json d{{"task", classification() ? "classification" : "regression"},
           {"loss", to_string(spec_.loss)},
           {"train_rows", train_.size()},
           {"validation_rows", val_.size()},
           {"test_rows", test_.size()},
           {"input_shape", train_.shape}};
    if (classification()) d["classes"] = classes_;
    if (!train_.features.empty()) d["features"] = train_.features, d["target"] = train_.target;
    if (model_) d["model"] = model_->summary();
    return d;
}

}  // namespace nnplay
