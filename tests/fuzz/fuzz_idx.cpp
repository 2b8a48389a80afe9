// libFuzzer target: an IDX images/labels pair. The first two bytes (big-endian) say how many of the
// remaining bytes are the images file; the rest is the labels file.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "nnplay/data/idx.hpp"
#include "nnplay/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::span<const std::uint8_t> files(data + 2, size - 2);
    const std::size_t cut = std::min<std::size_t>((std::size_t{data[0]} << 8) | data[1], files.size());
    try {
        const auto images = nnplay::parse_idx(files.first(cut), "images.idx");
        const auto labels = nnplay::parse_idx(files.subspan(cut), "labels.idx");
        nnplay::dataset_from_idx(images, labels, "images.idx", "labels.idx");
    } catch (const nnplay::Error&) {
        // a refused file: expected; anything else escaping is a bug and crashes the run
    }
    return 0;
}
