#include "import.hpp"

#include <cstdio>
#include <filesystem>

#include "files.hpp"
#include "nnplay/error.hpp"
#include "nnplay/io/import.hpp"
#include "nnplay/io/model_file.hpp"
#include "onnx_file.hpp"

namespace nnplay::cli {

namespace {
int write_nnp(const SavedModel& saved, const std::string& output) {
    write_file(output, save_model(*saved.model, saved.loss, saved.metrics, saved.info));
    std::fprintf(stderr, "wrote %s (%zu parameters, loss %s)\n", output.c_str(), saved.model->param_count(), to_string(saved.loss).c_str());
    return 0;
}
}  // namespace

int import_command(const std::string& model_json, const std::string& output) {
    if (output.empty()) throw Error("import needs --output MODEL.nnp");
    if (std::filesystem::path(model_json).extension() == ".onnx") {
        SavedModel saved = import_onnx(onnx_json(read_file(model_json, 2ull << 30), base_name(model_json)), base_name(model_json));
        return write_nnp(saved, output);
    }
    const auto text = read_file(model_json, 64 << 20);
    json model;
    try {
        model = json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        throw Error(base_name(model_json) + ": not JSON (" + e.what() + ")");
    }
    // The weights files, from the folder of model.json only (a path in the manifest must not lead elsewhere).
    std::vector<std::uint8_t> weights;
    const auto dir = std::filesystem::path(model_json).parent_path();
    for (const auto& group : model.value("weightsManifest", json::array()))
        for (const auto& p : group.is_object() ? group.value("paths", json::array()) : json::array()) {
            const std::string f = p.is_string() ? p.get<std::string>() : "";
            if (f.empty() || f.find('/') != std::string::npos || f.find('\\') != std::string::npos || f == "..")
                throw Error(base_name(model_json) + ": weights path " + p.dump() + " is not a file name beside model.json");
            const auto bytes = read_file((dir / f).string(), 2ull << 30);
            weights.insert(weights.end(), bytes.begin(), bytes.end());
        }
    std::string s(text.begin(), text.end());
    return write_nnp(import_tfjs(s, weights, base_name(model_json)), output);
}

}  // namespace nnplay::cli
