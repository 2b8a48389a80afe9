// The column plan: each raw CSV column's type and fate (standardised, used, one-hot encoded, dropped and
// why), the missing-value policy and the target's class names. Its types come from all rows; its numbers
// (means, most frequent values, vocabularies) from the training split only. It is saved with the model, so
// `predict` on a raw file encodes it the same way. The data report is the plan, rendered.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "nnplay/data/csv.hpp"
#include "nnplay/data/dataset.hpp"
#include "nnplay/io/fields.hpp"

namespace nnplay {

// Named limits, defined once.
inline constexpr std::size_t kMaxOneHot = 100;         // categories one column may one-hot encode into
inline constexpr std::size_t kMaxClasses = 1000;       // distinct values a classification target may have
inline constexpr std::size_t kMaxInferredClasses = 20;  // an integer target with at most this many values is a label
inline constexpr std::size_t kMinRowsForIdentifier = 20;  // fewer rows than this say nothing about "all distinct"

enum class ColumnType { numeric, categorical, boolean, text, identifier, constant, empty };
std::string to_string(ColumnType t);
ColumnType parse_column_type(const std::string& name);
ColumnType infer_type(const RawColumn& col, std::size_t rows);

struct FeaturePlan {
    std::string name;                     // the CSV column
    ColumnType type = ColumnType::numeric;
    std::string action;                   // standardize, use, one_hot or drop
    std::string reason;                   // why (drop, one_hot, imputation)
    bool from_text = false;               // a text column (booleans: yes/no); else numbers
    float fill = 0;                       // numeric: the training mean, used for gaps
    std::vector<std::string> vocabulary;  // one_hot: training categories (sorted); text boolean: [false, true]
    std::string fill_level;               // one_hot / text boolean: the training split's most frequent value

    std::size_t width() const;
};

struct ColumnPlan {
    std::string target;
    bool classification = false;
    std::vector<std::string> classes;  // class names, in class-index order
    std::string missing = "impute";    // impute or drop
    std::vector<FeaturePlan> columns;  // every column but the target, dropped ones too

    std::size_t width() const;                    // encoded features
    std::vector<std::string> feature_names() const;  // "RM", "color=red" ...
    std::vector<bool> unscaled() const;           // encoded columns the preprocessing leaves alone (one-hot, 0/1 text)
    json to_json() const;
    static ColumnPlan from_json(const json& j, const std::string& where);
};

struct PlanOptions {
    std::string target;                 // empty: the last column
    std::vector<std::string> drop;      // columns the user leaves out
    std::optional<bool> classification;  // from the spec's loss; unset: inferred from the target
    std::string missing = "impute";
    std::string preprocessing = "standardize";  // the spec's kind, for the numeric columns' action
};

// Types, actions and class names from the whole table; statistics are left for fit_plan.
ColumnPlan design_plan(const RawTable& t, const PlanOptions& o);

struct RowFilter {
    std::vector<std::size_t> rows;  // the rows kept, in file order
    std::size_t missing_target = 0, missing_values = 0;
};
// Rows with a missing target are dropped; with missing "drop", rows with a gap in a used column too.
RowFilter usable_rows(const RawTable& t, const ColumnPlan& plan);

// Means, most frequent values and vocabularies from `rows` (the training split).
void fit_plan(ColumnPlan& plan, const RawTable& t, std::span<const std::size_t> rows);

struct EncodeCounts {
    std::size_t filled = 0;  // gaps imputed
    std::size_t unseen = 0;  // categories not in the training vocabulary (encoded as all zeros)
};
// The features of `rows` as the fitted plan encodes them. Columns are found by name, so a file for
// predict may order them differently or lack the target (then y is NaN). Refuses, before allocating,
// an encoding over `budget` bytes.
Mat encode_features(const RawTable& t, const ColumnPlan& plan, std::span<const std::size_t> rows, std::uint64_t budget,
                    EncodeCounts* counts = nullptr);
// The class index (classification) or value of `row`'s target; throws naming the line for an unknown class.
float encode_target(const RawTable& t, const ColumnPlan& plan, std::size_t target_col, std::size_t row);

// A raw table with the user's choices of target and dropped columns: what a CSV becomes before a Session.
struct TableData {
    RawTable table;
    std::string target;
    std::vector<std::string> drop;
};

// A whole table through a plan fitted on all its usable rows (tools and tests; a Session fits on its training split).
Dataset dataset_from_table(const RawTable& t, const PlanOptions& o, std::uint64_t budget);
// A saved plan applied to a raw table (predict / evaluate on a raw CSV); y is NaN when the target is absent.
Dataset apply_plan(const RawTable& t, const ColumnPlan& plan, std::uint64_t budget, EncodeCounts* counts = nullptr);

// The data report of the contract: {"kind": "csv", "name", "rows", "delimiter", "target", "task", "classes",
// "dropped_rows", "filled", "features", "notes", "columns": [...]}.
json csv_report(const RawTable& t, const PlanOptions& o, std::uint64_t budget);
// The report of a CSV's text, with the spec's target, loss, preprocessing and missing policy when `spec_json`
// is not empty (the page and `nnplay inspect` both call this).
json inspect_csv(std::string_view text, const std::string& name, const std::string& target, const std::string& spec_json);

}  // namespace nnplay
