// A model file carries where training stood: 5 epochs, save, load, 5 more equal 10 straight, bit for bit
// (weights, History and the saved file), for each optimizer and from the middle of an epoch too.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "nnplay/error.hpp"
#include "nnplay/io/model_file.hpp"
#include "nnplay/train/session.hpp"

using namespace nnplay;
using namespace nnplay::test;

namespace {
// Breast cancer through an MLP with dropout: shuffles, dropout masks and the optimizer's moments all
// carry over a save. 364 training rows in batches of 32: the last batch of each epoch is partial.
Spec cancer(const json& optimizer, int epochs) {
    json j = json::parse(R"({
        "data": {"source": "csv", "path": "breast-cancer/wdbc.csv", "target": "malignant"},
        "preprocessing": "standardize",
        "model": {"input": [30], "layers": [{"type": "dense", "units": 8, "activation": "relu"},
                                            {"type": "dropout", "rate": 0.25},
                                            {"type": "dense", "units": 1, "activation": "sigmoid"}]},
        "loss": "binary_crossentropy", "metrics": ["accuracy", "mae"],
        "train": {"batch_size": 32, "validation_split": 0.2, "seed": 7}
    })");
    j["optimizer"] = optimizer;
    j["train"]["epochs"] = epochs;
    return spec_from_json(j);
}

std::vector<float> params_of(Session& s) { return {s.model().params().begin(), s.model().params().end()}; }

std::vector<std::uint8_t> saved(Session& s) {
    const TrainingState state = s.trainer().state();
    return save_model(s.model(), s.spec().loss, s.spec().metrics, s.describe(), &state);
}

// A fresh session of `spec` continuing from the file.
std::unique_ptr<Session> resumed(const Spec& spec, const std::vector<std::uint8_t>& file) {
    auto s = prepared(spec);
    SavedModel loaded = load_model(file, "run.nnp");
    REQUIRE(loaded.training);
    REQUIRE(s->adopt(std::move(loaded.model), loaded.training).empty());
    return s;
}
}  // namespace

TEST_CASE("resume: 5 epochs, save, load, 5 more are 10 straight, bit for bit, for every optimizer", "[resume]") {
    for (const char* opt : {R"({"type": "adam", "learning_rate": 0.01})",
                            R"({"type": "sgd", "learning_rate": 0.05, "momentum": 0.9, "nesterov": true})",
                            R"({"type": "rmsprop", "learning_rate": 0.005, "momentum": 0.5})"}) {
        INFO(opt);
        const json o = json::parse(opt);
        auto straight = prepared(cancer(o, 10));
        straight->trainer().fit();

        auto first = prepared(cancer(o, 5));
        first->trainer().fit();
        const auto file = saved(*first);
        CHECK(params_of(*first) != params_of(*straight));

        auto second = resumed(cancer(o, 10), file);
        CHECK(second->trainer().epoch() == 5);
        CHECK_FALSE(second->trainer().finished());
        int first_epoch = -1;
        second->trainer().on_epoch = [&](const EpochLog& e) {
            if (first_epoch < 0) first_epoch = e.epoch;
        };
        second->trainer().fit();
        CHECK(first_epoch == 5);  // the counter continues, as Keras' initial_epoch
        CHECK(params_of(*second) == params_of(*straight));
        CHECK(second->trainer().history().history == straight->trainer().history().history);
        CHECK(second->trainer().history().history.at("val_loss").size() == 10);
        CHECK(saved(*second) == saved(*straight));  // the state itself: moments, rng, order, sums
    }
}

TEST_CASE("resume: from the middle of an epoch, with a learning rate changed live", "[resume]") {
    const json adam = json::parse(R"({"type": "adam", "learning_rate": 0.01})");
    auto straight = prepared(cancer(adam, 4));
    straight->trainer().run(17);  // 12 batches an epoch: stops in the second epoch
    straight->trainer().set_learning_rate(0.003);
    const auto file = saved(*straight);
    straight->trainer().fit();

    auto again = resumed(cancer(adam, 4), file);
    CHECK(again->trainer().epoch() == 1);
    CHECK(again->trainer().batch() == 5);
    CHECK(again->trainer().learning_rate() == 0.003);
    again->trainer().fit();
    CHECK(params_of(*again) == params_of(*straight));
    CHECK(again->trainer().history().history == straight->trainer().history().history);
}

