#include "nnplay/train/session.hpp"

#include <algorithm>
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
            throw Error("data.not_classes", what + ": row " + std::to_string(r + 1) + " has target " + std::to_string(v) +
                        ", not a class number; a classification loss needs whole-number labels 0, 1, 2 ... "
                        "(use mean_squared_error for regression)");
        hi = std::max(hi, v);
    }
    return static_cast<Index>(hi) + 1;
}

Evaluation evaluate_raw(Model& model, LossKind loss, const std::vector<Metric>& metrics, const Dataset& data) {
    if (shape_size(data.shape) != model.input_size())
        throw Error("data.input_mismatch", "the model expects " + std::to_string(model.input_size()) + " values per sample, the data has " +
                    std::to_string(shape_size(data.shape)));
    if (is_classification(loss)) {
        const Index classes = count_classes(data, data.target.empty() ? "labels" : "target column '" + data.target + "'");
        if (classes > std::max<Index>(model.output_size(), 2))
            throw Error("model.output_mismatch", "the data has " + std::to_string(classes) + " classes, the model only " +
                        std::to_string(model.output_size()));
    }
    return evaluate(model, loss, metrics, data);
}

void Session::check_fits(const Model& model, const std::string& who) const {
    if (model.input_size() != shape_size(train_.shape))
        throw Error("data.input_mismatch", who + ": input " + shape_text(model.input_shape()) + " means " + std::to_string(model.input_size()) +
                    " values per sample, but the data has " + std::to_string(shape_size(train_.shape)) + " " +
                    (train_.features.empty() ? "(shape " + shape_text(train_.shape) + ")" : "feature columns") +
                    "; set \"input\" to \"data\" to take it from the data");
    const Index outputs = model.output_size();
    const std::string what = train_.target.empty() ? "labels" : "target column '" + train_.target + "'";
    const std::string k = std::to_string(classes_);
    if (is_classification(spec_.loss)) {
        const bool binary = spec_.loss == LossKind::binary_crossentropy;
        const Activation act = model.output_activation();
        if (act != Activation::softmax && act != Activation::sigmoid)
            throw Error("model.output_mismatch", who + ": " + to_string(spec_.loss) + " needs probabilities from the last layer, but its activation is " +
                        to_string(act) + ", whose outputs are not between 0 and 1 (the loss would mean nothing and could go "
                        "negative); set the last layer's activation to " + (binary ? "sigmoid" : "softmax") +
                        ", or use mean_squared_error for regression");
        if (binary && (outputs != 1 || classes_ > 2))
            throw Error("model.output_mismatch", who + ": binary_crossentropy needs one output unit and labels 0/1; the model has " +
                        std::to_string(outputs) + " outputs and the " + what + " has " + k +
                        " classes; use sparse_categorical_crossentropy with a softmax last layer of \"units\": \"classes\"");
        if (!binary && (outputs < classes_ || (!train_.class_names.empty() && outputs != classes_)))
            throw Error("model.output_mismatch", who + ": the data has " + k + " classes but the last layer has " + std::to_string(outputs) +
                        " units; set its units to " + k + " or to \"classes\"");
    }
    if (spec_.loss == LossKind::mean_squared_error && outputs != 1)
        throw Error("model.output_mismatch", who + ": regression on one target column needs 1 output unit, the last layer has " + std::to_string(outputs) +
                    "; set its units to 1 (or to \"classes\")");
}

