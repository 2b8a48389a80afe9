#include "nnplay/data/csv.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "nnplay/error.hpp"
#include "nnplay/io/fields.hpp"

namespace nnplay {

namespace {
std::string at(const std::string& name, std::size_t line, std::size_t column) {
    return name + " line " + std::to_string(line) + ", column " + std::to_string(column);
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

// Names and text values travel as JSON (model files, the page), which must be UTF-8: a file saved as
// Latin-1 ("gr\xF6\xDFe") is refused when read, not when a trained model is saved.
bool is_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > s.size() || (n == 2 && c < 0xC2)) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
        if (n == 3) {  // no overlong forms, no UTF-16 surrogates
            const auto c1 = static_cast<unsigned char>(s[i + 1]);
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return false;
        }
        if (n == 4) {
            const auto c1 = static_cast<unsigned char>(s[i + 1]);
            if (c > 0xF4 || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) return false;
        }
        i += n;
    }
    return true;
}

std::string shown(std::string_view s) { return json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace); }

struct StopScan {};

// 10^k for k = 0..22: every one is exact in a double.
constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
}  // namespace

// The value is strtod's (correctly rounded to a double, then to a float), so native and wasm agree. Most
// cells take Clinger's exact fast path: digits forming an integer m <= 2^53 with at most 22 after the point
// and no exponent are m / 10^k, a quotient of two exact doubles, which IEEE division rounds correctly,
// exactly as strtod does. The rest (long mantissas, exponents) go through strtod.
bool parse_number(std::string_view s, float& out, bool comma) {
    std::size_t i = 0, digits = 0, fraction = 0;
    std::uint64_t m = 0;
    const bool negative = i < s.size() && s[i] == '-';
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits)
        if (digits < 19) m = m * 10 + static_cast<unsigned>(s[i] - '0');
    if (i < s.size() && (s[i] == '.' || (comma && s[i] == ',')))
        for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits, ++fraction)
            if (digits < 19) m = m * 10 + static_cast<unsigned>(s[i] - '0');
    if (digits == 0) return false;
    if (i == s.size() && digits <= 19 && m <= (std::uint64_t{1} << 53) && fraction <= 22) {
        const double v = static_cast<double>(m) / kPow10[fraction];
        out = static_cast<float>(negative ? -v : v);
        return true;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        const std::size_t e0 = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == e0) return false;
    }
    if (i != s.size() || s.size() >= 64) return false;
    char buf[64];
    std::memcpy(buf, s.data(), s.size());
    buf[s.size()] = '\0';
    if (comma) std::replace(buf, buf + s.size(), ',', '.');
    const double v = std::strtod(buf, nullptr);
    if (!std::isfinite(v) || std::fabs(v) > 3.0e38) return false;
    out = static_cast<float>(v);
    return true;
}

void scan_csv(std::string_view text, char delimiter, const std::string& name,
              const std::function<void(const CsvRecord&)>& on_record) {
    CsvRecord rec;
    std::string buf;  // the unescaped text of quoted fields; unquoted ones are views of `text` itself
    struct Span {
        std::size_t begin, size;
        bool quoted;  // begin is in buf, else in text
    };
    std::vector<Span> spans;
    const std::size_t n = text.size();
    std::size_t i = 0, line = 1;
    const auto end_of_field = [&](std::size_t k) { return k >= n || text[k] == delimiter || text[k] == '\n' || text[k] == '\r'; };
    while (i < n) {
        rec.line = line;
        buf.clear();
        spans.clear();
        bool quoted_any = false;
        for (;;) {
            const std::size_t column = spans.size() + 1;
            std::size_t k = i;
            while (k < n && is_space(text[k]) && text[k] != delimiter) ++k;  // spaces before an opening quote
            if (k < n && text[k] == '"') {
                const std::size_t opened = line, start = buf.size();
                quoted_any = true;
                bool closed = false;
                for (i = k + 1; i < n; ++i) {
                    if (text[i] == '"') {
                        if (i + 1 < n && text[i + 1] == '"') {
                            buf += '"';
                            ++i;
                            continue;
                        }
                        closed = true;
                        ++i;
                        break;
                    }
                    if (text[i] == '\n') ++line;
                    buf += text[i];
                }
                if (!closed)
                    throw Error("csv.bad_quotes", at(name, opened, column) + ": a quoted field is not closed (a \" opens it and no \" ends it)");
                while (i < n && is_space(text[i]) && text[i] != delimiter) ++i;
                if (!end_of_field(i))
                    throw Error("csv.bad_quotes", at(name, line, column) + ": text after the closing quote of a quoted field; quote the whole "
                                "field and double any quote inside it (\"say \"\"hi\"\"\")");
                spans.push_back({start, buf.size() - start, true});
            } else {
                const std::size_t start = i;
                while (!end_of_field(i)) ++i;
                spans.push_back({start, i - start, false});
            }
            if (i < n && text[i] == delimiter) {
                ++i;
                continue;
            }
            if (i < n && text[i] == '\r') ++i;
            if (i < n && text[i] == '\n') ++i;
            ++line;
            break;
        }
        rec.fields.clear();
        for (const auto& sp : spans) rec.fields.emplace_back((sp.quoted ? buf.data() : text.data()) + sp.begin, sp.size);
        if (rec.fields.size() == 1 && !quoted_any && trim(rec.fields[0]).empty()) continue;  // a blank line
        on_record(rec);
    }
}

