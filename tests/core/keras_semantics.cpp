// Pins the places where Keras 3's behaviour is easy to get subtly wrong: early stopping's wait count,
// min_delta, baseline, mode and warm-up; restoring the best weights at the end; cross-entropy on outputs
// that are not a softmax; the binary accuracy threshold; per-sample epoch means, validation after the
// epoch, reshuffling, the penalty in the loss, saturated cross-entropy, conv fans, random_normal's
// stddev, 'same' padding, max-pool ties and preprocessing fitted on the training split. Each expected
// value is traced by hand through Keras' own rules (keras/src/callbacks/early_stopping.py,
// keras/src/backend/*/nn.py, keras/src/initializers/).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "helpers.hpp"
#include "nnplay/error.hpp"
#include "nnplay/layers/conv.hpp"
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
    auto s = prepared(spec);
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

namespace {
// Breast cancer, 364 training rows in batches of 32 (the last one of 12 rows), validation on the tail.
Spec cancer_spec(int epochs, bool shuffle = true, const json& regularizer = nullptr) {
    json j = json::parse(R"({
        "data": {"source": "csv", "path": "breast-cancer/wdbc.csv", "target": "malignant"},
        "preprocessing": "standardize",
        "model": {"input": [30], "layers": [{"type": "dense", "units": 8, "activation": "relu"},
                                            {"type": "dense", "units": 1, "activation": "sigmoid"}]},
        "loss": "binary_crossentropy", "optimizer": {"type": "adam", "learning_rate": 0.01},
        "train": {"batch_size": 32, "validation_split": 0.2, "seed": 5}
    })");
    j["train"]["epochs"] = epochs;
    j["train"]["shuffle"] = shuffle;
    j["model"]["layers"][0]["kernel_regularizer"] = regularizer;
    return spec_from_json(j);
}

struct Moments {
    double mean, sd, lo, hi;
};
Moments moments_of(const MatMap& w) {
    const Eigen::ArrayXd v = Eigen::Map<const Eigen::ArrayXf>(w.data(), w.size()).cast<double>();
    const double mean = v.mean();
    return {mean, std::sqrt((v - mean).square().mean()), v.minCoeff(), v.maxCoeff()};
}
}  // namespace

TEST_CASE("epoch logs: means per sample over the epoch's batches, validation at the end-of-epoch weights", "[keras]") {
    auto s = prepared(cancer_spec(3));
    Trainer& t = s->trainer();
    std::vector<BatchLog> batches;
    t.on_batch = [&](const BatchLog& b) { batches.push_back(b); };
    int checked = 0;
    t.on_epoch = [&](const EpochLog& e) {
        REQUIRE(batches.size() == 12);
        double weighted = 0, plain = 0, rows = 0;
        for (const auto& b : batches) weighted += b.loss * static_cast<double>(b.size), plain += b.loss, rows += static_cast<double>(b.size);
        CHECK(rows == 364);
        CHECK(batches.back().size == 364 - 11 * 32);  // the partial last batch is kept, not dropped
        CHECK(e.logs.at("loss") == Approx(weighted / rows).epsilon(1e-12));
        CHECK(std::fabs(e.logs.at("loss") - plain / 12) > 1e-6);  // not the mean of the batch means
        // Validation with the weights after the epoch's last step (as Keras' fit runs it after the epoch).
        const Evaluation v = t.evaluate(s->validation_data());
        CHECK(e.logs.at("val_loss") == v.loss);
        CHECK(e.logs.at("val_accuracy") == v.metrics.at("accuracy"));
        batches.clear();
        ++checked;
    };
    t.fit();
    CHECK(checked == 3);
}

TEST_CASE("shuffling: a new order of the training rows every epoch; none with shuffle false", "[keras]") {
    for (bool shuffle : {true, false}) {
        auto s = prepared(cancer_spec(3, shuffle));
        Trainer& t = s->trainer();
        std::vector<std::vector<std::uint32_t>> orders;
        t.on_epoch = [&](const EpochLog&) { orders.push_back(t.state().order); };
        t.fit();
        REQUIRE(orders.size() == 3);
        std::vector<std::uint32_t> identity(364);
        std::iota(identity.begin(), identity.end(), 0u);
        for (const auto& o : orders) {
            auto sorted = o;
            std::sort(sorted.begin(), sorted.end());
            CHECK(sorted == identity);  // every row once per epoch
        }
        if (shuffle) {
            CHECK(orders[0] != identity);
            CHECK(orders[0] != orders[1]);
            CHECK(orders[1] != orders[2]);
        } else {
            for (const auto& o : orders) CHECK(o == identity);
        }
    }
}

