// libFuzzer target: an experiment spec. A spec that parses must build its model (within a small memory
// budget, or be refused with an Error), and what to_json writes must read back to the same spec.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "nnplay/error.hpp"
#include "nnplay/model/model.hpp"
#include "nnplay/model/spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::optional<nnplay::Spec> spec;
    try {
        spec = nnplay::parse_spec(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const nnplay::Error&) {
        return 0;
    }
    try {
        // Without an input shape in the spec the data gives it; stand in a small image's.
        const bool has_input = spec->model.is_object() && spec->model.contains("input");
        nnplay::Model::from_config(spec->model, has_input ? nnplay::Shape{} : nnplay::Shape{8, 8, 1}, 32, 16 << 20);
    } catch (const nnplay::Error&) {
    }
    const auto written = spec->to_json();
    if (nnplay::spec_from_json(written).to_json() != written) {  // an Error escaping here is a bug too
        std::fprintf(stderr, "spec does not round-trip:\n%s\n", written.dump().c_str());
        std::abort();
    }
    return 0;
}
