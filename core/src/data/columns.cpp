#include "nnplay/data/columns.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

#include "nnplay/error.hpp"
#include "nnplay/model/model.hpp"
#include "nnplay/model/spec.hpp"

namespace nnplay {

namespace {
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The "true" word of a yes/no pair, or -1 when the two values are not one.
int true_index(const std::vector<std::string>& two) {
    static const std::vector<std::pair<std::string, std::string>> kPairs = {
        {"false", "true"}, {"no", "yes"}, {"n", "y"}, {"f", "t"}, {"0", "1"}, {"off", "on"}};
    const std::string a = lower(two[0]), b = lower(two[1]);
    for (const auto& [f, t] : kPairs) {
        if (a == f && b == t) return 1;
        if (a == t && b == f) return 0;
    }
    return -1;
}

std::string number_name(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(v));
    return buf;
}

bool integral(float v) { return std::isfinite(v) && v == std::floor(v); }

struct NumericStats {
    std::size_t present = 0;
    double min = 0, max = 0, mean = 0;
    bool integers = true;
};

NumericStats numeric_stats(const RawColumn& c) {
    NumericStats s;
    double sum = 0;
    for (float v : c.values) {
        if (std::isnan(v)) continue;
        if (s.present == 0) s.min = s.max = v;
        s.min = std::min<double>(s.min, v), s.max = std::max<double>(s.max, v), sum += v;
        s.integers = s.integers && integral(v);
        ++s.present;
    }
    s.mean = s.present ? sum / static_cast<double>(s.present) : 0;
    return s;
}

// The sorted distinct values of a numeric column (its class names when it is the target).
std::vector<float> distinct_numbers(const RawColumn& c) {
    std::vector<float> v;
    for (float x : c.values)
        if (!std::isnan(x)) v.push_back(x);
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

std::string plural(std::size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }
}  // namespace

std::string to_string(ColumnType t) {
    switch (t) {
        case ColumnType::numeric: return "numeric";
        case ColumnType::categorical: return "categorical";
        case ColumnType::boolean: return "boolean";
        case ColumnType::text: return "text";
        case ColumnType::identifier: return "identifier";
        case ColumnType::constant: return "constant";
        case ColumnType::empty: return "empty";
    }
    return "numeric";
}

ColumnType parse_column_type(const std::string& name) {
    for (auto t : {ColumnType::numeric, ColumnType::categorical, ColumnType::boolean, ColumnType::text, ColumnType::identifier,
                   ColumnType::constant, ColumnType::empty})
        if (to_string(t) == name) return t;
    throw Error("'" + name + "' is not a column type");
}

ColumnType infer_type(const RawColumn& col, std::size_t rows) {
    const std::size_t present = rows - col.missing;
    if (present == 0) return ColumnType::empty;
    if (col.distinct == 1) return ColumnType::constant;
    const bool many = present >= kMinRowsForIdentifier && col.distinct * 100 >= present * 95;  // almost all distinct
    if (col.numeric) {
        const auto s = numeric_stats(col);
        if (col.distinct == 2 && s.min == 0 && s.max == 1) return ColumnType::boolean;
        // 1..N-like ids: whole numbers, all distinct, with no gaps between them.
        if (s.integers && many && col.distinct == present && s.max - s.min + 1 == static_cast<double>(present))
            return ColumnType::identifier;
        return ColumnType::numeric;
    }
    if (col.distinct == 2 && !col.capped && true_index(col.levels) >= 0) return ColumnType::boolean;
    if (col.capped || many) return col.with_spaces * 2 > present ? ColumnType::text : ColumnType::identifier;
    if (col.with_spaces * 2 > present && col.distinct > kMaxOneHot) return ColumnType::text;
    return ColumnType::categorical;
}

std::size_t FeaturePlan::width() const {
    if (action == "drop") return 0;
    return action == "one_hot" ? vocabulary.size() : 1;
}

std::size_t ColumnPlan::width() const {
    std::size_t w = 0;
    for (const auto& c : columns) w += c.width();
    return w;
}

std::vector<std::string> ColumnPlan::feature_names() const {
    std::vector<std::string> names;
    for (const auto& c : columns) {
        if (c.action == "one_hot")
            for (const auto& v : c.vocabulary) names.push_back(c.name + "=" + v);
        else if (c.action != "drop")
            names.push_back(c.name);
    }
    return names;
}

std::vector<bool> ColumnPlan::unscaled() const {
    std::vector<bool> out;
    for (const auto& c : columns)
        for (std::size_t k = 0; k < c.width(); ++k) out.push_back(c.action == "one_hot" || c.from_text);
    return out;
}

json ColumnPlan::to_json() const {
    json cols = json::array();
    for (const auto& c : columns) {
        json j{{"name", c.name}, {"type", to_string(c.type)}, {"action", c.action}, {"text", c.from_text}};
        if (!c.reason.empty()) j["reason"] = c.reason;
        if (c.action != "drop") {
            if (c.from_text) j["vocabulary"] = c.vocabulary, j["fill_level"] = c.fill_level;
            else j["fill"] = c.fill;
        }
        cols.push_back(j);
    }
    return {{"target", target}, {"classification", classification}, {"classes", classes}, {"missing", missing}, {"columns", cols}};
}

ColumnPlan ColumnPlan::from_json(const json& j, const std::string& where) {
    try {
        ColumnPlan p;
        p.target = j.at("target").get<std::string>();
        p.classification = j.at("classification").get<bool>();
        p.classes = j.at("classes").get<std::vector<std::string>>();
        p.missing = j.at("missing").get<std::string>();
        for (const auto& c : j.at("columns")) {
            FeaturePlan f;
            f.name = c.at("name").get<std::string>();
            f.action = c.at("action").get<std::string>();
            f.type = parse_column_type(c.at("type").get<std::string>());
            f.from_text = c.at("text").get<bool>();
            f.reason = c.value("reason", "");
            if (f.action != "drop") {
                if (f.from_text) f.vocabulary = c.at("vocabulary").get<std::vector<std::string>>(), f.fill_level = c.at("fill_level").get<std::string>();
                else f.fill = c.at("fill").get<float>();
            }
            if (f.action != "drop" && f.action != "use" && f.action != "standardize" && f.action != "one_hot")
                throw Error("column '" + f.name + "' has the unknown action '" + f.action + "'");
            p.columns.push_back(std::move(f));
        }
        return p;
    } catch (const json::exception& e) {
        throw Error(where + ": the column plan is malformed: " + e.what());
    }
}

ColumnPlan design_plan(const RawTable& t, const PlanOptions& o) {
    ColumnPlan plan;
    plan.missing = o.missing;
    const std::size_t target = o.target.empty() ? t.columns.size() - 1 : t.find(o.target);
    for (const auto& d : o.drop) t.find(d);  // a typo in drop is an error too
    const RawColumn& tc = t.columns[target];
    plan.target = tc.name;
    const std::string what = t.name + ": the target column '" + tc.name + "'";
    const ColumnType tt = infer_type(tc, t.rows);
    if (tt == ColumnType::empty) throw Error("csv.target_empty", what + " is empty (every value is missing); choose another target");
    const auto ts = tc.numeric ? numeric_stats(tc) : NumericStats{};
    plan.classification = o.classification.value_or(!tc.numeric || (ts.integers && tc.distinct <= kMaxInferredClasses));
    if (plan.classification) {
        if (tc.capped || tc.distinct > kMaxClasses)
            throw Error("data.not_classes", what + " has " + std::to_string(tc.distinct) + " distinct values, more than " +
                        std::to_string(kMaxClasses) + " classes; is it the right column? For regression use mean_squared_error");
        if (tc.numeric) {
            if (!ts.integers)
                throw Error("data.not_classes", what + " holds continuous values (e.g. " + number_name(*std::find_if(tc.values.begin(), tc.values.end(),
                                                                                             [](float v) { return !integral(v) && !std::isnan(v); })) +
                            "), not class labels; a classification loss needs classes: for regression set \"loss\" to "
                            "mean_squared_error and the last layer to 1 linear unit");
            for (float v : distinct_numbers(tc)) plan.classes.push_back(number_name(v));
        } else {
            plan.classes = tc.levels;
            std::sort(plan.classes.begin(), plan.classes.end());
        }
    } else if (!tc.numeric) {
        throw Error("csv.not_numeric", what + " holds text ('" + tc.levels.front() + "'), which a regression loss cannot fit; for classes set "
                    "\"loss\" to sparse_categorical_crossentropy with a softmax last layer of \"units\": \"classes\"");
    }

    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        if (c == target) continue;
        const RawColumn& col = t.columns[c];
        FeaturePlan f;
        f.name = col.name;
        f.type = infer_type(col, t.rows);
        f.from_text = !col.numeric;
        const std::size_t present = t.rows - col.missing;
        if (std::find(o.drop.begin(), o.drop.end(), col.name) != o.drop.end()) {
            f.action = "drop", f.reason = "left out by the spec's or the command's drop list";
        } else if (f.type == ColumnType::empty) {
            f.action = "drop", f.reason = "every value is missing";
        } else if (f.type == ColumnType::constant) {
            f.action = "drop", f.reason = "one value in every row: it tells the model nothing";
        } else if (f.type == ColumnType::identifier) {
            f.action = "drop", f.reason = "an identifier: " + std::to_string(col.distinct) + " distinct values in " +
                                          std::to_string(present) + " rows, so it cannot generalise";
        } else if (f.type == ColumnType::text) {
            f.action = "drop", f.reason = "free text (" + std::to_string(col.distinct) + " distinct values); nnplay has no text encoding";
        } else if (f.type == ColumnType::categorical && col.distinct > kMaxOneHot) {
            f.action = "drop", f.reason = std::to_string(col.distinct) + " categories, over the limit of " +
                                          std::to_string(kMaxOneHot) + " per one-hot column";
        } else if (f.type == ColumnType::categorical) {
            f.action = "one_hot", f.reason = "one 0/1 input per category of the training split";
        } else if (f.from_text) {  // a yes/no text column
            f.action = "use", f.reason = "'" + col.levels[static_cast<std::size_t>(true_index(col.levels))] + "' is 1, the other 0";
        } else if (o.preprocessing == "standardize") {
            f.action = "standardize";
        } else {
            f.action = "use";
            if (o.preprocessing != "none") f.reason = "scaled by the spec's " + o.preprocessing + " preprocessing";
        }
        if (f.action != "drop" && col.missing > 0) {
            const std::string gaps = plural(col.missing, "missing value", "missing values");
            f.reason += std::string(f.reason.empty() ? "" : "; ") +
                        (o.missing == "drop" ? gaps + ": those rows are dropped"
                                             : gaps + " filled with the training split's " + (f.from_text ? "most frequent value" : "mean"));
        }
        plan.columns.push_back(std::move(f));
    }
    return plan;
}

