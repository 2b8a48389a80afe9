// Training end to end: known solutions, the presets' accuracy, saved models, determinism, slices
// and divergence.
#include <catch2/catch.hpp>

#include <Eigen/Dense>

#include "helpers.hpp"
#include "nnplay/error.hpp"
#include "nnplay/io/model_file.hpp"
#include "nnplay/train/session.hpp"

using namespace nnplay;
using namespace nnplay::test;
using Catch::Contains;

namespace {

// Breast cancer through a small MLP with dropout and a validation split: every source of
// randomness (split, initialisation, shuffles, dropout masks) is in play.
json cancer_mlp(std::uint64_t seed, int epochs = 8) {
    json j = json::parse(R"({
        "data": {"source": "csv", "path": "breast-cancer/wdbc.csv", "target": "malignant"},
        "preprocessing": "standardize",
        "model": {"input": [30], "layers": [{"type": "dense", "units": 16, "activation": "relu"},
                                            {"type": "dropout", "rate": 0.3},
                                            {"type": "dense", "units": 1, "activation": "sigmoid"}]},
        "loss": "binary_crossentropy",
        "optimizer": {"type": "adam", "learning_rate": 0.01},
        "metrics": ["accuracy", "mae"],
        "train": {"batch_size": 32, "validation_split": 0.1, "test_split": 0.2}
    })");
    j["train"]["seed"] = seed;
    j["train"]["epochs"] = epochs;
    return j;
}

std::vector<float> params_of(Model& m) { return {m.params().begin(), m.params().end()}; }

}  // namespace

TEST_CASE("linear regression on all of Boston converges to the normal-equation solution", "[training]") {
    const Spec spec = spec_from_json(json::parse(R"({
        "data": {"source": "csv", "path": "house-prices/boston.csv", "target": "MEDV"},
        "preprocessing": "standardize",
        "model": {"input": [13], "layers": [{"type": "dense", "units": 1, "activation": "linear"}]},
        "loss": "mean_squared_error",
        "optimizer": {"type": "sgd", "learning_rate": 0.1},
        "metrics": ["mse"],
        "train": {"epochs": 3000, "batch_size": "full", "validation_split": 0.0, "seed": 7}
    })"));
    const Dataset all = load_csv(spec.data.path, spec.data.target, spec.data.drop);
    REQUIRE(all.size() == 506);
    REQUIRE(all.features.size() == 13);
    Session session(spec);
    session.prepare(all, all);  // a test set is given, so nothing is split off: all 506 rows train
    REQUIRE(session.train_data().size() == 506);
    REQUIRE(session.trainer().batches_per_epoch() == 1);
    session.trainer().fit();

    // Ordinary least squares with an intercept, in double, on the raw features.
    const Index n = all.size(), f = 13;
    Eigen::MatrixXd X(n, f + 1);
    X.col(0).setOnes();
    X.rightCols(f) = all.x.cast<double>();
    const Eigen::VectorXd y = all.y.col(0).cast<double>();
    const Eigen::VectorXd beta = X.colPivHouseholderQr().solve(y);
    const Eigen::VectorXd ols_pred = X * beta;
    const double ols_mse = (ols_pred - y).squaredNorm() / static_cast<double>(n);
    const double r2 = 1 - ols_mse / ((y.array() - y.mean()).square().sum() / static_cast<double>(n));
    CHECK(ols_mse == Approx(21.89).margin(0.005));  // the README's oracle
    CHECK(r2 == Approx(0.7406).margin(0.00005));

    const Evaluation e = session.evaluate_test();
    INFO("gradient descent MSE " << e.loss << ", normal equations " << ols_mse);
    CHECK(e.loss == Approx(21.89).margin(0.01));
    CHECK(e.loss - ols_mse == Approx(0).margin(1e-4));  // float evaluation rounds at ~1e-6
    CHECK(e.metrics.at("mse") == Approx(e.loss).epsilon(1e-6));  // the same sum, rounded in another order

    // Undo the standardisation x' = (x - offset) * scale: raw weight = w * scale, and compare in
    // standardised units (w = beta * sd), where all weights are of similar size. After 3000 full-batch
    // steps what is left is float rounding: the weights agree to ~1e-5, the margins are 10x that and more.
    Model& m = session.model();
    const MatMap w = m.param(0, "kernel");
    const double b = m.param(0, "bias")(0, 0);
    const Preprocessing& pre = m.preprocessing();
    double intercept = b;
    for (Index j = 0; j < f; ++j) {
        INFO("feature " << all.features[static_cast<std::size_t>(j)]);
        CHECK(w(j, 0) == Approx(beta(j + 1) / pre.scale[j]).margin(2e-4));
        intercept -= static_cast<double>(w(j, 0)) * pre.scale[j] * pre.offset[j];
    }
    CHECK(intercept == Approx(beta(0)).margin(2e-3));
    const Mat pred = m.predict(all.x);
    CHECK((pred.col(0).cast<double>() - ols_pred).cwiseAbs().maxCoeff() < 1e-3);  // k$
}

