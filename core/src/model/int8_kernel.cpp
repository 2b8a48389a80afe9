#include "int8_kernel.hpp"

#include <cmath>

namespace nnplay::int8 {

void quantize(const float* x, std::int8_t* q, Index n, float scale) {
    for (Index k = 0; k < n; ++k) {
        float v = std::nearbyint(x[k] / scale);  // the default rounding mode: half to even
        v = !(v >= -128.0f) ? -128.0f : v > 127.0f ? 127.0f : v;  // NaN saturates low rather than being undefined
        q[k] = static_cast<std::int8_t>(v);
    }
}

std::int32_t dot(const std::int8_t* a, const std::int8_t* b, Index n) {
    std::int32_t acc = 0;
    for (Index k = 0; k < n; ++k) acc += static_cast<std::int16_t>(a[k]) * static_cast<std::int16_t>(b[k]);
    return acc;
}

}  // namespace nnplay::int8
