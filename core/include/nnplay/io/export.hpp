// Exports a trained model to the formats other tools read: ONNX (as a ModelProto in protobuf's canonical
// JSON mapping, which a front turns into the binary with its protobuf library) and TensorFlow.js Layers
// (model.json + one float32 weights file, Keras layer names and configs). Both carry the preprocessing, the
// output activation and what the model knows of its data. What a format cannot hold is refused, naming it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "nnplay/model/model.hpp"

namespace nnplay {

inline constexpr int kOnnxOpset = 13;

// ONNX: input "input" [batch, ...input shape] of raw values, output "output" [batch, outputs].
// `info` is what the model file keeps of its data (task, class_names, features, target).
json onnx_model(Model& model, const json& info);

struct TfjsModel {
    json model;                         // model.json
    std::vector<std::uint8_t> weights;  // the weights file model.json names, little-endian float32
};
TfjsModel tfjs_model(Model& model, const json& info, const std::string& weights_file = "model.weights.bin");

}  // namespace nnplay