TEST_CASE("logistic regression preset on breast cancer: test accuracy of at least 0.95", "[training]") {
    auto s = prepared(load_preset("cancer-logistic"));
    CHECK(s->test_data().size() == 114);  // round(0.2 * 569)
    CHECK(s->validation_data().size() == 46);  // Keras: 455 - floor(455 * 0.9)
    s->trainer().fit();
    const Evaluation e = s->evaluate_test();
    INFO("test loss " << e.loss << ", accuracy " << e.metrics.at("accuracy"));
    CHECK(e.metrics.at("accuracy") >= 0.95);
}

TEST_CASE("mnist-mlp preset: test accuracy of at least 0.975 after 10 epochs", "[training][slow]") {
    const Spec spec = load_preset("mnist-mlp");
    REQUIRE(spec.train.epochs == 10);
    auto s = prepared(spec);
    CHECK(s->train_data().size() == 54000);
    CHECK(s->test_data().size() == 10000);
    s->trainer().fit();
    const Evaluation e = s->evaluate_test();
    INFO("test loss " << e.loss << ", accuracy " << e.metrics.at("accuracy"));
    CHECK(e.metrics.at("accuracy") >= 0.975);
}

TEST_CASE("model file round trip: a loaded model predicts bit for bit what the saved one did", "[training]") {
    auto s = prepared(spec_from_json(cancer_mlp(11, 5)));
    s->trainer().fit();
    Model& original = s->model();
    const Dataset& test = s->test_data();  // raw inputs: predict applies the saved preprocessing
    const Mat before = original.predict(test.x);

    const auto bytes = save_model(original, s->spec().loss, s->spec().metrics, s->describe());
    const SavedModel loaded = load_model(bytes, "cancer.nnp");
    Model& copy = *loaded.model;
    CHECK(copy.config() == original.config());
    CHECK(copy.preprocessing().kind == "standardize");
    CHECK(copy.preprocessing().offset == original.preprocessing().offset);
    CHECK(copy.preprocessing().scale == original.preprocessing().scale);
    CHECK(params_of(copy) == params_of(original));
    CHECK(loaded.loss == LossKind::binary_crossentropy);
    CHECK(loaded.metrics == s->spec().metrics);
    CHECK(loaded.info.at("features").size() == 30);

    const Mat after = copy.predict(test.x);
    REQUIRE(after.rows() == before.rows());
    CHECK(std::memcmp(after.data(), before.data(), sizeof(float) * static_cast<std::size_t>(before.size())) == 0);
    // Evaluating the loaded model on raw data gives the session's own test figures exactly.
    const Evaluation a = s->evaluate_test(), b = evaluate_raw(copy, loaded.loss, loaded.metrics, test);
    CHECK(a.loss == b.loss);
    CHECK(a.metrics == b.metrics);
    // Saving the loaded model again gives the same bytes.
    CHECK(save_model(copy, loaded.loss, loaded.metrics, loaded.info) == bytes);
}