TEST_CASE("the reported loss includes the regularisation penalty, as Keras adds it", "[keras]") {
    auto s = prepared(cancer_spec(1, true, "l2(0.01)"));
    s->trainer().fit();
    const Dataset& d = s->train_data();
    const Mat p = s->model().predict(d.x);
    double bce = 0;
    for (Index r = 0; r < d.size(); ++r) {
        const double y = d.y(r, 0), q = p(r, 0);
        bce -= y * std::log(q) + (1 - y) * std::log(1 - q);
    }
    bce /= static_cast<double>(d.size());
    const MatMap k = s->model().param(0, "kernel");
    const double penalty = 0.01 * k.cast<double>().squaredNorm();
    REQUIRE(penalty > 0.01);
    CHECK(s->trainer().evaluate(d).loss == Approx(bce + penalty).epsilon(1e-5));
}

TEST_CASE("cross-entropy at saturated outputs: exact through the logits, clipped at 1e-7 from probabilities", "[keras]") {
    // Keras' TensorFlow backend takes a sigmoid's or softmax's logits when it has them (_get_logits), so a
    // confidently wrong logit of 40 costs 40; from bare probabilities it clips to [1e-7, 1 - 1e-7].
    Mat z = Mat::Constant(1, 1, 40.0f), y0 = Mat::Zero(1, 1), y1 = Mat::Ones(1, 1);
    Mat out = Mat::Ones(1, 1);  // sigmoid(40) in float
    Loss fused(LossKind::binary_crossentropy), bare(LossKind::binary_crossentropy);
    fused.set_fused(true);
    const MatMap zm = view(z);
    CHECK(fused.value(view(out), &zm, view(y0)) == Approx(40.0).epsilon(1e-6));
    CHECK(fused.value(view(out), &zm, view(y1)) == Approx(std::log1p(std::exp(-40.0))).margin(1e-12));
    const float clipped = 1.0f - 1e-7f;  // the float Keras clips to
    CHECK(bare.value(view(out), nullptr, view(y0)) == Approx(-std::log(static_cast<double>(1.0f - clipped))).epsilon(1e-5));
    CHECK(bare.value(view(out), nullptr, view(y1)) == Approx(-std::log(static_cast<double>(clipped))).margin(1e-6));
    Mat zero = Mat::Zero(1, 1);
    CHECK(bare.value(view(zero), nullptr, view(y1)) == Approx(-std::log(1e-7)).epsilon(1e-5));

    Mat logits = (Mat(1, 3) << 60.0f, 0.0f, -20.0f).finished(), probs = (Mat(1, 3) << 1.0f, 0.0f, 0.0f).finished();
    Mat label = Mat::Constant(1, 1, 2.0f);
    Loss sparse(LossKind::sparse_categorical_crossentropy);
    sparse.set_fused(true);
    const MatMap lm = view(logits);
    CHECK(sparse.value(view(probs), &lm, view(label)) == Approx(80.0).epsilon(1e-6));  // logsumexp - z = 60 + 20
}

TEST_CASE("initialisers: a conv kernel's fans are its area times the input channels and times the filters", "[keras]") {
    // 5x5 kernels over 8 channels into 64 filters: fan_in 200, fan_out 1600 (Keras' compute_fans).
    for (const char* name : {"glorot_uniform", "he_normal"}) {
        Conv2D layer(64, 5, 5, 1, true, Activation::linear, true, parse_initializer(name, "k"), Regularizer{});
        layer.build({12, 12, 8});
        std::vector<float> params(5 * 5 * 8 * 64 + 64), grads(params.size());
        layer.bind(params.data(), grads.data());
        Rng rng(11);
        layer.initialize(rng);
        const MatMap kernel(params.data(), 200, 64);
        const Moments m = moments_of(kernel);
        if (std::string(name) == "glorot_uniform") {
            const double limit = std::sqrt(6.0 / (200 + 1600));
            CHECK(m.hi <= limit);
            CHECK(m.hi > 0.99 * limit);
            CHECK(m.sd == Approx(limit / std::sqrt(3.0)).epsilon(0.03));
        } else {
            CHECK(m.sd == Approx(std::sqrt(2.0 / 200)).epsilon(0.03));
        }
    }
}

TEST_CASE("random_normal's default stddev is Keras' 0.05, untruncated", "[keras]") {
    const Initializer init = parse_initializer("random_normal", "k");
    CHECK(init.stddev == 0.05f);
    Mat w(400, 500);
    MatMap v = view(w);
    Rng rng(12);
    init.fill(v, 400, 500, rng);
    const Moments m = moments_of(v);
    CHECK(m.sd == Approx(0.05).epsilon(0.01));
    CHECK(m.hi > 2.5 * 0.05);  // beyond two sigmas: not truncated
}

