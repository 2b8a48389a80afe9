// libFuzzer target: the CLI's zip reader (libzip) on the input as a zip of class folders, then the
// core's report of what it held.
#include <cstddef>
#include <cstdint>

#include "images.hpp"
#include "nnplay/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> zip(data, data + size);
    const std::uint64_t budget = 16ull << 20;
    try {
        nnplay::inspect_images(nnplay::cli::read_image_zip(zip, "fuzz.zip", budget), {}, "fuzz.zip", budget);
    } catch (const nnplay::Error&) {
        // a refused zip: expected; anything else escaping is a bug and crashes the run
    }
    return 0;
}
