#include "int8_kernel.hpp"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace nnplay::int8 {

template <class Int>
void quantize(const float* x, Int* q, Index n, float scale) {
    // Adding and taking away 1.5 * 2^23 rounds a float below 2^22 to an integer, half to even (the default
    // rounding mode), in a form that vectorises; clamping first keeps it in range (and sends NaN to -128).
    constexpr float kRound = 12582912.0f;
    for (Index k = 0; k < n; ++k) {
        float v = x[k] / scale;
        v = v > 127.0f ? 127.0f : v;
        v = v >= -128.0f ? v : -128.0f;
        const float rounded = v + kRound;
        q[k] = static_cast<Int>(rounded - kRound);
    }
}
template void quantize(const float*, std::int8_t*, Index, float);
template void quantize(const float*, std::int16_t*, Index, float);

std::int32_t dot(const std::int16_t* a, const std::int16_t* b, Index n) {
    std::int32_t sum = 0;
    Index k = 0;
#ifdef __SSE2__
    __m128i acc = _mm_setzero_si128();
    for (; k + 8 <= n; k += 8)
        acc = _mm_add_epi32(acc, _mm_madd_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a + k)),
                                                _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + k))));
    acc = _mm_add_epi32(acc, _mm_shuffle_epi32(acc, _MM_SHUFFLE(1, 0, 3, 2)));
    acc = _mm_add_epi32(acc, _mm_shuffle_epi32(acc, _MM_SHUFFLE(2, 3, 0, 1)));
    sum = _mm_cvtsi128_si32(acc);
#endif
    for (; k < n; ++k) sum += static_cast<std::int32_t>(a[k]) * b[k];
    return sum;
}

}  // namespace nnplay::int8
