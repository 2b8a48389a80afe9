// `nnplay import MODEL.json --output MODEL.nnp`: a TensorFlow.js Layers model (model.json and the weights
// files it names, beside it) into nnplay's model file, for evaluate, predict and the page.
#pragma once
#include <string>

namespace nnplay::cli {

int import_command(const std::string& model_json, const std::string& output);

}  // namespace nnplay::cli
