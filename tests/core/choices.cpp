// Every named choice of a spec is refused with the whole list of allowed values and a "did you mean"
// hint; the lists the page's editor gets come from the same tables; limits name their real range;
// each batch log carries its own values next to the running means.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "nnplay/error.hpp"
#include "nnplay/layers/layer.hpp"
#include "nnplay/limits.hpp"
#include "nnplay/model/choices.hpp"
#include "nnplay/model/model.hpp"
#include "nnplay/train/optimizer.hpp"
#include "nnplay/train/session.hpp"

using namespace nnplay;
using namespace nnplay::test;

namespace {
json dense_spec() {
    return json::parse(R"({
        "data": {"source": "csv", "path": "breast-cancer/wdbc.csv", "target": "malignant"},
        "model": {"input": [30], "layers": [{"type": "dense", "units": 4, "activation": "relu"},
                                            {"type": "dense", "units": 1, "activation": "sigmoid"}]},
        "loss": "binary_crossentropy", "preprocessing": "standardize",
        "optimizer": {"type": "adam", "learning_rate": 0.01},
        "train": {"epochs": 2, "batch_size": 50, "validation_split": 0.2}
    })");
}

json conv_model() {
    return json::parse(R"({"input": [6, 6, 1], "layers": [
        {"type": "conv2d", "filters": 2, "kernel_size": 3}, {"type": "max_pooling2d"}, {"type": "flatten"},
        {"type": "dense", "units": 2, "activation": "softmax"}]})");
}

// The message a spec is refused with.
std::string refusal(const json& spec) {
    try {
        spec_from_json(spec);
    } catch (const Error& e) {
        return e.what();
    }
    return "(accepted)";
}
}  // namespace