char sniff_delimiter(std::string_view text) {
    char best = ',';
    std::size_t best_fields = 1;
    bool best_consistent = false;
    for (const char d : {',', ';', '\t'}) {
        std::vector<std::size_t> counts;
        try {
            scan_csv(text, d, "", [&](const CsvRecord& r) {
                counts.push_back(r.fields.size());
                if (counts.size() >= 20) throw StopScan{};
            });
        } catch (const StopScan&) {
        } catch (const Error&) {
            continue;  // this delimiter leaves the quotes unbalanced
        }
        if (counts.empty() || counts[0] < 2) continue;
        const bool consistent = std::all_of(counts.begin(), counts.end(), [&](std::size_t c) { return c == counts[0]; });
        if ((consistent && !best_consistent) || (consistent == best_consistent && counts[0] > best_fields)) {
            best = d;
            best_fields = counts[0];
            best_consistent = consistent;
        }
    }
    return best;
}

bool is_missing_token(std::string_view s) {
    static const std::array<std::string_view, 17> kTokens = {"",     "na",  "n/a",    "nan",  "null",   "none",
                                                             "?",    "#n/a", "nil",   "missing", "#null!", "-",
                                                             "<na>", "#na",  "n.a.",  "undefined", "."};
    if (s.size() > 9 || (!s.empty() && s[0] >= '0' && s[0] <= '9')) return false;  // most cells: a number
    char low[10];
    for (std::size_t i = 0; i < s.size(); ++i) low[i] = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
    const std::string_view l(low, s.size());
    return std::find(kTokens.begin(), kTokens.end(), l) != kTokens.end();
}

bool RawColumn::is_missing(std::size_t row) const {
    if (numeric) return std::isnan(values[row]);
    return !capped && codes[row] == kMissingCode;
}

std::size_t RawTable::find(const std::string& col) const {
    std::vector<std::string> names;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (columns[c].name == col) return c;
        names.push_back(columns[c].name);
    }
    std::string msg = name + ": no column named '" + col + "'";
    if (auto near = closest_match(col, names); !near.empty()) msg += " (did you mean '" + near + "'?)";
    std::string all;
    for (const auto& c : names) all += (all.empty() ? "" : ", ") + c;
    throw Error("csv.unknown_column", msg + "; columns: " + all);
}

namespace {
// The state of one column while the text is read.
struct ColumnBuilder {
    std::unordered_map<std::string, std::uint32_t> dict;
    std::unordered_set<std::uint64_t> overflow;  // hashes of the distinct values past the dictionary cap
    bool held_number = false;                    // a number was read before the first text value
    bool reread = false;                         // so its text is read in a second pass
};

// Adds the present text value `f` (trimmed) to a text column: its code, its level's count.
void add_text(RawColumn& col, ColumnBuilder& b, std::string_view f, std::string& key, const std::string& name,
              std::size_t line, std::size_t column) {
    col.with_spaces += f.find(' ') != std::string_view::npos;
    key.assign(f);
    if (auto it = b.dict.find(key); it != b.dict.end()) {
        ++col.counts[it->second];
        if (!col.capped) col.codes.push_back(it->second);
    } else if (!is_utf8(f)) {
        throw Error("csv.not_text", at(name, line, column) + " (" + col.name + "): " + shown(f) +
                    " is not UTF-8 text; save the file as UTF-8 (it may be a Latin-1 or Windows-1252 export)");
    } else if (!col.capped && b.dict.size() < kMaxDictionary) {
        const auto code = static_cast<std::uint32_t>(col.levels.size());
        b.dict.emplace(key, code);
        col.levels.push_back(key);
        col.counts.push_back(1);
        col.codes.push_back(code);
    } else {
        if (!col.capped) {  // past the cap: free text or an identifier, never one-hot; keep only a count
            col.capped = true;
            col.codes.clear();
            col.codes.shrink_to_fit();
        }
        b.overflow.insert(std::hash<std::string_view>{}(f));
    }
}

// Distinct present values of a numeric column (0 and -0 are one value), with an open-addressing set of
// the float bits: sorting every column cost more than reading the file.
std::size_t distinct_values(const std::vector<float>& values) {
    constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;  // a NaN pattern: never a stored value
    std::size_t capacity = 16;
    while (capacity < 2 * values.size()) capacity *= 2;
    std::vector<std::uint32_t> slots(capacity, kEmpty);
    std::size_t distinct = 0;
    for (float v : values) {
        if (std::isnan(v)) continue;
        std::uint32_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        if (v == 0) bits = 0;
        std::uint32_t h = bits;  // MurmurHash3's finaliser: whole numbers differ only in their high bits
        h ^= h >> 16, h *= 0x85EBCA6Bu, h ^= h >> 13, h *= 0xC2B2AE35u, h ^= h >> 16;
        for (h &= static_cast<std::uint32_t>(capacity - 1);; h = (h + 1) & static_cast<std::uint32_t>(capacity - 1)) {
            if (slots[h] == bits) break;
            if (slots[h] == kEmpty) {
                slots[h] = bits;
                ++distinct;
                break;
            }
        }
    }
    return distinct;
}
}  // namespace

