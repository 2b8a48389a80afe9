// libFuzzer target: a TensorFlow.js Layers model. The input is model.json's text, a NUL byte, then the weights
// file. A model that imports must predict, and save to a .nnp that loads back.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "nnplay/error.hpp"
#include "nnplay/io/import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto* nul = static_cast<const std::uint8_t*>(std::memchr(data, 0, size));
    const std::size_t text = nul ? static_cast<std::size_t>(nul - data) : size;
    const std::span<const std::uint8_t> weights = nul ? std::span(nul + 1, data + size) : std::span<const std::uint8_t>();
    nnplay::SavedModel m;
    try {
        m = nnplay::import_tfjs(std::string_view(reinterpret_cast<const char*>(data), text), weights, "fuzz/model.json");
    } catch (const nnplay::Error&) {
        return 0;
    }
    m.model->predict(nnplay::Mat::Zero(1, m.model->input_size()));  // an Error escaping here is a bug
    nnplay::load_model(nnplay::save_model(*m.model, m.loss, m.metrics, m.info), "saved.nnp");
    return 0;
}
