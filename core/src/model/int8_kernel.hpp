// The int8 arithmetic of quantized layers. Internal to core/src/model.
// Integer sums are exact in any order, so the compiler may vectorise them freely (SSE2 natively, -msimd128
// in wasm) and every build gets the same bits; the float steps are written one rounding at a time.
#pragma once
#include <cstdint>

#include "nnplay/tensor.hpp"

namespace nnplay::int8 {

// q = saturate(round_half_even(x / scale)) into [-128, 127], as ONNX QuantizeLinear with zero point 0.
void quantize(const float* x, std::int8_t* q, Index n, float scale);
// The exact dot product of two int8 vectors of n values.
std::int32_t dot(const std::int8_t* a, const std::int8_t* b, Index n);

}  // namespace nnplay::int8