RawTable read_csv(std::string_view text, const std::string& name) {
    if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) text.remove_prefix(3);
    if (text.find('\0') != std::string_view::npos)
        throw Error("csv.not_text", name + ": contains NUL bytes; is it a binary file, not CSV? Save the table as CSV text");
    RawTable t;
    t.name = name;
    t.delimiter = sniff_delimiter(text);
    const bool comma = t.delimiter == ';';
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;  // rows, or a few more

    // One pass: the header, then a float or a dictionary code per cell. A column is numeric until a value
    // is not a number; then it turns to text, and only if it held numbers before is its text read again.
    std::vector<ColumnBuilder> builders;
    std::string key;
    std::size_t rows = 0;
    scan_csv(text, t.delimiter, name, [&](const CsvRecord& r) {
        if (t.columns.empty()) {
            for (std::size_t c = 0; c < r.fields.size(); ++c) {
                const std::string_view f = trim(r.fields[c]);
                if (!is_utf8(f))
                    throw Error("csv.not_text", at(name, r.line, c + 1) + ": the column name " + shown(f) + " is not UTF-8 text; is it a binary file? Save the table as UTF-8 CSV");
                RawColumn col;
                col.name = f.empty() ? "column_" + std::to_string(c + 1) : std::string(f);
                if (f.empty()) t.notes.push_back("column " + std::to_string(c + 1) + " has no name in the header; it is called " + col.name);
                for (const auto& other : t.columns)
                    if (other.name == col.name)
                        throw Error("csv.duplicate_column", at(name, r.line, c + 1) + ": the header names column '" + col.name +
                                    "' twice; give each column its own name");
                col.values.reserve(lines);
                t.columns.push_back(std::move(col));
            }
            builders.resize(t.columns.size());
            return;
        }
        if (r.fields.size() != t.columns.size())
            throw Error("csv.ragged_row", name + " line " + std::to_string(r.line) + ": expected " + std::to_string(t.columns.size()) +
                        " fields as in the header, found " + std::to_string(r.fields.size()) +
                        "; quote fields that contain the delimiter '" + (t.delimiter == '\t' ? std::string("\\t") : std::string(1, t.delimiter)) + "'");
        for (std::size_t c = 0; c < r.fields.size(); ++c) {
            auto& col = t.columns[c];
            auto& b = builders[c];
            const auto f = trim(r.fields[c]);
            const bool missing = is_missing_token(f);
            col.missing += missing;
            if (b.reread) continue;
            if (col.numeric) {
                float v = std::numeric_limits<float>::quiet_NaN();
                if (missing || parse_number(f, v, comma)) {
                    b.held_number = b.held_number || !missing;
                    col.values.push_back(v);
                    continue;
                }
                col.numeric = false;  // the first text value
                col.values = {};
                if (b.held_number) {
                    b.reread = true;
                    continue;
                }
                col.codes.assign(rows, kMissingCode);  // only gaps so far
            }
            if (missing) {
                if (!col.capped) col.codes.push_back(kMissingCode);
            } else {
                add_text(col, b, f, key, name, r.line, c + 1);
            }
        }
        ++rows;
    });
    if (t.columns.empty()) throw Error("csv.empty", name + ": the file is empty (a header row and data rows are needed)");
    if (rows == 0) throw Error("csv.empty", name + ": has a header but no data rows");
    t.rows = rows;

    // Columns with numbers before their first text value: their text, from the start.
    if (std::any_of(builders.begin(), builders.end(), [](const ColumnBuilder& b) { return b.reread; })) {
        bool header = true;
        scan_csv(text, t.delimiter, name, [&](const CsvRecord& r) {
            if (std::exchange(header, false)) return;
            for (std::size_t c = 0; c < r.fields.size(); ++c) {
                if (!builders[c].reread) continue;
                auto& col = t.columns[c];
                const auto f = trim(r.fields[c]);
                if (!is_missing_token(f)) add_text(col, builders[c], f, key, name, r.line, c + 1);
                else if (!col.capped) col.codes.push_back(kMissingCode);
            }
        });
    }
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        auto& col = t.columns[c];
        col.distinct = col.numeric ? distinct_values(col.values) : col.levels.size() + builders[c].overflow.size();
    }
    return t;
}

}  // namespace nnplay