TEST_CASE("named choices: each refusal lists every allowed value and suggests the closest", "[errors][choices]") {
    json j = dense_spec();
    j["model"]["layers"][1]["activation"] = "relux";
    CHECK(refusal(j) == "model.layers[1].activation: 'relux' is not one of relu, sigmoid, tanh, softmax or linear "
                        "(did you mean 'relu'?)");
    j["model"]["layers"][1]["activation"] = "swish";  // no plausible typo: the list alone
    CHECK(refusal(j) == "model.layers[1].activation: 'swish' is not one of relu, sigmoid, tanh, softmax or linear");

    j = dense_spec();
    j["model"]["layers"][0]["kernel_initializer"] = "he_norml";
    CHECK(refusal(j) == "model.layers[0].kernel_initializer: 'he_norml' is not one of glorot_uniform, glorot_normal, "
                        "he_normal, he_uniform, random_normal, random_uniform or zeros (did you mean 'he_normal'?)");
    j["model"]["layers"][0]["kernel_initializer"] = {{"type", "zero"}};
    CHECK(refusal(j) == "model.layers[0].kernel_initializer.type: 'zero' is not one of glorot_uniform, glorot_normal, "
                        "he_normal, he_uniform, random_normal, random_uniform or zeros (did you mean 'zeros'?)");

    j = dense_spec();
    j["model"]["layers"][0]["kernel_regularizer"] = "l3(0.1)";
    CHECK(refusal(j) == "model.layers[0].kernel_regularizer: 'l3' is not one of l1, l2 or l1_l2 (did you mean 'l1'?)");

    j = dense_spec();
    j["loss"] = "binary_crossentropi";
    CHECK(refusal(j) == "loss: 'binary_crossentropi' is not one of mean_squared_error, binary_crossentropy, "
                        "categorical_crossentropy or sparse_categorical_crossentropy (did you mean 'binary_crossentropy'?)");
    j["loss"] = "ms";  // the alias is hinted, though only the full name is listed
    CHECK(refusal(j) == "loss: 'ms' is not one of mean_squared_error, binary_crossentropy, categorical_crossentropy or "
                        "sparse_categorical_crossentropy (did you mean 'mse'?)");

    j = dense_spec();
    j["optimizer"] = "adamw";
    CHECK(refusal(j) == "optimizer.type: 'adamw' is not one of sgd, adam or rmsprop (did you mean 'adam'?)");
    j["optimizer"] = {{"type", "nadam"}};
    CHECK(refusal(j) == "optimizer.type: 'nadam' is not one of sgd, adam or rmsprop (did you mean 'adam'?)");

    j = dense_spec();
    j["preprocessing"] = "normalize";
    CHECK(refusal(j) == "preprocessing.type: 'normalize' is not one of none, rescale, standardize or minmax");

    j = dense_spec();
    j["metrics"] = {"accuracy", "precission"};
    CHECK(refusal(j) == "metrics: 'precission' is not one of accuracy, mse or mae");
    j["metrics"] = {"accurcy"};
    CHECK(refusal(j) == "metrics: 'accurcy' is not one of accuracy, mse or mae (did you mean 'accuracy'?)");

    j = dense_spec();
    j["data"]["source"] = "csvs";
    CHECK(refusal(j) == "data.source: 'csvs' is not one of mnist, csv or images (did you mean 'csv'?)");
    j = dense_spec();
    j["data"]["missing"] = "dropp";
    CHECK(refusal(j) == "data.missing: 'dropp' is not one of impute or drop (did you mean 'drop'?)");
    j = dense_spec();
    j["data"]["color"] = "gray";
    CHECK(refusal(j) == "data.color: 'gray' is not one of auto, grayscale or rgb");

    j = dense_spec();
    j["train"]["early_stopping"] = {{"monitor", "val_acuracy"}};
    CHECK(refusal(j) == "train.early_stopping.monitor: 'val_acuracy' is not one of loss, val_loss, accuracy or val_accuracy "
                        "(did you mean 'val_accuracy'?)");
    j["train"]["early_stopping"] = {{"monitor", "val_mae"}};  // a metric the spec does not log
    CHECK(refusal(j) == "train.early_stopping.monitor: 'val_mae' is not one of loss, val_loss, accuracy or val_accuracy");
    j["train"]["early_stopping"] = {{"mode", "maximum"}};
    CHECK(refusal(j) == "train.early_stopping.mode: 'maximum' is not one of auto, min or max");

    json m = conv_model();
    m["layers"][0]["padding"] = "sme";
    CHECK_THROWS_WITH(Model::from_config(m), "model.layers[0].padding: 'sme' is not one of valid or same (did you mean 'same'?)");
    m = conv_model();
    m["layers"][1]["padding"] = "full";
    CHECK_THROWS_WITH(Model::from_config(m), "model.layers[1].padding: 'full' is not one of valid or same");
    m = conv_model();
    m["layers"][1]["type"] = "max_pooling_2d";
    CHECK_THROWS_WITH(Model::from_config(m),
                      "model.layers[1].type: 'max_pooling_2d' is not one of dense, conv2d, max_pooling2d, average_pooling2d, "
                      "dropout, flatten, activation, relu, sigmoid, tanh or softmax (did you mean 'max_pooling2d'?)");
    m["layers"][1] = {{"units", 3}};
    CHECK_THROWS_WITH(Model::from_config(m),
                      "model.layers[1]: a layer needs a \"type\", one of dense, conv2d, max_pooling2d, average_pooling2d, "
                      "dropout, flatten, activation, relu, sigmoid, tanh or softmax");
}

TEST_CASE("named choices: aliases are accepted, and a hand-built optimizer of an unknown type is refused", "[choices]") {
    json j = dense_spec();
    j["loss"] = "mse";
    j["metrics"] = {"acc", "mean_absolute_error"};
    j["model"]["layers"][1]["activation"] = "none";
    const Spec s = spec_from_json(j);
    CHECK(s.loss == LossKind::mean_squared_error);
    CHECK(s.metrics == std::vector<Metric>{Metric::accuracy, Metric::mae});
    CHECK(s.to_json()["loss"] == "mean_squared_error");  // written back by its listed name
    OptimizerSpec o;
    o.type = "adagrad";  // once silently became Adam
    CHECK_THROWS_WITH(make_optimizer(o, 4), "optimizer.type: 'adagrad' is not one of sgd, adam or rmsprop");
}

