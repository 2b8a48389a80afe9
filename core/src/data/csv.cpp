#include "nnplay/data/csv.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

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

// A decimal number (sign, digits, point, exponent; no inf, nan or hex), finite in a float. With
// `comma`, the point may be a comma, as spreadsheets in many locales write it in ;-separated files.
bool parse_number(std::string_view s, float& out, bool comma) {
    std::size_t i = 0, digits = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
    if (i < s.size() && (s[i] == '.' || (comma && s[i] == ',')))
        for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) ++digits;
    if (digits == 0) return false;
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
}  // namespace

void scan_csv(std::string_view text, char delimiter, const std::string& name,
              const std::function<void(const CsvRecord&)>& on_record) {
    CsvRecord rec;
    std::string buf;
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    const std::size_t n = text.size();
    std::size_t i = 0, line = 1;
    const auto end_of_field = [&](std::size_t k) { return k >= n || text[k] == delimiter || text[k] == '\n' || text[k] == '\r'; };
    while (i < n) {
        rec.line = line;
        buf.clear();
        spans.clear();
        bool quoted_any = false;
        for (;;) {
            const std::size_t start = buf.size(), column = spans.size() + 1;
            std::size_t k = i;
            while (k < n && is_space(text[k]) && text[k] != delimiter) ++k;  // spaces before an opening quote
            if (k < n && text[k] == '"') {
                const std::size_t opened = line;
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
                    throw Error(at(name, opened, column) + ": a quoted field is not closed (a \" opens it and no \" ends it)");
                while (i < n && is_space(text[i]) && text[i] != delimiter) ++i;
                if (!end_of_field(i))
                    throw Error(at(name, line, column) + ": text after the closing quote of a quoted field; quote the whole "
                                "field and double any quote inside it (\"say \"\"hi\"\"\")");
            } else {
                while (!end_of_field(i)) buf += text[i++];
            }
            spans.emplace_back(start, buf.size() - start);
            if (i < n && text[i] == delimiter) {
                ++i;
                continue;
            }
            if (i < n && text[i] == '\r') ++i;
            if (i < n && text[i] == '\n') ++i;
            ++line;
            break;
        }
        if (spans.size() == 1 && !quoted_any && trim(buf).empty()) continue;  // a blank line
        rec.fields.clear();
        for (const auto& [s, len] : spans) rec.fields.emplace_back(buf.data() + s, len);
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
    if (s.size() > 9) return false;
    char low[10];
    for (std::size_t i = 0; i < s.size(); ++i) low[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
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
    throw Error(msg + "; columns: " + all);
}

RawTable read_csv(std::string_view text, const std::string& name) {
    if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) text.remove_prefix(3);
    if (text.find('\0') != std::string_view::npos)
        throw Error(name + ": contains NUL bytes; is it a binary file, not CSV? Save the table as CSV text");
    RawTable t;
    t.name = name;
    t.delimiter = sniff_delimiter(text);
    const bool comma = t.delimiter == ';';

    // Pass 1: the header, field counts, and which columns hold only numbers (and gaps).
    std::vector<bool> numeric;
    std::size_t rows = 0;
    scan_csv(text, t.delimiter, name, [&](const CsvRecord& r) {
        if (t.columns.empty()) {
            for (std::size_t c = 0; c < r.fields.size(); ++c) {
                const std::string_view f = trim(r.fields[c]);
                if (!is_utf8(f))
                    throw Error(at(name, r.line, c + 1) + ": the column name " + shown(f) + " is not UTF-8 text; is it a binary file? Save the table as UTF-8 CSV");
                RawColumn col;
                col.name = f.empty() ? "column_" + std::to_string(c + 1) : std::string(f);
                if (f.empty()) t.notes.push_back("column " + std::to_string(c + 1) + " has no name in the header; it is called " + col.name);
                for (const auto& other : t.columns)
                    if (other.name == col.name)
                        throw Error(at(name, r.line, c + 1) + ": the header names column '" + col.name +
                                    "' twice; give each column its own name");
                t.columns.push_back(std::move(col));
            }
            numeric.assign(t.columns.size(), true);
            return;
        }
        if (r.fields.size() != t.columns.size())
            throw Error(name + " line " + std::to_string(r.line) + ": expected " + std::to_string(t.columns.size()) +
                        " fields as in the header, found " + std::to_string(r.fields.size()) +
                        "; quote fields that contain the delimiter '" + (t.delimiter == '\t' ? std::string("\\t") : std::string(1, t.delimiter)) + "'");
        float v;
        for (std::size_t c = 0; c < r.fields.size(); ++c)
            if (numeric[c]) {
                const auto f = trim(r.fields[c]);
                numeric[c] = is_missing_token(f) || parse_number(f, v, comma);
            }
        ++rows;
    });
    if (t.columns.empty()) throw Error(name + ": the file is empty (a header row and data rows are needed)");
    if (rows == 0) throw Error(name + ": has a header but no data rows");
    t.rows = rows;

    // Pass 2: typed storage, a float or a dictionary code per cell.
    std::vector<std::unordered_map<std::string, std::uint32_t>> dicts(t.columns.size());
    std::vector<std::unordered_set<std::uint64_t>> overflow(t.columns.size());
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        auto& col = t.columns[c];
        col.numeric = numeric[c];
        if (col.numeric) col.values.reserve(rows);
        else col.codes.reserve(rows);
    }
    bool header = true;
    std::string key;
    scan_csv(text, t.delimiter, name, [&](const CsvRecord& r) {
        if (header) {
            header = false;
            return;
        }
        for (std::size_t c = 0; c < r.fields.size(); ++c) {
            auto& col = t.columns[c];
            const auto f = trim(r.fields[c]);
            const bool missing = is_missing_token(f);
            col.missing += missing;
            if (col.numeric) {
                float v = std::numeric_limits<float>::quiet_NaN();
                if (!missing) parse_number(f, v, comma);
                col.values.push_back(v);
                continue;
            }
            if (missing) {
                if (!col.capped) col.codes.push_back(kMissingCode);
                continue;
            }
            col.with_spaces += f.find(' ') != std::string_view::npos;
            key.assign(f);
            auto& dict = dicts[c];
            if (auto it = dict.find(key); it != dict.end()) {
                ++col.counts[it->second];
                if (!col.capped) col.codes.push_back(it->second);
            } else if (!is_utf8(f)) {
                throw Error(at(name, r.line, c + 1) + " (" + col.name + "): " + shown(f) +
                            " is not UTF-8 text; save the file as UTF-8 (it may be a Latin-1 or Windows-1252 export)");
            } else if (!col.capped && dict.size() < kMaxDictionary) {
                const auto code = static_cast<std::uint32_t>(col.levels.size());
                dict.emplace(key, code);
                col.levels.push_back(key);
                col.counts.push_back(1);
                col.codes.push_back(code);
            } else {
                if (!col.capped) {  // past the cap: free text or an identifier, never one-hot; keep only a count
                    col.capped = true;
                    col.codes.clear();
                    col.codes.shrink_to_fit();
                }
                overflow[c].insert(std::hash<std::string_view>{}(f));
            }
        }
    });
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        auto& col = t.columns[c];
        if (col.numeric) {
            std::vector<float> sorted;
            for (float v : col.values)
                if (!std::isnan(v)) sorted.push_back(v);
            std::sort(sorted.begin(), sorted.end());
            col.distinct = static_cast<std::size_t>(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
        } else {
            col.distinct = col.levels.size() + overflow[c].size();
        }
    }
    return t;
}

}  // namespace nnplay