RowFilter usable_rows(const RawTable& t, const ColumnPlan& plan) {
    RowFilter out;
    const RawColumn& target = t.columns[t.find(plan.target)];
    std::vector<const RawColumn*> used;
    if (plan.missing == "drop")
        for (const auto& f : plan.columns)
            if (f.action != "drop") used.push_back(&t.columns[t.find(f.name)]);
    for (std::size_t r = 0; r < t.rows; ++r) {
        if (target.is_missing(r)) {
            ++out.missing_target;
            continue;
        }
        if (std::any_of(used.begin(), used.end(), [&](const RawColumn* c) { return c->is_missing(r); })) {
            ++out.missing_values;
            continue;
        }
        out.rows.push_back(r);
    }
    return out;
}

void fit_plan(ColumnPlan& plan, const RawTable& t, std::span<const std::size_t> rows) {
    for (auto& f : plan.columns) {
        if (f.action == "drop") continue;
        const RawColumn& col = t.columns[t.find(f.name)];
        if (!col.numeric) {
            std::vector<std::size_t> counts(col.levels.size());
            for (auto r : rows)
                if (col.codes[r] != kMissingCode) ++counts[col.codes[r]];
            std::size_t best = 0;
            f.vocabulary.clear();
            for (std::size_t l = 0; l < col.levels.size(); ++l) {
                if (counts[l] > counts[best] || (counts[l] == counts[best] && col.levels[l] < col.levels[best])) best = l;
                if (counts[l] > 0 && f.action == "one_hot") f.vocabulary.push_back(col.levels[l]);
            }
            if (f.action == "one_hot") std::sort(f.vocabulary.begin(), f.vocabulary.end());
            else {  // a yes/no column: [false word, true word]
                f.vocabulary = col.levels;
                if (true_index(col.levels) == 0) std::swap(f.vocabulary[0], f.vocabulary[1]);
            }
            f.fill_level = col.levels.empty() ? "" : col.levels[best];
        } else {
            double sum = 0;
            std::size_t n = 0;
            for (auto r : rows)
                if (!std::isnan(col.values[r])) sum += col.values[r], ++n;
            f.fill = n ? static_cast<float>(sum / static_cast<double>(n)) : 0.0f;
        }
    }
}

