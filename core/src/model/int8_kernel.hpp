// The int8 arithmetic of quantized layers. Internal to core/src/model.
// The int8 values are held widened to int16, the operand of SSE2's multiply-add (_mm_madd_epi16, which
// Emscripten turns into wasm SIMD's i32x4.dot_i16x8_s): integer sums are exact in any order, so every build
// gets the same bits. The float steps are written one rounding at a time.
#pragma once
#include <cstdint>

#include "nnplay/tensor.hpp"

namespace nnplay::int8 {

// q = saturate(round_half_even(x / scale)) into [-128, 127], as ONNX QuantizeLinear with zero point 0.
template <class Int>
void quantize(const float* x, Int* q, Index n, float scale);
// The exact dot product of two vectors of n int8 values (widened to int16).
std::int32_t dot(const std::int16_t* a, const std::int16_t* b, Index n);

}  // namespace nnplay::int8
