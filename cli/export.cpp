#include "export.hpp"

#include <cstdio>
#include <filesystem>

#include "files.hpp"
#include "nnplay/error.hpp"
#include "nnplay/io/export.hpp"
#include "nnplay/io/model_file.hpp"
#include "onnx_file.hpp"

namespace nnplay::cli {

int export_command(const std::string& model_path, const std::string& format, const std::string& output) {
    if (format != "onnx" && format != "tfjs") throw Error("--format: '" + format + "' is not one of onnx, tfjs");
    if (output.empty()) throw Error("export needs --output PATH (a .onnx file, or a folder for tfjs)");
    SavedModel saved = load_model(read_file(model_path), base_name(model_path));
    if (format == "onnx") {
        const auto bytes = onnx_binary(onnx_model(*saved.model, saved.info));
        write_file(output, bytes);
        std::fprintf(stderr, "wrote %s (ONNX opset %d, %zu bytes; the ONNX checker accepts it)\n", output.c_str(), kOnnxOpset, bytes.size());
        return 0;
    }
    const TfjsModel m = tfjs_model(*saved.model, saved.info);
    std::error_code ec;
    std::filesystem::create_directories(output, ec);
    if (ec) throw Error(output + ": cannot create the folder: " + ec.message());
    const std::string text = m.model.dump();
    write_file((std::filesystem::path(output) / "model.json").string(), {text.begin(), text.end()});
    write_file((std::filesystem::path(output) / "model.weights.bin").string(), m.weights);
    std::fprintf(stderr, "wrote %s/model.json and model.weights.bin (TensorFlow.js Layers, %zu weight bytes)\n", output.c_str(),
                 m.weights.size());
    return 0;
}

}  // namespace nnplay::cli