namespace {
// Refuses, before anything is allocated, an encoding of `rows` rows over `budget` bytes, or of no columns.
void check_encoding(const RawTable& t, const ColumnPlan& plan, std::size_t rows, std::uint64_t budget) {
    const std::size_t width = plan.width();
    const double bytes = 4.0 * static_cast<double>(width) * static_cast<double>(rows);
    if (bytes > static_cast<double>(budget))
        throw Error("csv.too_large", t.name + ": " + std::to_string(rows) + " rows x " + std::to_string(width) +
                    " encoded columns need " + human_bytes(bytes) + ", over the memory budget of " +
                    human_bytes(static_cast<double>(budget)) + "; drop some categorical columns");
    if (width == 0) throw Error("csv.no_features", t.name + ": no feature columns are left besides the target '" + plan.target + "'");
}
}  // namespace

Mat encode_features(const RawTable& t, const ColumnPlan& plan, std::span<const std::size_t> rows, std::uint64_t budget,
                    EncodeCounts* counts) {
    check_encoding(t, plan, rows.size(), budget);
    const std::size_t width = plan.width();
    Mat x = Mat::Zero(static_cast<Index>(rows.size()), static_cast<Index>(width));
    EncodeCounts local;
    Index at = 0;
    for (const auto& f : plan.columns) {
        if (f.action == "drop") continue;
        const RawColumn& col = t.columns[t.find(f.name)];
        if (!f.from_text && !col.numeric)  // text columns may read as numbers in another file ("1", "2"): mapped below
            throw Error("csv.not_numeric", t.name + ": column '" + f.name + "' held numbers when the model was trained, now it holds text ('" +
                        col.levels.front() + "')");
        if (!f.from_text) {
            for (std::size_t i = 0; i < rows.size(); ++i) {
                float v = col.values[rows[i]];
                if (std::isnan(v)) v = f.fill, ++local.filled;
                x(static_cast<Index>(i), at) = v;
            }
            ++at;
            continue;
        }
        // Text (or numbers read as text at predict time): each level of this file -> its vocabulary slot.
        const auto slot_of = [&](const std::string& level) -> int {
            const auto it = std::find(f.vocabulary.begin(), f.vocabulary.end(), level);
            return it == f.vocabulary.end() ? -1 : static_cast<int>(it - f.vocabulary.begin());
        };
        const int fill_slot = slot_of(f.fill_level);
        std::vector<int> slot;
        if (!col.numeric)
            for (const auto& l : col.levels) slot.push_back(slot_of(l));
        if (col.capped) throw Error(t.name + ": column '" + f.name + "' now has over " + std::to_string(kMaxDictionary) + " distinct values");
        for (std::size_t i = 0; i < rows.size(); ++i) {
            int s;
            if (col.numeric) {
                const float v = col.values[rows[i]];
                s = std::isnan(v) ? -2 : slot_of(number_name(v));
            } else {
                const auto code = col.codes[rows[i]];
                s = code == kMissingCode ? -2 : slot[code];
            }
            if (s == -2) s = fill_slot, ++local.filled;
            else if (s < 0) ++local.unseen;
            if (f.action == "one_hot") {
                if (s >= 0) x(static_cast<Index>(i), at + s) = 1.0f;
            } else {
                x(static_cast<Index>(i), at) = s == 1 ? 1.0f : 0.0f;
            }
        }
        at += static_cast<Index>(f.width());
    }
    if (counts) counts->filled += local.filled, counts->unseen += local.unseen;
    return x;
}

