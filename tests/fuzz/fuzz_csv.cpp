// libFuzzer target: the typed CSV reader, then the column plan: a report with the last column as the
// target, and a dataset with a target (and sometimes a dropped column) picked from the columns by the
// input's length, so every column gets its turn, as a class label or a value; a near-miss name now and
// then exercises the "did you mean" path. Everything that travels as JSON must dump: model files carry it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/data/columns.hpp"
#include "nnplay/error.hpp"
#include "nnplay/io/fields.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto table = nnplay::read_csv(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.csv");
        (void)nnplay::csv_report(table, {"", {}, std::nullopt, "impute", "standardize"}, 1 << 24).dump();
        const auto& cols = table.columns;
        std::string target = cols[size % cols.size()].name;
        if (size % 7 == 0) target += 'x';
        std::vector<std::string> drop;
        if (size % 3 == 0) drop.push_back(cols[(size / 3) % cols.size()].name);
        const nnplay::PlanOptions o{target, drop, size % 2 == 0, size % 5 == 0 ? "drop" : "impute", "standardize"};
        const auto ds = nnplay::dataset_from_table(table, o, 1 << 24);
        (void)nnplay::json{{"features", ds.features}, {"target", ds.target}, {"classes", ds.class_names}}.dump();
    } catch (const nnplay::Error&) {
        // a refused table: expected; anything else escaping is a bug and crashes the run
    }
    return 0;
}
