// Pins the places where Keras 3's behaviour is easy to get subtly wrong: early stopping's wait count,
// min_delta, baseline, mode and warm-up; restoring the best weights at the end; cross-entropy on outputs
// that are not a softmax; the binary accuracy threshold. Each expected value is traced by hand through
// Keras' own rules (keras/src/callbacks/early_stopping.py, keras/src/backend/*/nn.py).
#include <catch2/catch.hpp>

#include <cmath>

#include "helpers.hpp"
#include "nnplay/error.hpp"
#include "nnplay/model/spec.hpp"
#include "nnplay/train/early_stopping.hpp"
#include "nnplay/train/loss.hpp"
#include "nnplay/train/metrics.hpp"
#include "nnplay/train/session.hpp"

using namespace nnplay;
using namespace nnplay::test;

namespace {
// The epoch at which the watch says stop for a sequence of monitored values, or -1.
int stop_epoch(const EarlyStopping& rule, const std::vector<double>& values) {
    EarlyStoppingWatch watch(rule);
    const std::vector<float> params{0.0f};
    for (std::size_t e = 0; e < values.size(); ++e)
        if (watch.epoch_end(static_cast<int>(e), values[e], params)) return static_cast<int>(e);
    return -1;
}

EarlyStopping rule(std::string monitor, int patience) {
    EarlyStopping r;
    r.monitor = std::move(monitor);
    r.patience = patience;
    return r;
}
}  // namespace

TEST_CASE("early stopping: Keras' wait count with the default patience 0 stops at the first epoch without improvement", "[keras]") {
    CHECK(stop_epoch(rule("val_loss", 0), {1.0, 0.9, 0.95, 0.8}) == 2);
    CHECK(stop_epoch(rule("val_loss", 0), {1.0, 0.9, 0.8}) == -1);
    // Keras counts the epoch before it checks, so patience 1 stops where patience 0 does.
    CHECK(stop_epoch(rule("val_loss", 1), {1.0, 0.9, 0.95, 0.8}) == 2);
    CHECK(stop_epoch(rule("val_loss", 2), {1.0, 0.9, 0.95, 0.8, 0.85, 0.9}) == 5);  // the wait restarts at 0.8
}

TEST_CASE("early stopping: min_delta, its sign, mode and auto mode for accuracy", "[keras]") {
    auto r = rule("val_loss", 2);
    r.min_delta = 0.05;  // 0.97 and 0.96 are within 0.05 of 1.0: no improvement
    CHECK(stop_epoch(r, {1.0, 0.97, 0.96, 0.90}) == 2);
    r.min_delta = -0.05;  // Keras takes the magnitude
    CHECK(stop_epoch(r, {1.0, 0.97, 0.96, 0.90}) == 2);
    CHECK(stop_epoch(rule("val_accuracy", 0), {0.5, 0.6, 0.55}) == 2);  // auto: accuracy goes up
    auto lower = rule("val_accuracy", 0);
    lower.mode = "min";
    CHECK(stop_epoch(lower, {0.5, 0.6}) == 1);
    auto higher = rule("loss", 0);
    higher.mode = "max";
    CHECK(stop_epoch(higher, {0.5, 0.4}) == 1);
}

TEST_CASE("early stopping: a baseline keeps the wait running, but an improving epoch never stops", "[keras]") {
    auto r = rule("val_loss", 1);
    r.baseline = 0.5;
    CHECK(stop_epoch(r, {0.9, 0.8, 0.7, 0.6}) == -1);  // each epoch improves: Keras returns before the check
    CHECK(stop_epoch(r, {0.9, 0.8, 0.85}) == 2);        // wait 3 >= 1
    CHECK(stop_epoch(r, {0.9, 0.4, 0.45}) == 2);        // 0.4 beats the baseline: wait 0, then 1 >= 1
    r.patience = 2;
    CHECK(stop_epoch(r, {0.9, 0.4, 0.45}) == -1);
}

TEST_CASE("early stopping: start_from_epoch ignores the warm-up epochs", "[keras]") {
    auto r = rule("val_loss", 0);
    r.start_from_epoch = 2;
    CHECK(stop_epoch(r, {5.0, 6.0, 1.0, 2.0}) == 3);
    CHECK(stop_epoch(rule("val_loss", 0), {5.0, 6.0, 1.0, 2.0}) == 1);
}

TEST_CASE("early stopping: the best weights come back at the end of training, stopped early or not", "[keras]") {
    auto r = rule("val_loss", 5);
    r.restore_best_weights = true;
    EarlyStoppingWatch watch(r);
    const std::vector<double> values{3.0, 1.0, 2.0};
    for (int e = 0; e < 3; ++e) CHECK_FALSE(watch.epoch_end(e, values[static_cast<std::size_t>(e)], std::vector<float>{float(e)}));
    std::vector<float> params{9.0f};
    CHECK(watch.train_end(params));
    CHECK(params[0] == 1.0f);  // epoch 1's weights
    CHECK(watch.best_epoch() == 1);
    r.restore_best_weights = false;
    EarlyStoppingWatch keep(r);
    keep.epoch_end(0, 1.0, std::vector<float>{0.0f});
    CHECK_FALSE(keep.train_end(params));
    CHECK(params[0] == 1.0f);
}