TEST_CASE("choices(): every list is the one the parser accepts, and the limits are the parser's", "[choices]") {
    const json c = spec_choices();
    CHECK(c["activation"] == json{"relu", "sigmoid", "tanh", "softmax", "linear"});
    CHECK(c["optimizer"] == json{"sgd", "adam", "rmsprop"});
    CHECK(c["padding"] == json{"valid", "same"});
    CHECK(c["limits"]["max_epochs"] == 100000);
    CHECK(c["limits"]["max_batch_size"] == 1048576);
    CHECK(c["limits"]["max_units"] == 16777216);
    CHECK(c["limits"]["max_learning_rate"] == 1000.0);
    for (const char* key : {"activation", "initializer", "loss", "optimizer", "regularizer", "padding", "preprocessing",
                            "layer", "metric"})
        REQUIRE(c[key].size() >= 2);
    // Each listed name is accepted where the spec takes it.
    for (const auto& name : c["activation"]) {
        json j = dense_spec();
        j["model"]["layers"][0]["activation"] = name;
        CHECK_NOTHROW(spec_from_json(j));
    }
    for (const auto& name : c["initializer"]) {
        json j = dense_spec();
        j["model"]["layers"][0]["kernel_initializer"] = name;
        CHECK_NOTHROW(spec_from_json(j));
    }
    for (const auto& name : c["regularizer"]) {
        json j = dense_spec();
        j["model"]["layers"][0]["kernel_regularizer"] = name;
        CHECK_NOTHROW(spec_from_json(j));
    }
    for (const auto& name : c["loss"]) {
        json j = dense_spec();
        j["loss"] = name;
        CHECK_NOTHROW(spec_from_json(j));
    }
    for (const auto& name : c["optimizer"]) {
        json j = dense_spec();
        j["optimizer"] = name;
        CHECK(spec_from_json(j).optimizer.type == name);
    }
    for (const auto& name : c["preprocessing"]) {
        if (name == "rescale") continue;  // needs its factor
        json j = dense_spec();
        j["preprocessing"] = name;
        CHECK_NOTHROW(spec_from_json(j));
    }
    for (const auto& name : c["metric"]) {
        json j = dense_spec();
        j["metrics"] = {name};
        CHECK_NOTHROW(spec_from_json(j));
    }
    for (const auto& name : c["padding"]) {
        json m = conv_model();
        m["layers"][0]["padding"] = name;
        CHECK_NOTHROW(Model::from_config(m));
    }
    for (const auto& name : c["layer"]) {
        json layer{{"type", name}};
        if (name == "dense") layer["units"] = 2;
        if (name == "conv2d") layer["filters"] = 1, layer["kernel_size"] = 1;
        if (name == "activation") layer["activation"] = "relu";
        if (name == "dropout") layer["rate"] = 0.5;
        CHECK_NOTHROW(make_layer(layer, "layer"));
    }
    // The limits are the edges the parser accepts.
    json j = dense_spec();
    j["train"]["epochs"] = c["limits"]["max_epochs"];
    CHECK_NOTHROW(spec_from_json(j));
    j["train"]["epochs"] = c["limits"]["max_epochs"].get<int>() + 1;
    CHECK(refusal(j) == "train.epochs: 100001 is outside the allowed range [1, 100000]");
    j = dense_spec();
    j["train"]["batch_size"] = c["limits"]["max_batch_size"].get<std::int64_t>() + 1;
    CHECK(refusal(j) == "train.batch_size: 1048577 is outside the allowed range [1, 1048576]");
}

