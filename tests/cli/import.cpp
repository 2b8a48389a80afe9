// `nnplay import model.onnx`: an exported preset reads back through libprotobuf to a model that predicts the
// same; a graph with an operator nnplay lacks is refused naming it, and a file that is not ONNX says so.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "files.hpp"
#include "nnplay/io/model_file.hpp"
#include "onnx_file.hpp"

#include <catch2/catch.hpp>

using namespace nnplay;
namespace fs = std::filesystem;

namespace {

const fs::path kTmp = fs::temp_directory_path() / ("nnplay-cli-import-" + std::to_string(::getpid()));

int run_cli(const std::string& args, std::string* err = nullptr) {
    fs::create_directories(kTmp);
    const fs::path log = kTmp / "stderr.txt";
    const int rc = std::system((std::string(NNPLAY_CLI) + " " + args + " > /dev/null 2> " + log.string()).c_str());
    if (err) {
        std::ifstream in(log);
        err->assign(std::istreambuf_iterator<char>(in), {});
    }
    return rc;
}

std::string preset(const std::string& name) { return std::string(NNPLAY_SOURCE_DIR) + "/presets/" + name + ".json"; }

SavedModel load(const fs::path& p) { return load_model(cli::read_file(p.string()), p.filename().string()); }

}  // namespace

TEST_CASE("nnplay import reads an exported ONNX file back to a model that predicts the same") {
    const std::string pets = " --data " + std::string(NNPLAY_SOURCE_DIR) + "/tests/fixtures/images/pets";
    for (const auto& [name, data] : {std::pair<std::string, std::string>{"house-linear", ""}, {"cancer-logistic", ""}, {"image-classifier", pets}}) {
        INFO(name);
        const fs::path nnp = kTmp / (name + ".nnp"), onnx = kTmp / (name + ".onnx"), back = kTmp / (name + "-back.nnp");
        REQUIRE(run_cli("train " + preset(name) + data + " --epochs 1 --max-batches 3 --save " + nnp.string()) == 0);
        REQUIRE(run_cli("export " + nnp.string() + " --format onnx --output " + onnx.string()) == 0);
        std::string err;
        REQUIRE(run_cli("import " + onnx.string() + " --output " + back.string(), &err) == 0);
        CHECK_THAT(err, Catch::Contains("wrote " + back.string()));
        SavedModel a = load(nnp), b = load(back);
        REQUIRE(b.model->layer_count() == a.model->layer_count());
        for (std::size_t i = 0; i < a.model->layer_count(); ++i)  // 'same' pooling that pads nothing reads as 'valid'
            CHECK(b.model->layer(i).type() == a.model->layer(i).type());
        CHECK(b.model->param_count() == a.model->param_count());
        CHECK(b.loss == a.loss);
        CHECK(b.info.value("class_names", json()) == a.info.value("class_names", json()));
        const Mat x = (Mat::Random(8, a.model->input_size()).array() + 1.0f) * 100.0f;
        CHECK((b.model->predict(x) - a.model->predict(x)).cwiseAbs().maxCoeff() <= 1e-6f);
    }
}

TEST_CASE("nnplay import refuses an ONNX operator nnplay lacks by name, and a file that is not ONNX") {
    // A graph made by hand: Gemm, then an Elu.
    const json m = json::parse(R"({"irVersion": "7", "opsetImport": [{"version": "13"}], "graph": {"name": "g",
        "node": [{"opType": "Gemm", "name": "fc", "input": ["x", "w"], "output": ["h"]},
                 {"opType": "Elu", "name": "act", "input": ["h"], "output": ["y"]}],
        "initializer": [{"name": "w", "dims": ["2", "3"], "dataType": 1, "floatData": [1, 2, 3, 4, 5, 6]}],
        "input": [{"name": "x", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimParam": "n"}, {"dimValue": "2"}]}}}}],
        "output": [{"name": "y", "type": {"tensorType": {"elemType": 1, "shape": {"dim": [{"dimParam": "n"}, {"dimValue": "3"}]}}}}]}})");
    const fs::path elu = kTmp / "elu.onnx", out = kTmp / "x.nnp";
    fs::create_directories(kTmp);
    cli::write_file(elu.string(), cli::onnx_binary(m));
    std::string err;
    CHECK(run_cli("import " + elu.string() + " --output " + out.string(), &err) != 0);
    CHECK_THAT(err, Catch::Contains("elu.onnx: node 1 'act' (Elu): nnplay has no such operator"));

    const fs::path bad = kTmp / "bad.onnx";
    cli::write_file(bad.string(), {0xff, 0xff, 0xff, 0xff, 0x0f, 0x01});
    CHECK(run_cli("import " + bad.string() + " --output " + out.string(), &err) != 0);
    CHECK_THAT(err, Catch::Contains("bad.onnx: not an ONNX file"));
    const auto bytes = cli::read_file(elu.string());  // cut short
    cli::write_file(bad.string(), {bytes.begin(), bytes.end() - 20});
    CHECK(run_cli("import " + bad.string() + " --output " + out.string(), &err) != 0);
    CHECK_THAT(err, Catch::Contains("bad.onnx: not an ONNX file"));
    CHECK_FALSE(fs::exists(out));
}
