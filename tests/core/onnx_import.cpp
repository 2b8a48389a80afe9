// ONNX import: nnplay's own export reads back to the same layers and predictions (every layer kind and
// preprocessing, every preset's model), and graphs with what nnplay lacks, or that do not add up, are refused by
// name. Models made elsewhere (NCHW inputs, PyTorch's Gemm) are checked against onnxruntime in tests/wasm/import.
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
    {"type": "dense", "units": 5, "activation": "sigmoid"}, {"type": "dropout", "rate": 0.2},
    {"type": "dense", "units": 4, "use_bias": false, "activation": "softmax"}]})");

const json kInfo = {{"task", "classification"}, {"class_names", {"a", "b", "c", "d"}}};

void same_predictions(Model& want, Model& got) {
    const Mat x = Mat::Random(6, want.input_size()) * 4.0f;
    CHECK((got.predict(x) - want.predict(x)).cwiseAbs().maxCoeff() <= 1e-6f);
}

}  // namespace

TEST_CASE("an ONNX export imports back to the same layers, preprocessing and predictions") {
    for (const std::string pre : {"none", "rescale", "standardize", "minmax"}) {
        INFO(pre);
        auto m = random_model(kZoo, pre, 7);
        // Through the text, as a front hands it over.
        const SavedModel back = import_onnx(json::parse(onnx_model(*m, kInfo).dump()), "zoo.onnx");
        CHECK(back.model->config() == m->config());
        CHECK(back.model->preprocessing().kind == pre);
        CHECK(back.loss == LossKind::sparse_categorical_crossentropy);
        CHECK(back.info["class_names"] == json({"a", "b", "c", "d"}));
        CHECK(back.info["imported_from"] == "ONNX");
        same_predictions(*m, *back.model);
    }
}

TEST_CASE("every preset's model reads back from ONNX to the same model") {
    for (const std::string name : {"mnist-mlp", "mnist-cnn", "house-linear", "cancer-logistic", "tabular-classifier",
                                   "tabular-regressor", "image-classifier"}) {
        INFO(name);
        json spec = json::parse(test::read_text(test::source_path("presets/" + name + ".json")));
        json cfg = spec["model"];
        // What the data would give: an input shape, and three classes.
        if (cfg["input"] == "data") cfg["input"] = name == "image-classifier" ? json{13, 13, 3} : json{7};  // odd: "same" pooling pads
        for (auto& l : cfg["layers"])
            if (l.value("units", json()) == "classes") l["units"] = 3;
        const json pre = spec.value("preprocessing", json("none"));
        auto m = random_model(cfg, pre.is_object() ? "rescale" : pre.get<std::string>(), 3);
        const SavedModel back = import_onnx(onnx_model(*m, json::object()), name + ".onnx");
        CHECK(back.model->config() == m->config());
        same_predictions(*m, *back.model);
        const Activation out = m->output_activation();
        CHECK(back.loss == (out == Activation::softmax ? LossKind::sparse_categorical_crossentropy
                            : out == Activation::sigmoid ? LossKind::binary_crossentropy
                                                         : LossKind::mean_squared_error));
    }
}

TEST_CASE("ONNX graphs with what nnplay lacks, or that do not add up, are refused by name") {
    auto m = random_model(kZoo, "standardize", 1);
    const json model = onnx_model(*m, kInfo);
    const auto refuse = [&](const json& j, const std::string& what) { CHECK_THROWS_WITH(import_onnx(j, "bad.onnx"), Catch::Contains(what)); };
    json j = model;
    auto& nodes = j["graph"]["node"];
    nodes[5]["opType"] = "LeakyRelu";  // the first conv's tanh
    refuse(j, "node 5 'layer0_conv2d_tanh' (LeakyRelu): nnplay has no such operator here");
    j = model;
    j["graph"]["node"][2]["domain"] = "com.microsoft";
    refuse(j, "operator of the domain 'com.microsoft'");
    j = model;
    j["graph"]["initializer"][2]["floatData"].erase(0);  // the first conv's kernel, one value short
    refuse(j, "initializer 'layer0_conv2d_kernel': dims [3,2,3,2] need 36 values, it holds 35");
    j = model;
    j["graph"]["initializer"][2]["dims"] = {"1099511627776", "1099511627776"};
    refuse(j, "impossible dims");
    j = model;
    j["graph"]["initializer"][2]["dims"] = {"1073741824", "1073741824", "1024"};  // 2^70 values: counted saturating
    refuse(j, "need over 2^40 values");
    j = model;
    j["graph"]["initializer"][2]["dataType"] = 11;
    j["graph"]["initializer"][2]["doubleData"] = j["graph"]["initializer"][2]["floatData"];
    j["graph"]["initializer"][2].erase("floatData");
    refuse(j, "'layer0_conv2d_kernel' is float64; only float32 weights can be read");
    j = model;  // found by tests/fuzz/fuzz_onnx: a reader looked for the values in its own type's field, not there
    j["graph"]["initializer"][2]["int64Data"] = j["graph"]["initializer"][2]["floatData"];
    j["graph"]["initializer"][2].erase("floatData");
    refuse(j, "initializer 'layer0_conv2d_kernel': values in int64Data, but its data type (float32) keeps them in floatData");
    j = model;
    j["graph"]["initializer"][2]["dataType"] = 1e53;  // found by fuzz_onnx: read as an int, undefined
    refuse(j, "'layer0_conv2d_kernel' is a type nnplay does not read; only float32 weights can be read");
    j = model;
    j["graph"]["initializer"][2]["dataLocation"] = "EXTERNAL";
    refuse(j, "its data is in an external file");
    j = model;
    j["opsetImport"][0]["version"] = "5";
    refuse(j, "opset 5: nnplay reads opsets 7 to 23");
    j = model;
    j["opsetImport"] = json::array();
    refuse(j, "no opset of the default ONNX domain");
    j = model;
    j["graph"]["input"][0]["type"]["tensorType"]["shape"]["dim"][1]["dimValue"] = "100000";
    refuse(j, "is not a number between 1 and 65536");
    for (int k = 1; k <= 3; ++k) j["graph"]["input"][0]["type"]["tensorType"]["shape"]["dim"][k]["dimValue"] = "60000";
    refuse(j, "input 'input': model.input");  // 2^48 values a sample: over the memory budget, before any is allocated
    j = model;
    j["graph"]["node"][3]["attribute"][2]["ints"] = {"1", "0", "0", "1"};  // the first conv's pads
    refuse(j, "pads [1,0,0,1] are neither none ('valid') nor TensorFlow's 'same' [1,0,1,1]");
    j = model;
    j["graph"]["node"][5]["input"][0] = "input";  // a skip connection
    refuse(j, "the graph is not one chain of layers");
    j = model;
    j["graph"]["initializer"].erase(2);  // the first conv's kernel
    refuse(j, "node 3 'layer0_conv2d' (Conv): missing weights: no initializer or Constant named 'layer0_conv2d_kernel'");
    j = model;
    j["graph"]["output"][0]["name"] = "elsewhere";
    refuse(j, "is not the graph's output 'elsewhere'");
    refuse(json("text"), "not an ONNX model");
}
