// CSV as it really comes: RFC 4180 (quoted fields with delimiters, doubled quotes and line breaks; CRLF or
// LF; a BOM; a last line with or without its newline), the delimiter sniffed among , ; and tab, text kept
// as text. One reader for the page (through the worker) and the CLI.
#pragma once
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/tensor.hpp"

namespace nnplay {

// One record as split by the scanner: unescaped fields, and the line it starts on (1-based).
struct CsvRecord {
    std::vector<std::string_view> fields;
    std::size_t line = 0;
};

// Calls `on_record` for every record of `text` (header included; blank lines skipped) with `delimiter`.
// Throws, naming `name`, the line and the column, on an unclosed quote or text after a closing quote.
void scan_csv(std::string_view text, char delimiter, const std::string& name,
              const std::function<void(const CsvRecord&)>& on_record);

// The delimiter among , ; and tab that splits the header and the first records into the same number
// of fields (quotes respected); ',' when nothing does better.
char sniff_delimiter(std::string_view text);

// A decimal number (sign, digits, point, exponent; no inf, nan or hex) finite in a float, as strtod reads
// it (rounded to a double, then to a float) on every platform; with `decimal_comma`, "1,5" is 1.5.
bool parse_number(std::string_view trimmed, float& out, bool decimal_comma);

// Missing-value tokens of real exports: empty, NA, N/A, NaN, null, None, ?, #N/A ... (case-insensitive).
bool is_missing_token(std::string_view trimmed);

inline constexpr std::uint32_t kMissingCode = std::numeric_limits<std::uint32_t>::max();
// A text column keeps codes into its dictionary up to this many distinct values; beyond it, it is free
// text or an identifier, its codes are released and only its distinct count is kept.
inline constexpr std::size_t kMaxDictionary = 1000;

// One raw column: numbers (NaN when missing) when every present value is a number, otherwise codes
// into a dictionary of the distinct texts (trimmed), in order of first appearance.
struct RawColumn {
    std::string name;
    bool numeric = true;
    std::vector<float> values;           // numeric columns
    std::vector<std::uint32_t> codes;    // text columns, kMissingCode when missing; empty past the dictionary cap
    std::vector<std::string> levels;     // text columns: the dictionary
    std::vector<std::uint32_t> counts;   // rows holding each level
    std::size_t missing = 0;
    std::size_t distinct = 0;            // distinct present values
    std::size_t with_spaces = 0;         // text values holding a space (free text)
    bool capped = false;                 // over kMaxDictionary: no codes; levels and counts cover the first ones

    bool is_missing(std::size_t row) const;
};

struct RawTable {
    std::string name;
    char delimiter = ',';
    std::size_t rows = 0;
    std::vector<RawColumn> columns;
    std::vector<std::string> notes;

    // Index of column `col`; throws naming the table and suggesting a near name.
    std::size_t find(const std::string& col) const;
};

// Reads a whole CSV file: header, then typed columns (two passes over the text, no string per cell).
// `name` is used in errors ("boston.csv line 7, column 3 (RM): ...").
RawTable read_csv(std::string_view text, const std::string& name);

}  // namespace nnplay
