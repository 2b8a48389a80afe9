#include "nnplay/data/csv.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "nnplay/error.hpp"
#include "nnplay/io/fields.hpp"

namespace nnplay {

namespace {
// Splits one line into fields; double quotes may enclose a field ("" is a literal quote).
std::vector<std::string> split_line(std::string_view line, const std::string& where) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
            else if (c == '"') quoted = false;
            else fields.back() += c;
        } else if (c == '"') quoted = true;
        else if (c == ',') fields.emplace_back();
        else fields.back() += c;
    }
    if (quoted) throw Error(where + ": a quoted field is not closed");
    for (auto& f : fields) {  // trim spaces around fields
        const auto b = f.find_first_not_of(" \t"), e = f.find_last_not_of(" \t");
        f = b == std::string::npos ? "" : f.substr(b, e - b + 1);
    }
    return fields;
}

// Column names travel as JSON (model files, the page), which must be UTF-8: a header saved as Latin-1
// ("gr\xF6\xDFe") is refused here, by the JSON library's own check, not when a trained model is saved.
bool is_utf8(const std::string& s) {
    try {
        (void)json(s).dump();
        return true;
    } catch (const json::type_error&) {
        return false;
    }
}
}  // namespace

Table parse_csv(std::string_view text, const std::string& name) {
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF && static_cast<unsigned char>(text[1]) == 0xBB &&
        static_cast<unsigned char>(text[2]) == 0xBF)
        text.remove_prefix(3);
    if (text.find('\0') != std::string_view::npos) throw Error(name + ": contains NUL bytes; is it a binary file, not CSV?");
    Table t;
    std::vector<float> values;
    std::size_t line_no = 0, pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank lines
        const std::string where = name + " line " + std::to_string(line_no);
        auto fields = split_line(line, where);
        if (t.columns.empty()) {
            for (auto& f : fields) {
                if (f.empty()) throw Error(where + ": the header has an empty column name");
                if (!is_utf8(f))
                    throw Error(where + ": column " + std::to_string(t.columns.size() + 1) + "'s name " +
                                json(f).dump(-1, ' ', false, json::error_handler_t::replace) +
                                " is not UTF-8 text; save the file as UTF-8");
                if (std::find(t.columns.begin(), t.columns.end(), f) != t.columns.end())
                    throw Error(where + ": the header names column '" + f + "' twice");
                t.columns.push_back(f);
            }
            continue;
        }
        if (fields.size() != t.columns.size())
            throw Error(where + ": expected " + std::to_string(t.columns.size()) + " fields as in the header, found " +
                        std::to_string(fields.size()));
        for (std::size_t c = 0; c < fields.size(); ++c) {
            const std::string& f = fields[c];
            const std::string at = where + ", column " + t.columns[c];
            if (f.empty()) throw Error(at + ": missing value");
            char* stop = nullptr;
            errno = 0;
            const double v = std::strtod(f.c_str(), &stop);
            if (stop != f.c_str() + f.size()) throw Error(at + ": '" + f + "' is not a number");
            if (!std::isfinite(v) || std::fabs(v) > 3.0e38)
                throw Error(at + ": '" + f + "' is not a finite number (NaN and infinity are not accepted)");
            values.push_back(static_cast<float>(v));
        }
    }
    if (t.columns.empty()) throw Error(name + ": the file is empty (a header row is needed)");
    const auto rows = static_cast<Index>(values.size() / t.columns.size());
    if (rows == 0) throw Error(name + ": has a header but no data rows");
    t.values = Eigen::Map<const Mat>(values.data(), rows, static_cast<Index>(t.columns.size()));
    return t;
}

Dataset dataset_from_table(const Table& table, const std::string& target, const std::vector<std::string>& drop,
                           const std::string& name) {
    const auto find = [&](const std::string& col) -> Index {
        const auto it = std::find(table.columns.begin(), table.columns.end(), col);
        if (it != table.columns.end()) return it - table.columns.begin();
        std::string msg = name + ": no column named '" + col + "'";
        if (auto near = closest_match(col, table.columns); !near.empty()) msg += " (did you mean '" + near + "'?)";
        std::string all;
        for (const auto& c : table.columns) all += (all.empty() ? "" : ", ") + c;
        throw Error(msg + "; columns: " + all);
    };
    const Index t = find(target);
    std::vector<Index> keep;
    for (const auto& d : drop) find(d);  // a typo in drop is an error too
    for (Index c = 0; c < static_cast<Index>(table.columns.size()); ++c) {
        const auto& col = table.columns[static_cast<std::size_t>(c)];
        if (c != t && std::find(drop.begin(), drop.end(), col) == drop.end()) keep.push_back(c);
    }
    if (keep.empty()) throw Error(name + ": no feature columns left besides the target '" + target + "'");
    Dataset ds;
    ds.target = target;
    ds.x.resize(table.values.rows(), static_cast<Index>(keep.size()));
    for (std::size_t k = 0; k < keep.size(); ++k) {
        ds.x.col(static_cast<Index>(k)) = table.values.col(keep[k]);
        ds.features.push_back(table.columns[static_cast<std::size_t>(keep[k])]);
    }
    ds.y = table.values.col(t);
    ds.shape = {static_cast<Index>(keep.size())};
    return ds;
}

}  // namespace nnplay
