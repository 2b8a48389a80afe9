// libFuzzer target: an ONNX ModelProto in protobuf's canonical JSON mapping (what the CLI and the page decode
// a .onnx file into). A model that imports must predict, and save to a .nnp that loads back.
#include <cstddef>
#include <cstdint>

#include "nnplay/error.hpp"
#include "nnplay/io/import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const nnplay::json model = nnplay::json::parse(data, data + size, nullptr, false);
    if (model.is_discarded()) return 0;  // the fronts hand over JSON their protobuf library wrote
    nnplay::SavedModel m;
    try {
        m = nnplay::import_onnx(model, "fuzz.onnx");
    } catch (const nnplay::Error&) {
        return 0;
    }
    m.model->predict(nnplay::Mat::Zero(1, m.model->input_size()));  // an Error escaping here is a bug
    nnplay::load_model(nnplay::save_model(*m.model, m.loss, m.metrics, m.info), "saved.nnp");
    return 0;
}
