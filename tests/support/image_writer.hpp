// Test images made in memory with stb_image_write (PNG, JPEG): the image tests generate their own files.
#pragma once
#include <cstdint>
#include <vector>

#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

namespace nnplay::test {

// Not inlined: inlined into stb_image_write, GCC 12 reports a false -Wstringop-overflow in vector::insert.
[[gnu::noinline]] inline void append_bytes(void* ctx, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(ctx);
    out->insert(out->end(), static_cast<std::uint8_t*>(data), static_cast<std::uint8_t*>(data) + size);
}

// `pixels`: h rows of w pixels of c channels (1 gray, 3 RGB, 4 RGBA).
inline std::vector<std::uint8_t> png(int w, int h, int c, const std::vector<std::uint8_t>& pixels) {
    std::vector<std::uint8_t> out;
    stbi_write_png_to_func(append_bytes, &out, w, h, c, pixels.data(), w * c);
    return out;
}

inline std::vector<std::uint8_t> jpeg(int w, int h, int c, const std::vector<std::uint8_t>& pixels, int quality = 90) {
    std::vector<std::uint8_t> out;
    stbi_write_jpg_to_func(append_bytes, &out, w, h, c, pixels.data(), quality);
    return out;
}

// A smooth gradient with a per-image twist, so images differ and resizing has something to average.
inline std::vector<std::uint8_t> pattern(int w, int h, int c, int seed) {
    std::vector<std::uint8_t> p(static_cast<std::size_t>(w) * h * c);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int k = 0; k < c; ++k)
                p[(static_cast<std::size_t>(y) * w + x) * c + k] =
                    static_cast<std::uint8_t>((x * 255 / w + y * 97 / h + k * 60 + seed * 31) % 256);
    return p;
}

}  // namespace nnplay::test