TEST_CASE("resume: early stopping carries over a save, its wait, best epoch and best weights; a stopped run stays finished",
          "[resume]") {
    const json adam = json::parse(R"({"type": "adam", "learning_rate": 0.05})");
    const auto spec = [&] {
        Spec s = cancer(adam, 300);
        s.train.early_stopping.monitor = "val_loss";
        s.train.early_stopping.patience = 4;
        s.train.early_stopping.restore_best_weights = true;
        return s;
    };
    auto straight = prepared(spec());
    straight->trainer().fit();
    REQUIRE(straight->trainer().stopped_early());
    const int stop = straight->trainer().epoch();
    const int best = straight->trainer().best_epoch();
    REQUIRE(best + 1 < stop);  // saved below between the best epoch and the stop: the wait is under way

    auto first = prepared(spec());
    first->trainer().run((best + 2) * 12);  // 12 batches an epoch
    const auto file = saved(*first);
    auto second = resumed(spec(), file);
    CHECK(second->trainer().best_epoch() == best);
    second->trainer().fit();
    CHECK(second->trainer().stopped_early());
    CHECK(second->trainer().epoch() == stop);
    CHECK(params_of(*second) == params_of(*straight));  // the best epoch's weights, kept across the save
    CHECK(second->trainer().history().history == straight->trainer().history().history);

    auto after = resumed(spec(), saved(*straight));
    CHECK(after->trainer().finished());
    CHECK(after->trainer().stopped_early());
    CHECK(after->trainer().run(5) == 0);
    CHECK(params_of(*after) == params_of(*straight));
}

TEST_CASE("resume: a state that does not fit is refused with the reason, and the weights still load", "[resume]") {
    const json adam = json::parse(R"({"type": "adam", "learning_rate": 0.01})");
    auto run = prepared(cancer(adam, 2));
    run->trainer().fit();
    const auto file = saved(*run);

    Spec other = cancer(json::parse(R"({"type": "sgd"})"), 3);
    auto s = prepared(other);
    SavedModel loaded = load_model(file, "run.nnp");
    const auto weights = std::vector<float>(loaded.model->params().begin(), loaded.model->params().end());
    CHECK(s->adopt(std::move(loaded.model), loaded.training) == "the saved training used the adam optimizer, this spec uses sgd");
    CHECK(params_of(*s) == weights);
    CHECK(s->trainer().epoch() == 0);

    json fewer = cancer(adam, 3).to_json();
    fewer["data"]["train_limit"] = 300;
    auto t = prepared(spec_from_json(fewer));
    loaded = load_model(file, "run.nnp");
    CHECK(t->adopt(std::move(loaded.model), loaded.training) == "the saved training had 364 training rows, this data has 192");
    CHECK(t->trainer().epoch() == 0);
}

TEST_CASE("resume: a file without a training state starts afresh; a damaged state is refused", "[resume]") {
    const json adam = json::parse(R"({"type": "adam", "learning_rate": 0.01})");
    auto run = prepared(cancer(adam, 1));
    run->trainer().fit();
    const auto plain = save_model(run->model(), run->spec().loss, run->spec().metrics, run->describe());
    SavedModel loaded = load_model(plain, "plain.nnp");
    CHECK_FALSE(loaded.training);

    // A state whose row order is not a permutation: found on resume, before any row is read.
    TrainingState state = run->trainer().state();
    state.order[0] = state.order[1];
    auto s = prepared(cancer(adam, 3));
    CHECK(s->adopt(load_model(plain, "plain.nnp").model, state) == "the saved row order is not a permutation of the training rows");
    state = run->trainer().state();
    state.optimizer_state.values.pop_back();
    CHECK(s->adopt(load_model(plain, "plain.nnp").model, state) ==
          "the saved adam state holds " + std::to_string(state.optimizer_state.values.size()) +
              " values, this model's optimizer needs " + std::to_string(state.optimizer_state.values.size() + 1));
    CHECK(s->trainer().epoch() == 0);
}