void Session::split(Dataset train, std::optional<Dataset> test) {
    const auto& t = spec_.train;
    const Index total = train.size() + (test ? test->size() : 0);
    if (!test) {
        if (t.test_split <= 0) throw Error("spec.conflict", "train.test_split: no test data was given, so test_split must be above 0");
        test = take_random(train, t.test_split, t.seed);
    }
    if (t.kfold > train.size())
        throw Error("data.too_few_rows", "train.kfold: " + std::to_string(t.kfold) + " folds of " + std::to_string(train.size()) +
                    " training rows leave a fold empty; use at most " + std::to_string(train.size()) + " folds");
    val_ = t.kfold ? take_fold(train, t.kfold, t.fold, t.seed) : take_tail(train, t.validation_split);
    train_ = std::move(train);
    test_ = std::move(*test);
    if (train_.size() == 0 || test_.size() == 0 || (t.validation_split > 0 && val_.size() == 0))
        throw Error("data.too_few_rows", std::to_string(total) + (total == 1 ? " row is" : " rows are") + " too few: the training, " +
                    (t.validation_split > 0 ? "validation and test splits need" : "and test splits need") +
                    " at least one row each (train.validation_split " + std::to_string(t.validation_split).substr(0, 4) +
                    ", train.test_split " + std::to_string(t.test_split).substr(0, 4) + "); give more rows");
}

void Session::prepare_table(TableData train, std::optional<TableData> test) {
    PlanOptions o{train.target, train.drop, classification(), spec_.data.missing, spec_.preprocessing.kind};
    ColumnPlan plan = design_plan(train.table, o);
    RowFilter kept = usable_rows(train.table, plan);
    dropped_missing_target_ = kept.missing_target;
    dropped_missing_values_ = kept.missing_values;
    if (spec_.data.train_limit > 0 && kept.rows.size() > static_cast<std::size_t>(spec_.data.train_limit))
        kept.rows.resize(static_cast<std::size_t>(spec_.data.train_limit));
    if (kept.rows.empty())
        throw Error("data.no_rows_left", train.table.name + ": no rows are left: " + std::to_string(kept.missing_target) + " have no target value, " +
                    std::to_string(kept.missing_values) + " have missing values (data.missing is \"" + plan.missing + "\")");
    if (kept.rows.size() > (std::size_t{1} << 24)) throw Error("csv.too_large", train.table.name + ": over 16,777,216 rows");
    // Row numbers go through the same splits as any dataset (a float holds them exactly up to 2^24);
    // the plan is fitted on the training rows, then every split is encoded.
    const auto row_set = [&](const RawTable& t, const std::vector<std::size_t>& rows) {
        Dataset d;
        d.x.resize(static_cast<Index>(rows.size()), 1);
        d.y.resize(static_cast<Index>(rows.size()), 1);
        const std::size_t target = t.find(plan.target);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            d.x(static_cast<Index>(i), 0) = static_cast<float>(rows[i]);
            d.y(static_cast<Index>(i), 0) = encode_target(t, plan, target, rows[i]);
        }
        d.shape = {1};
        return d;
    };
    std::optional<Dataset> test_rows;
    if (test) test_rows = row_set(test->table, usable_rows(test->table, plan).rows);
    classes_ = plan.classification ? static_cast<Index>(plan.classes.size()) : 0;
    Dataset rows = row_set(train.table, kept.rows);
    skew(rows, test_rows ? &*test_rows : nullptr);
    split(std::move(rows), std::move(test_rows));
    remove_training_values(train.table, plan);
    flip_training_labels();
    const auto rows_of = [](const Dataset& d) {
        std::vector<std::size_t> rows(static_cast<std::size_t>(d.size()));
        for (Index i = 0; i < d.size(); ++i) rows[static_cast<std::size_t>(i)] = static_cast<std::size_t>(d.x(i, 0));
        return rows;
    };
    fit_plan(plan, train.table, rows_of(train_));
    for (auto [d, t] : {std::pair{&train_, &train.table}, {&val_, &train.table}, {&test_, test ? &test->table : &train.table}}) {
        d->x = encode_features(*t, plan, rows_of(*d), budget_, &encoded_);
        d->shape = {d->x.cols()};
        d->features = plan.feature_names();
        d->target = plan.target;
        if (plan.classification) d->class_names = plan.classes;
    }
    plan_ = std::move(plan);
}

