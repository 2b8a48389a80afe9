// `nnplay import MODEL.json|MODEL.onnx --output MODEL.nnp`: a TensorFlow.js Layers model (model.json and the
// weights files it names, beside it) or an ONNX file into nnplay's model file, for evaluate, predict and the page.
#pragma once
#include <string>

namespace nnplay::cli {

int import_command(const std::string& model_json, const std::string& output);

}  // namespace nnplay::cli