float encode_target(const RawTable& t, const ColumnPlan& plan, std::size_t target_col, std::size_t row) {
    const RawColumn& c = t.columns[target_col];
    if (c.is_missing(row)) return kNaN;
    if (!plan.classification) return c.values[row];
    const std::string name = c.numeric ? number_name(c.values[row]) : c.levels[c.codes[row]];
    const auto it = std::find(plan.classes.begin(), plan.classes.end(), name);
    if (it == plan.classes.end())
        throw Error(t.name + ": data row " + std::to_string(row + 1) + " has the class '" + name +
                    "', which the model was not trained on (its classes are listed in the data report)");
    return static_cast<float>(it - plan.classes.begin());
}

namespace {
Dataset encode_dataset(const RawTable& t, const ColumnPlan& plan, const std::vector<std::size_t>& rows, std::uint64_t budget,
                       EncodeCounts* counts) {
    Dataset ds;
    ds.x = encode_features(t, plan, rows, budget, counts);
    ds.y.resize(static_cast<Index>(rows.size()), 1);
    const auto names = [&] {
        std::vector<std::string> n;
        for (const auto& c : t.columns) n.push_back(c.name);
        return n;
    }();
    const bool has_target = std::find(names.begin(), names.end(), plan.target) != names.end();
    const std::size_t tc = has_target ? t.find(plan.target) : 0;
    for (std::size_t i = 0; i < rows.size(); ++i) ds.y(static_cast<Index>(i), 0) = has_target ? encode_target(t, plan, tc, rows[i]) : kNaN;
    ds.shape = {ds.x.cols()};
    ds.features = plan.feature_names();
    ds.target = plan.target;
    if (plan.classification) ds.class_names = plan.classes;
    return ds;
}
}  // namespace

