// Numeric CSV tables with a header row (UTF-8 BOM and CRLF accepted, quoted fields allowed).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/data/dataset.hpp"

namespace nnplay {

struct Table {
    std::vector<std::string> columns;
    Mat values;  // rows x columns
};

// `name` is used in errors, which give the line and the column ("boston.csv line 7, column RM: ...").
Table parse_csv(std::string_view text, const std::string& name);

// Picks the target column by name and the features (all others, minus `drop`) into a dataset.
Dataset dataset_from_table(const Table& table, const std::string& target, const std::vector<std::string>& drop,
                           const std::string& name);

}  // namespace nnplay