TEST_CASE("early stopping in training: the final weights are those of the epoch with the lowest val_loss", "[keras]") {
    json j = json::parse(R"({
        "data": {"source": "csv", "path": "breast-cancer/wdbc.csv", "target": "malignant"},
        "preprocessing": "standardize",
        "model": {"input": [30], "layers": [{"type": "dense", "units": 64, "activation": "relu"},
                                            {"type": "dense", "units": 1, "activation": "sigmoid"}]},
        "loss": "binary_crossentropy",
        "optimizer": {"type": "adam", "learning_rate": 0.05},
        "train": {"epochs": 25, "batch_size": 16, "validation_split": 0.2, "seed": 3,
                  "early_stopping": {"monitor": "val_loss", "patience": 100, "restore_best_weights": true}}
    })");
    const Spec spec = spec_from_json(j);
    auto data = load_spec_data(spec);
    auto s = std::make_unique<Session>(spec);
    s->prepare(std::move(data.train), std::move(data.test));
    std::vector<std::vector<float>> after;  // the weights after each epoch
    s->trainer().on_epoch = [&](const EpochLog&) { after.emplace_back(s->model().params().begin(), s->model().params().end()); };
    s->trainer().fit();
    const auto& val = s->trainer().history().history.at("val_loss");
    REQUIRE(val.size() == 25);
    const auto best = static_cast<std::size_t>(std::min_element(val.begin(), val.end()) - val.begin());
    REQUIRE(best < 24);  // the setting overfits, so the best epoch is not the last: the restore is what is tested
    CHECK_FALSE(s->trainer().stopped_early());
    CHECK(s->trainer().best_epoch() == static_cast<int>(best));
    const std::vector<float> now(s->model().params().begin(), s->model().params().end());
    CHECK(now == after[best]);
}

TEST_CASE("early stopping spec: Keras' defaults and options, an unknown mode refused", "[keras]") {
    const json base = json::parse(R"({"model": {"input": [2], "layers": [{"type": "dense", "units": 1}]},
        "loss": "mse", "train": {"validation_split": 0.2, "early_stopping": {}}})");
    const Spec d = spec_from_json(base);
    const auto& es = d.train.early_stopping;
    CHECK(es.monitor == "val_loss");
    CHECK(es.patience == 0);
    CHECK_FALSE(es.restore_best_weights);
    CHECK(es.mode == "auto");
    CHECK_FALSE(es.baseline);
    CHECK(es.min_delta == 0);
    CHECK(es.start_from_epoch == 0);

    json j = base;
    j["train"]["early_stopping"] = {{"monitor", "val_mae"}, {"min_delta", 0.01}, {"patience", 4}, {"mode", "min"},
                                    {"baseline", 2.5}, {"restore_best_weights", true}, {"start_from_epoch", 3}};
    const Spec s = spec_from_json(j);
    CHECK(spec_from_json(s.to_json()).to_json() == s.to_json());  // every field round-trips
    CHECK(s.to_json()["train"]["early_stopping"] == j["train"]["early_stopping"]);

    j["train"]["early_stopping"]["mode"] = "maximum";
    CHECK_THROWS_WITH(spec_from_json(j), Catch::Contains("train.early_stopping.mode") && Catch::Contains("max"));
}

TEST_CASE("categorical cross-entropy renormalises outputs that are not a softmax, and clips them", "[keras]") {
    Mat out = Mat::Constant(1, 10, 0.5f);  // ten sigmoid outputs at 0.5: Keras gives -log(0.1) = 2.302585
    Mat y = Mat::Zero(1, 10);
    y(0, 3) = 1;
    Mat sparse = Mat::Constant(1, 1, 3.0f);
    Loss cat(LossKind::categorical_crossentropy), sp(LossKind::sparse_categorical_crossentropy);
    const MatMap o = view(out);
    CHECK(cat.value(o, nullptr, view(y)) == Approx(std::log(10.0)).epsilon(1e-6));
    CHECK(sp.value(o, nullptr, view(sparse)) == Approx(std::log(10.0)).epsilon(1e-6));
    Mat certain = Mat::Zero(1, 10);  // a saturated output: clipped at 1 - 1e-7, never log 0 = -inf or a negative loss
    certain(0, 3) = 1;
    Mat wrong = Mat::Zero(1, 10);
    wrong(0, 4) = 1;
    CHECK(cat.value(view(certain), nullptr, view(y)) == Approx(-std::log(1.0 - 1e-7)).margin(1e-7));
    CHECK(cat.value(view(wrong), nullptr, view(y)) == Approx(-std::log(1e-7)).epsilon(1e-5));
}

TEST_CASE("binary accuracy counts an output of exactly 0.5 as the negative class, as Keras does", "[keras]") {
    Mat out = (Mat(3, 1) << 0.5f, 0.5000001f, 0.2f).finished();
    Mat y = (Mat(3, 1) << 0.0f, 1.0f, 0.0f).finished();
    CHECK(metric_sum(Metric::accuracy, LossKind::binary_crossentropy, view(out), view(y)) == 3.0);
    CHECK(predicted_class(view(out), 0) == 0);
}