void Session::prepare(RawData train, std::optional<RawData> test, bool adapt_input) {
    trainer_.reset();
    model_.reset();
    plan_.reset();
    encoded_ = {};
    corruption_ = json::object();
    const auto& t = spec_.train;
    if (test && test->index() != train.index())
        throw Error("spec.conflict", "the test data must be of the same kind as the training data (both CSV tables, or both images)");
    if (auto* table = std::get_if<TableData>(&train)) {
        std::optional<TableData> test_table;
        if (test) test_table = std::get<TableData>(std::move(*test));
        prepare_table(std::move(*table), std::move(test_table));
    } else {
        Dataset data = std::get<Dataset>(std::move(train));
        std::optional<Dataset> test_data;
        if (test) test_data = std::get<Dataset>(std::move(*test));
        if (data.size() == 0) throw Error("data.too_few_rows", "the training data has no rows");
        if (spec_.data.train_limit > 0) keep_head(data, spec_.data.train_limit);
        const std::string what = data.target.empty() ? "labels" : "target column '" + data.target + "'";
        classes_ = classification() ? count_classes(data, what) : 0;
        if (test_data && classification()) classes_ = std::max(classes_, count_classes(*test_data, "test " + what));
        if (!data.class_names.empty()) classes_ = std::max(classes_, static_cast<Index>(data.class_names.size()));
        if (spec_.data.corruption.missing_values > 0)
            throw Error("data.unsuitable", "data.corruption.missing_values: removing values needs a CSV table (its gaps are then imputed or "
                        "their rows dropped, as data.missing says); these data are images");
        skew(data, test_data ? &*test_data : nullptr);
        split(std::move(data), std::move(test_data));
        flip_training_labels();
    }

    const Index batch = t.batch_size == 0 ? train_.size() : t.batch_size;
    const Index outputs = classification() && spec_.loss != LossKind::binary_crossentropy ? classes_ : 1;
    model_ = Model::from_config(resolve_from_data(spec_.model, train_.shape, outputs), adapt_input ? train_.shape : Shape{},
                                std::min(batch, train_.size()), budget_);
    check_fits(*model_, "model");

    model_->preprocessing() = spec_.preprocessing;
    model_->preprocessing().fit(train_.x);  // statistics from the training split only
    if (plan_) {  // one-hot and yes/no columns stay 0/1
        auto& pre = model_->preprocessing();
        const auto unscaled = plan_->unscaled();
        for (std::size_t c = 0; c < unscaled.size() && pre.fitted(); ++c)
            if (unscaled[c]) pre.offset[static_cast<Index>(c)] = 0, pre.scale[static_cast<Index>(c)] = 1;
    }
    Rng init_rng(t.seed);
    model_->initialize(init_rng);
    trainer_ = make_trainer(*model_);
}

void Session::skew(Dataset& train, Dataset* test) {
    const Corruption& c = spec_.data.corruption;
    if (c.skew_class < 0) return;
    if (!classification()) throw Error("data.unsuitable", "data.corruption.class_skew: skewing the classes needs a classification loss");
    json counts{{"before", json::array()}};
    for (Index k = 0; k < classes_; ++k) counts["before"].push_back((train.y.array() == static_cast<float>(k)).count());
    counts["after"] = skew_classes(train, classes_, c.skew_class, c.skew_ratio, spec_.train.seed);
    if (test) counts["test_after"] = skew_classes(*test, classes_, c.skew_class, c.skew_ratio, spec_.train.seed);
    corruption_["class_skew"] = {{"class", c.skew_class}, {"ratio", c.skew_ratio}, {"rows", counts}};
}