TEST_CASE("'same' padding puts the odd padding row and column at the end, as TensorFlow", "[keras]") {
    // Sums over windows of ones on x(r, c) = r * w + c + 1, worked by hand from TensorFlow's rule:
    // pad = max((out - 1) * stride + kernel - in, 0), pad // 2 before and the rest after.
    const auto conv_sum = [](Index side, Index kernel, Index stride) {
        Conv2D layer(1, kernel, kernel, stride, true, Activation::linear, false, Initializer{}, Regularizer{});
        const Shape out = layer.build({side, side, 1});
        std::vector<float> params(static_cast<std::size_t>(kernel * kernel), 1.0f), grads(params.size());
        layer.bind(params.data(), grads.data());
        Mat x(1, side * side);
        for (Index i = 0; i < x.size(); ++i) x(0, i) = static_cast<float>(i + 1);
        Rng rng;
        return std::pair{out, Mat(layer.forward(view(x), false, rng))};
    };
    {  // 4x4, 2x2 kernel, stride 1: one padding row and column, both after
        const auto [shape, y] = conv_sum(4, 2, 1);
        CHECK(shape == Shape{4, 4, 1});
        CHECK(y(0, 0) == 1 + 2 + 5 + 6);
        CHECK(y(0, 3 * 4 + 3) == 16);
        CHECK(y(0, 3 * 4 + 0) == 13 + 14);
    }
    {  // 5x5, 3x3, stride 2: out 3, two padding rows, one before
        const auto [shape, y] = conv_sum(5, 3, 2);
        CHECK(shape == Shape{3, 3, 1});
        CHECK(y(0, 0) == 1 + 2 + 6 + 7);
        CHECK(y(0, 2 * 3 + 2) == 19 + 20 + 24 + 25);
    }
    {  // 6x6, 3x3, stride 2: out 3, one padding row, after
        const auto [shape, y] = conv_sum(6, 3, 2);
        CHECK(shape == Shape{3, 3, 1});
        CHECK(y(0, 0) == (1 + 2 + 3) + (7 + 8 + 9) + (13 + 14 + 15));
        CHECK(y(0, 2 * 3 + 2) == 29 + 30 + 35 + 36);
    }
    Pooling2D pool(true, 2, 2, true);  // 3x3, pool 2, stride 2: out 2, the padding after
    CHECK(pool.build({3, 3, 1}) == Shape{2, 2, 1});
    Mat x = (Mat(1, 9) << 9, 1, 2, 1, 1, 3, 4, 5, 0).finished();
    Rng rng;
    const Mat y = pool.forward(view(x), false, rng);
    CHECK(y == (Mat(1, 4) << 9, 3, 5, 0).finished());
}

TEST_CASE("max pooling: of tied maxima the first in the window takes the gradient, as TensorFlow", "[keras]") {
    Pooling2D pool(true, 2, 2, false);
    pool.build({2, 4, 1});
    // Two windows: all four equal; and 7 twice (at positions 1 and 2 of the window, row-major).
    Mat x = (Mat(1, 8) << 5, 5, 1, 7, 5, 5, 7, 2).finished();
    Rng rng;
    CHECK(Mat(pool.forward(view(x), true, rng)) == (Mat(1, 2) << 5, 7).finished());
    Mat dy = (Mat(1, 2) << 1, 10).finished();
    const Mat dx = pool.backward(view(x), view(dy), true);
    CHECK(dx == (Mat(1, 8) << 1, 0, 0, 10, 0, 0, 0, 0).finished());
}

TEST_CASE("preprocessing statistics come from the training split only", "[keras]") {
    auto s = prepared(cancer_spec(1));
    const auto& pre = s->model().preprocessing();
    const Dataset& train = s->train_data();
    const Dataset& val = s->validation_data();
    for (Index c : {Index{0}, Index{7}, Index{29}}) {
        const double mean = train.x.col(c).cast<double>().mean();
        const double sd = std::sqrt((train.x.col(c).cast<double>().array() - mean).square().mean());
        CHECK(pre.offset[c] == Approx(mean).epsilon(1e-6));
        CHECK(pre.scale[c] == Approx(1.0 / sd).epsilon(1e-5));
        const double all = (train.x.col(c).cast<double>().sum() + val.x.col(c).cast<double>().sum()) /
                           static_cast<double>(train.size() + val.size());
        CHECK(std::fabs(all - mean) > 1e-4 * std::fabs(mean));  // the validation rows would move it
    }
}