TEST_CASE("limits: messages name the real cause and the range really accepted", "[errors][choices]") {
    json j = dense_spec();
    j["optimizer"]["learning_rate"] = -1;
    CHECK(refusal(j) == "optimizer.learning_rate: -1 is outside the allowed range: above 0 and at most 1000");
    j["optimizer"]["learning_rate"] = 0;
    CHECK(refusal(j) == "optimizer.learning_rate: 0 is outside the allowed range: above 0 and at most 1000");
    j["optimizer"]["learning_rate"] = 1000;
    CHECK_NOTHROW(spec_from_json(j));

    auto data = load_spec_data(spec_from_json(dense_spec()));
    Session s(spec_from_json(dense_spec()));
    s.prepare(std::move(data.train), std::move(data.test));
    Trainer& t = s.trainer();
    CHECK_THROWS_WITH(t.set_learning_rate(-1), "learning_rate: -1 is outside the allowed range: above 0 and at most 1000");
    CHECK_THROWS_WITH(t.set_epochs(0), "epochs: 0 is outside the allowed range [1, 100000]");
    CHECK_THROWS_WITH(t.set_epochs(limits::kMaxEpochs + 1), "epochs: 100001 is outside the allowed range [1, 100000]");
    t.set_epochs(limits::kMaxEpochs);
    CHECK(t.epochs() == limits::kMaxEpochs);

    // A batch of 100000 rows of 784 inputs: the activations, not the 8,000 weights, are over the budget.
    const json wide = json::parse(R"({"input": [784], "layers": [{"type": "dense", "units": 10, "activation": "softmax"}]})");
    try {
        Model::from_config(wide, {}, 100000, std::uint64_t{1} << 30);
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(std::string(e.what()) == "model: needs about 2.4 GiB (122.7 KiB for 7850 parameters, 2.4 GiB for the activations of "
                                       "a batch of 100000), over the memory budget of 1.0 GiB; use a smaller train.batch_size");
    }
    const json big = json::parse(R"({"input": [784], "layers": [{"type": "dense", "units": 100000}]})");
    CHECK_THROWS_WITH(Model::from_config(big, {}, 1, std::uint64_t{1} << 30),
                      "model: needs about 1.2 GiB (1.2 GiB for 78500000 parameters, 1.5 MiB for the activations of a batch of 1), "
                      "over the memory budget of 1.0 GiB; use fewer units or filters");
}

TEST_CASE("batch logs: each batch's own values, whose sample-weighted mean is the epoch's log", "[training][choices]") {
    json j = dense_spec();
    j["metrics"] = {"accuracy", "mae"};
    j["train"]["batch_size"] = 64;  // 364 training rows: five full batches and a partial one of 44
    const Spec spec = spec_from_json(j);
    auto data = load_spec_data(spec);
    Session s(spec);
    s.prepare(std::move(data.train), std::move(data.test));
    Trainer& t = s.trainer();
    std::vector<BatchLog> batches;
    std::vector<EpochLog> epochs;
    t.on_batch = [&](const BatchLog& b) { batches.push_back(b); };
    t.on_epoch = [&](const EpochLog& e) { epochs.push_back(e); };
    t.fit();
    REQUIRE(epochs.size() == 2);
    const int per_epoch = t.batches_per_epoch();
    REQUIRE(batches.size() == static_cast<std::size_t>(2 * per_epoch));
    bool differs = false;
    for (int e = 0; e < 2; ++e) {
        std::map<std::string, double> sums;
        double n = 0;
        for (int b = 0; b < per_epoch; ++b) {
            const BatchLog& log = batches[static_cast<std::size_t>(e * per_epoch + b)];
            CHECK(log.values.at("loss") == log.loss);
            for (const auto& [k, v] : log.values) sums[k] += v * static_cast<double>(log.size);
            n += static_cast<double>(log.size);
            if (b == 0) CHECK(log.values == std::map<std::string, double>{{"loss", log.epoch_loss},
                                                                         {"accuracy", log.metrics.at("accuracy")},
                                                                         {"mae", log.metrics.at("mae")}});
            else differs = differs || log.values.at("accuracy") != log.metrics.at("accuracy");
            // accuracy of one batch: a whole number of right answers
            const double right = log.values.at("accuracy") * static_cast<double>(log.size);
            CHECK(right == Approx(std::round(right)).margin(1e-9));
        }
        for (const auto& [k, v] : sums) CHECK(v / n == Approx(epochs[static_cast<std::size_t>(e)].logs.at(k)).epsilon(1e-12));
    }
    CHECK(differs);

    const json one = to_json(batches[1]);
    CHECK(one["values"]["accuracy"] == batches[1].values.at("accuracy"));
    CHECK(one["metrics"]["accuracy"] == batches[1].metrics.at("accuracy"));
    for (const char* key : {"epoch", "batch", "batches", "size", "loss", "epoch_loss", "samples_per_second"}) CHECK(one.contains(key));
    CHECK(to_json(epochs[1]) == json{{"epoch", 1}, {"logs", epochs[1].logs}, {"seconds", epochs[1].seconds}});
}
