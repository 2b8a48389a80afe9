// libFuzzer target: image decoding through the core's API. The first byte picks the options (colour,
// and a forced size or the size from the data); the rest is one file, given to two classes so that a
// decodable input goes all the way into a dataset. Invariant: the dataset agrees with the report.
#include <cstddef>
#include <cstdint>

#include "nnplay/data/images.hpp"
#include "nnplay/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    nnplay::ImageOptions options;
    options.color = data[0] % 3 == 0 ? "auto" : data[0] % 3 == 1 ? "grayscale" : "rgb";
    if (data[0] & 0x80) options.height = 1 + (data[0] >> 2) % 16, options.width = 1 + data[0] % 7;
    const std::vector<std::uint8_t> bytes(data + 1, data + size);
    const std::vector<nnplay::ImageFile> files{{"a", "a/x", bytes}, {"b", "b/x", bytes}, {"c", "", {}}};
    const std::uint64_t budget = 64ull << 20;  // images up to 4096x4096 are decoded; larger ones are refused
    const auto report = nnplay::inspect_images(files, options, "fuzz", budget);
    try {
        nnplay::json again;
        const auto ds = nnplay::dataset_from_images(files, options, "fuzz", budget, &again);
        if (again != report || ds.size() != report["images"].get<nnplay::Index>() || ds.size() % 2) __builtin_trap();
    } catch (const nnplay::Error&) {
        // no usable image: expected; anything else escaping is a bug and crashes the run
    }
    return 0;
}
