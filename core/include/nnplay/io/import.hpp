// Models made elsewhere, read into nnplay when their layers are ones nnplay has (Dense, Conv2D, pooling,
// Flatten, Dropout, the activations, and a leading Rescaling or per-feature scaling as the preprocessing).
// Anything else is refused with its name; every size is checked against the file before memory is claimed.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "nnplay/io/model_file.hpp"

namespace nnplay {

// A TensorFlow.js Layers model: model.json's text and the weights files it names, concatenated in the
// manifest's order. `name` is used in errors. The loss is inferred from the output (softmax: sparse
// categorical cross-entropy, one sigmoid unit: binary cross-entropy, else mean squared error).
SavedModel import_tfjs(std::string_view model_json, std::span<const std::uint8_t> weights, const std::string& name);

// An ONNX model (opsets 7 to 23) as a ModelProto in protobuf's canonical JSON mapping, which the fronts decode
// the .onnx file into with their protobuf library. Its graph is one chain of Gemm or MatMul (+ Add), Conv,
// MaxPool, AveragePool, Flatten, Reshape, Dropout, the activations and transposes, with leading constant
// arithmetic as the preprocessing. The loss is inferred as for TF.js.
SavedModel import_onnx(const json& model, const std::string& name);

}  // namespace nnplay
