// `nnplay export MODEL.nnp --format onnx|tfjs --output PATH`.
#pragma once
#include <string>

namespace nnplay::cli {

// onnx: PATH is the .onnx file; tfjs: PATH is a folder that gets model.json and model.weights.bin.
int export_command(const std::string& model_path, const std::string& format, const std::string& output);

}  // namespace nnplay::cli