void Session::remove_training_values(RawTable& table, const ColumnPlan& plan) {
    const double share = spec_.data.corruption.missing_values;
    if (share <= 0) return;
    std::vector<std::size_t> rows(static_cast<std::size_t>(train_.size())), columns;
    for (Index i = 0; i < train_.size(); ++i) rows[static_cast<std::size_t>(i)] = static_cast<std::size_t>(train_.x(i, 0));
    for (const auto& f : plan.columns)
        if (f.action != "drop") columns.push_back(table.find(f.name));
    const RemovedValues removed = remove_values(table, rows, columns, share, spec_.train.seed);
    std::size_t dropped = 0;
    if (plan.missing == "drop") {  // the rows that lost a value go, as rows with gaps in the file do
        std::vector<Index> keep;
        for (Index i = 0; i < train_.size(); ++i)
            if (!std::binary_search(removed.rows.begin(), removed.rows.end(), rows[static_cast<std::size_t>(i)])) keep.push_back(i);
        dropped = rows.size() - keep.size();
        if (keep.empty())
            throw Error("data.no_rows_left", "data.corruption.missing_values: every one of the " + std::to_string(rows.size()) +
                        " training rows lost a value, and data.missing \"drop\" drops them all; remove fewer values, or "
                        "impute them (data.missing \"impute\")");
        train_ = select_rows(train_, keep);
        dropped_missing_values_ += dropped;
    }
    corruption_["missing_values"] = {{"share", share}, {"cells", rows.size() * columns.size()}, {"removed", removed.cells},
                                     {"rows_hit", removed.rows.size()}, {"rows_dropped", dropped}};
}

void Session::flip_training_labels() {
    const double share = spec_.data.corruption.label_noise;
    if (share <= 0) return;
    if (!classification()) throw Error("data.unsuitable", "data.corruption.label_noise: flipping labels needs a classification loss");
    const auto flipped = flip_labels(train_, share, classes_, spec_.train.seed);
    corruption_["label_noise"] = {{"share", share}, {"rows", train_.size()}, {"flipped", flipped.size()}};
}

std::unique_ptr<Trainer> Session::make_trainer(Model& model) const {
    const auto& t = spec_.train;
    auto trainer = std::make_unique<Trainer>(model, spec_.loss, spec_.metrics, spec_.optimizer, train_,
                                             val_.size() > 0 ? &val_ : nullptr, t.epochs, t.batch_size, t.seed, t.shuffle);
    if (!t.early_stopping.monitor.empty())
        trainer->set_early_stopping(t.early_stopping);
    trainer->set_augmentation(spec_.augmentation);
    return trainer;
}

std::string Session::adopt(std::unique_ptr<Model> model, const std::optional<TrainingState>& training) {
    if (!prepared()) throw Error("load data before loading a model");
    try {
        check_fits(*model, "the loaded model");
    } catch (const Error& e) {
        throw Error("model_file.does_not_fit", e.what());  // the same message; the file is what does not fit
    }
    auto trainer = make_trainer(*model);
    std::string not_resumed;
    if (training) {
        try {
            trainer->resume(*training);
        } catch (const Error& e) {
            not_resumed = e.what();
            trainer = make_trainer(*model);  // a failed resume leaves nothing half set
        }
    }
    model_ = std::move(model);
    trainer_ = std::move(trainer);
    return not_resumed;
}

json Session::describe() const {
    json d{{"task", classification() ? "classification" : "regression"},
           {"loss", to_string(spec_.loss)},
           {"train_rows", train_.size()},
           {"validation_rows", val_.size()},
           {"test_rows", test_.size()},
           {"input_shape", train_.shape}};
    if (classification()) d["classes"] = classes_, d["class_names"] = class_names(train_, classes_);
    if (!train_.features.empty()) d["features"] = train_.features, d["target"] = train_.target;
    if (plan_) {
        d["plan"] = plan_->to_json();
        d["dropped_rows"] = {{"missing_target", dropped_missing_target_}, {"missing_values", dropped_missing_values_}};
        d["filled"] = encoded_.filled;
        d["unseen"] = encoded_.unseen;
    }
    if (!corruption_.empty()) d["corruption"] = corruption_;
    if (model_) d["model"] = model_->summary();
    return d;
}

}  // namespace nnplay