TEST_CASE("determinism: the same spec and seed give the same History and another seed another one", "[training]") {
    auto history = [](std::uint64_t seed) {
        auto s = prepared(spec_from_json(cancer_mlp(seed)));
        s->trainer().fit();
        return s->trainer().history().history;
    };
    const auto a = history(42), b = history(42), c = history(43);
    REQUIRE(a.count("loss"));
    REQUIRE(a.count("val_loss"));
    REQUIRE(a.count("val_accuracy"));
    CHECK(a.at("loss").size() == 8);
    CHECK(a == b);
    CHECK(a.at("loss") != c.at("loss"));
    CHECK(a.at("val_loss") != c.at("val_loss"));
}

TEST_CASE("trainer in slices: run(7) to the end gives exactly the History of fit()", "[training]") {
    const Spec spec = spec_from_json(cancer_mlp(5, 6));
    auto whole = prepared(spec), sliced = prepared(spec);
    whole->trainer().fit();

    Trainer& t = sliced->trainer();
    int batches = 0, calls = 0, epochs_logged = 0;
    t.on_batch = [&](const BatchLog& log) {
        CHECK(log.batch == batches % t.batches_per_epoch());
        CHECK(log.epoch == batches / t.batches_per_epoch());
        ++batches;
    };
    t.on_epoch = [&](const EpochLog& log) { CHECK(log.epoch == epochs_logged++); };
    while (!t.finished()) {
        const int ran = t.run(7);
        CHECK(ran >= 1);
        CHECK(ran <= 7);
        ++calls;
    }
    CHECK(t.run(7) == 0);
    CHECK(batches == 6 * t.batches_per_epoch());
    CHECK(epochs_logged == 6);
    CHECK(calls == (batches + 6) / 7);
    CHECK(t.history().history == whole->trainer().history().history);
    CHECK(params_of(sliced->model()) == params_of(whole->model()));
}

TEST_CASE("divergence: a loss that stops being finite stops training with the weights from before", "[training]") {
    // Unstandardised house prices (TAX ~ 400) and a learning rate of 1000: the loss overflows in a
    // few batches.
    const Spec spec = spec_from_json(json::parse(R"({
        "data": {"source": "csv", "path": "house-prices/boston.csv", "target": "MEDV"},
        "model": {"input": [13], "layers": [{"type": "dense", "units": 1}]},
        "loss": "mean_squared_error",
        "optimizer": {"type": "sgd", "learning_rate": 1000},
        "train": {"epochs": 5, "batch_size": 32, "seed": 3}
    })"));
    auto s = prepared(spec);
    Trainer& t = s->trainer();
    std::vector<float> last = params_of(s->model());  // the weights after the last good step
    int good = 0;
    t.on_batch = [&](const BatchLog&) {
        last = params_of(s->model());
        ++good;
    };
    std::string message;
    try {
        t.fit();
    } catch (const Error& e) {
        message = e.what();
    }
    INFO(message);
    REQUIRE_FALSE(message.empty());
    const int epoch = good / t.batches_per_epoch() + 1, batch = good % t.batches_per_epoch() + 1;
    CHECK_THAT(message, Contains("training stopped at epoch " + std::to_string(epoch) + ", batch " + std::to_string(batch)));
    CHECK_THAT(message, Contains("The learning rate (1000) is probably too high"));
    CHECK_THAT(message, Contains("NaN") || Contains("infinite"));
    const auto now = params_of(s->model());
    CHECK(now == last);
    CHECK(std::all_of(now.begin(), now.end(), [](float v) { return std::isfinite(v); }));
    CHECK(t.finished());
    CHECK(t.run(10) == 0);  // stopped for good
}