Dataset dataset_from_table(const RawTable& t, const PlanOptions& o, std::uint64_t budget) {
    ColumnPlan plan = design_plan(t, o);
    const RowFilter kept = usable_rows(t, plan);
    if (kept.rows.empty()) throw Error("data.no_rows_left", t.name + ": no rows are left once the rows with missing values are dropped");
    fit_plan(plan, t, kept.rows);
    return encode_dataset(t, plan, kept.rows, budget, nullptr);
}

Dataset apply_plan(const RawTable& t, const ColumnPlan& plan, std::uint64_t budget, EncodeCounts* counts) {
    std::vector<std::size_t> rows(t.rows);
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    return encode_dataset(t, plan, rows, budget, counts);
}

json csv_report(const RawTable& t, const PlanOptions& o, std::uint64_t budget) {
    ColumnPlan plan = design_plan(t, o);
    const RowFilter kept = usable_rows(t, plan);
    fit_plan(plan, t, kept.rows);
    // The gaps that encoding the kept rows fills (the plan comes from this very table, so every used
    // column is read as it was planned), counted without building the matrix: the report of a big file
    // needs no more memory than its table.
    std::size_t filled = 0;
    if (!kept.rows.empty() && plan.width() > 0) {
        check_encoding(t, plan, kept.rows.size(), budget);
        for (const auto& f : plan.columns) {
            if (f.action == "drop") continue;
            const RawColumn& col = t.columns[t.find(f.name)];
            for (auto r : kept.rows) filled += col.is_missing(r);
        }
    }
    json notes = t.notes;
    if (o.target.empty()) notes.push_back("no target was named: the last column, '" + plan.target + "', is the target");
    if (kept.missing_target)
        notes.push_back(plural(kept.missing_target, "row has", "rows have") + " no target value and " +
                        (kept.missing_target == 1 ? "is" : "are") + " dropped");
    if (kept.missing_values)
        notes.push_back(plural(kept.missing_values, "row has", "rows have") + " missing values and " +
                        (kept.missing_values == 1 ? "is" : "are") + " dropped (data.missing is \"drop\")");
    if (filled) notes.push_back(plural(filled, "missing value is", "missing values are") + " filled in (data.missing is \"impute\")");
    notes.push_back("the statistics (means, categories) shown come from all rows; training fits them on its training split only");

    json columns = json::array();
    for (const auto& col : t.columns) {
        json c{{"name", col.name}, {"type", to_string(infer_type(col, t.rows))}, {"missing", col.missing}, {"distinct", col.distinct}};
        if (col.numeric && col.missing < t.rows) {
            const auto s = numeric_stats(col);
            c["min"] = s.min, c["max"] = s.max, c["mean"] = s.mean;
            std::vector<std::size_t> hist(10);
            for (float v : col.values) {
                if (std::isnan(v)) continue;
                const double span = s.max - s.min;
                const auto bin = span > 0 ? std::min<std::size_t>(9, static_cast<std::size_t>((v - s.min) / span * 10)) : 0;
                ++hist[bin];
            }
            c["histogram"] = hist;
        } else if (!col.numeric) {
            std::vector<std::size_t> order(col.levels.size());
            std::iota(order.begin(), order.end(), std::size_t{0});
            std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return col.counts[a] > col.counts[b]; });
            json top = json::array();
            for (std::size_t k = 0; k < std::min<std::size_t>(5, order.size()); ++k)
                top.push_back({{"value", col.levels[order[k]]}, {"count", col.counts[order[k]]}});
            c["top"] = top;
        }
        if (col.name == plan.target) {
            c["action"] = "target", c["width"] = 0;
            c["reason"] = plan.classification ? "classification into " + plural(plan.classes.size(), "class", "classes")
                                              : std::string("regression on its values");
        } else {
            const auto& f = *std::find_if(plan.columns.begin(), plan.columns.end(), [&](const FeaturePlan& p) { return p.name == col.name; });
            c["action"] = f.action, c["width"] = f.width();
            if (!f.reason.empty()) c["reason"] = f.reason;
        }
        columns.push_back(c);
    }
    json report{{"kind", "csv"},
                {"name", t.name},
                {"rows", t.rows},
                {"delimiter", t.delimiter == '\t' ? "\t" : std::string(1, t.delimiter)},
                {"target", plan.target},
                {"task", plan.classification ? "classification" : "regression"},
                {"dropped_rows", {{"missing_target", kept.missing_target}, {"missing_values", kept.missing_values}}},
                {"filled", filled},
                {"features", plan.width()},
                {"notes", notes},
                {"columns", columns}};
    if (plan.classification) report["classes"] = plan.classes;
    return report;
}

json inspect_csv(std::string_view text, const std::string& name, const std::string& target, const std::string& spec_json) {
    PlanOptions o;
    o.target = target;
    if (!spec_json.empty()) {
        const Spec spec = parse_spec(spec_json);
        if (o.target.empty()) o.target = spec.data.target;
        o.drop = spec.data.drop;
        o.classification = is_classification(spec.loss);
        o.missing = spec.data.missing;
        o.preprocessing = spec.preprocessing.kind;
    }
    const RawTable t = read_csv(text, name);
    if (!o.target.empty()) t.find(o.target);  // a wrong name is an error, not a silent fallback
    return csv_report(t, o, kDefaultMemoryBudget);
}

}  // namespace nnplay
