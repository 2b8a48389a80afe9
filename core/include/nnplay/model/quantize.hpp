// Post-training int8 quantization of a trained model, for inference only.
//
// Each Dense and Conv2D kernel becomes int8 with one symmetric scale per output channel, and the layer's input
// is quantized too, with one symmetric scale per tensor calibrated on a sample of the training data: the
// products are int8 x int8 summed exactly in int32, then scaled back to float for the bias and the activation.
// Every scale is a power of two. That costs at most one bit of resolution, and buys exactness: a dequantized
// value (q * 2^e) and the sum of their products are exact in float32 (below 2^24), so the ONNX QDQ graph of
// the model, run in float by any runtime, computes the same numbers as these integer kernels.
#pragma once
#include <cstdint>
#include <vector>

#include "nnplay/model/model.hpp"

namespace nnplay {

inline constexpr const char* kQuantizedTraining =
    "quantized model: its int8 layers cannot be trained; train the float model and quantize again";

// One quantized kernel: the float kernel's shape (inputs or patch values x outputs) and its int8 form.
struct Int8Kernel {
    Index rows = 0, cols = 0;
    std::vector<std::int8_t> weights;  // cols x rows: each output's weights contiguous, for the dot products
    std::vector<float> scales;         // per output: w = q * scale
    float input_scale = 1;             // the layer's input: x = q * input_scale
};

// Quantizes `model` in place: its Dense and Conv2D layers become int8, calibrated on `calibration` (raw
// inputs, e.g. a few hundred training rows). The float kernels are replaced by their dequantized values
// (what a float-only format gets). Refuses a model that is already quantized.
void quantize(Model& model, const Mat& calibration);

// The int8 kernel of a layer, or null for a float layer.
const Int8Kernel* int8_kernel(const Layer& layer);

// Layer `layer` (a dense or conv2d one) of `model` runs on `kernel` from now on; the model file's reader
// uses it. Checks the kernel fits the layer.
void set_int8_kernel(Model& model, std::size_t layer, Int8Kernel kernel, const std::string& where);

// The smallest power of two s with max_abs / s <= 127 (1 when max_abs is 0), the scale of a symmetric int8.
float power_of_two_scale(float max_abs);

}  // namespace nnplay
