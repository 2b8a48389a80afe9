// libFuzzer target: a CSV table, then a dataset with a target (and sometimes a dropped column) picked
// from its columns by the input's length, so every column gets its turn; a near-miss name now and
// then exercises the "did you mean" path. The names it keeps must be JSON-safe: model files carry them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/data/csv.hpp"
#include "nnplay/error.hpp"
#include "nnplay/io/fields.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto table = nnplay::parse_csv(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.csv");
        const auto& cols = table.columns;
        std::string target = cols[size % cols.size()];
        if (size % 7 == 0) target += 'x';
        std::vector<std::string> drop;
        if (size % 3 == 0) drop.push_back(cols[(size / 3) % cols.size()]);
        const auto ds = nnplay::dataset_from_table(table, target, drop, "fuzz.csv");
        (void)nnplay::json{{"features", ds.features}, {"target", ds.target}}.dump();  // they travel as JSON
    } catch (const nnplay::Error&) {
        // a refused table: expected; anything else escaping is a bug and crashes the run
    }
    return 0;
}
