// libFuzzer target: a .nnp model file. The trailing CRC-32 is recomputed first, or almost every mutation
// would stop at the checksum. A file that loads must predict, and save to bytes that load and save again
// to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "nnplay/error.hpp"
#include "nnplay/io/model_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::uint8_t> file(data, data + size);
    if (file.size() >= 16) {
        const std::uint32_t crc = nnplay::crc32(std::span(file).first(file.size() - 4));
        std::memcpy(file.data() + file.size() - 4, &crc, 4);
    }
    nnplay::SavedModel loaded;
    try {
        loaded = nnplay::load_model(file, "fuzz.nnp");
    } catch (const nnplay::Error&) {
        return 0;
    }
    loaded.model->predict(nnplay::Mat::Zero(1, loaded.model->input_size()));  // an Error escaping here is a bug
    const auto* training = loaded.training ? &*loaded.training : nullptr;
    const auto saved = nnplay::save_model(*loaded.model, loaded.loss, loaded.metrics, loaded.info, training);
    const auto again = nnplay::load_model(saved, "saved.nnp");
    if (again.training.has_value() != loaded.training.has_value() ||
        nnplay::save_model(*again.model, again.loss, again.metrics, again.info, again.training ? &*again.training : nullptr) != saved) {
        std::fprintf(stderr, "a saved model does not save back to the same bytes\n");
        std::abort();
    }
    return 0;
}
