// TF.js Layers import: nnplay's own export reads back to the same predictions (every layer kind, the
// preprocessing as Rescaling or BatchNormalization), and hostile files are refused by name before allocation.
#include <cstring>

#include "nnplay/error.hpp"
#include "nnplay/io/export.hpp"
#include "nnplay/io/import.hpp"
#include "nnplay/random.hpp"

#include "helpers.hpp"

#include <catch2/catch.hpp>

using namespace nnplay;
using nnplay::test::random_model;

namespace {

const json kZoo = json::parse(R"({"input": [9, 7, 2], "layers": [
    {"type": "conv2d", "filters": 3, "kernel_size": [3, 2], "strides": 2, "padding": "same", "activation": "tanh"},
    {"type": "average_pooling2d", "pool_size": 2, "padding": "same"},
    {"type": "conv2d", "filters": 2, "kernel_size": 1, "use_bias": false},
    {"type": "max_pooling2d", "pool_size": 2, "strides": 1}, {"type": "relu"}, {"type": "flatten"},
    {"type": "dense", "units": 5, "activation": "sigmoid"}, {"type": "dropout", "rate": 0.25},
    {"type": "dense", "units": 4, "use_bias": false}, {"type": "softmax"}]})");

struct Files {
    std::string json;
    std::vector<std::uint8_t> weights;
};

Files exported(Model& m) {
    const TfjsModel t = tfjs_model(m, {{"task", "classification"}, {"class_names", {"a", "b", "c", "d"}}});
    return {t.model.dump(), t.weights};
}

}  // namespace

TEST_CASE("a TF.js export imports back to the same layers, weights and predictions") {
    for (const std::string pre : {"none", "rescale", "standardize", "minmax"}) {
        INFO(pre);
        auto m = random_model(kZoo, pre, 7);
        const Files f = exported(*m);
        const SavedModel back = import_tfjs(f.json, f.weights, "model.json");
        CHECK(back.model->config() == m->config());
        CHECK(back.loss == LossKind::sparse_categorical_crossentropy);
        CHECK(back.info["class_names"] == json({"a", "b", "c", "d"}));
        const Mat x = Mat::Random(6, m->input_size()) * 4.0f;
        const Mat want = m->predict(x), got = back.model->predict(x);
        CHECK((got - want).cwiseAbs().maxCoeff() <= 1e-6f);
    }
    // A flat model with one sigmoid output reads as a binary classifier.
    auto m = random_model(json::parse(R"({"input": [4], "layers": [{"type": "dense", "units": 1, "activation": "sigmoid"}]})"), "standardize", 3);
    const Files f = exported(*m);
    CHECK(import_tfjs(f.json, f.weights, "m.json").loss == LossKind::binary_crossentropy);
}

TEST_CASE("TF.js files with what nnplay lacks, or that do not add up, are refused by name") {
    auto m = random_model(kZoo, "standardize", 1);
    const Files f = exported(*m);
    const json model = json::parse(f.json);
    const auto refuse = [&](const json& j, const std::vector<std::uint8_t>& w, const std::string& what) {
        CHECK_THROWS_WITH(import_tfjs(j.dump(), w, "bad.json"), Catch::Contains(what));
    };
    refuse(model, {f.weights.begin(), f.weights.end() - 4}, "the weights file is " + std::to_string(f.weights.size() - 4) + " bytes, the manifest describes");
    auto w = f.weights;
    w.resize(w.size() + 8);
    refuse(model, w, "the manifest describes " + std::to_string(f.weights.size()) + " bytes");
    json j = model;
    j["weightsManifest"][0]["weights"][4]["name"] = "other/kernel";  // conv2d's kernel
    refuse(j, f.weights, "missing weights: no 'conv2d/kernel' in the weights manifest");
    j = model;
    j["weightsManifest"][0]["weights"][4]["shape"] = {1 << 20, 1 << 20, 1 << 20};  // 2^60 floats: counted saturating
    refuse(j, f.weights, "the manifest describes over 4 TiB");
    j = model;
    j["weightsManifest"][0]["weights"][4]["shape"] = {-3};
    refuse(j, f.weights, "impossible shape [-3]");
    j = model;
    j["weightsManifest"][0]["weights"][0]["dtype"] = "int32";
    refuse(j, f.weights, "only float32 weights");
    j = model;
    auto& layers = j["modelTopology"]["config"]["layers"];
    layers[4] = {{"class_name", "LSTM"}, {"config", {{"name", "lstm"}, {"units", 3}}}};
    refuse(j, f.weights, "layer 4 'lstm' (LSTM): nnplay has no such layer");
    j = model;
    j["modelTopology"]["config"]["layers"][3]["config"]["activation"] = "elu";
    refuse(j, f.weights, "activation 'elu' is not one nnplay has");
    j = model;
    j["modelTopology"]["config"]["layers"][3]["config"]["data_format"] = "channels_first";
    refuse(j, f.weights, "channels_first");
    j = model;
    j["modelTopology"]["config"]["layers"][0]["config"]["batch_input_shape"] = {nullptr, 100000, 100000, 3};
    refuse(j, f.weights, "input size 100000 is not between 1 and 65536");
    auto plain = random_model(kZoo, "none", 1);
    const Files p = exported(*plain);
    j = json::parse(p.json);
    j["modelTopology"]["config"]["layers"][0]["config"]["batch_input_shape"] = {nullptr, 60000, 60000, 3};
    CHECK_THROWS_WITH(import_tfjs(j.dump(), p.weights, "big.json"), Catch::Contains("do not make a model nnplay can run"));  // the memory budget, before allocating
    j = model;
    j["modelTopology"]["class_name"] = "Functional";
    refuse(j, f.weights, "a 'Functional' model: only Sequential");
    j = model;
    j["modelTopology"]["config"]["layers"][1]["config"]["name"] = true;  // a field of the wrong kind (found by fuzz_tfjs)
    refuse(j, f.weights, "bad.json: a malformed TensorFlow.js model");
    refuse(json("text"), f.weights, "model.json is not an object");
    CHECK_THROWS_WITH(import_tfjs("{\"modelTopology\": ", f.weights, "cut.json"), Catch::Contains("cut.json: not JSON"));
}
