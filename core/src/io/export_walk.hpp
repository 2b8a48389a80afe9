// What both exporters need from a model: its layers with their configs, shapes and parameter tensors, the
// refusals they share, and the metadata about the data. Internal to core/src/io.
#pragma once
#include <string>
#include <vector>

#include "nnplay/model/model.hpp"
#include "nnplay/model/quantize.hpp"

namespace nnplay::exporting {

struct Tensor {
    std::string name;  // "kernel", "bias"
    Index rows, cols;
    const float* data;
};

struct LayerView {
    std::size_t index;
    std::string type;
    json config;
    Shape in, out;
    std::vector<Tensor> params;  // a quantized layer's kernel: its dequantized values
    const Int8Kernel* int8;      // null for a float layer
};

// Every layer, or an Error naming the first one `format` ("ONNX", "TensorFlow.js") cannot express, and why.
std::vector<LayerView> layers_of(Model& model, const std::string& format);
// The preprocessing kind, or an Error when it is one this exporter does not know.
void check_preprocessing(const Preprocessing& pre, const std::string& format);
// {"task", "classes", "features", "target", "output", "preprocessing"} as strings, for a format's metadata.
std::vector<std::pair<std::string, std::string>> metadata(const Model& model, const json& info);

}  // namespace nnplay::exporting
