// CSV as it comes (RFC 4180, sniffed delimiters, gaps, text) and the column plan (types, one-hot,
// imputation, class names), each checked by hand on small inline files; csv-spectrum; a trained
// round trip through a model file; the checks of a model against the data.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <random>

#include "helpers.hpp"
#include "nnplay/error.hpp"
#include "nnplay/io/model_file.hpp"
#include "nnplay/train/report.hpp"
#include "nnplay/train/session.hpp"

using namespace nnplay;
using namespace nnplay::test;
using Catch::Matchers::Contains;

namespace {
std::vector<std::vector<std::string>> records(std::string_view text, char delimiter = ',') {
    std::vector<std::vector<std::string>> out;
    scan_csv(text, delimiter, "t.csv", [&](const CsvRecord& r) { out.emplace_back(r.fields.begin(), r.fields.end()); });
    return out;
}

PlanOptions opts(const std::string& target, std::optional<bool> classification = std::nullopt) {
    return {target, {}, classification, "impute", "standardize"};
}

ColumnType type_of(const RawTable& t, const std::string& col) { return infer_type(t.columns[t.find(col)], t.rows); }

// A spec for a small tabular classifier whose sizes come from the data.
Spec tabular_spec(const std::string& extra_train = "", const std::string& last = R"("units": "classes", "activation": "softmax")",
                  const std::string& loss = "sparse_categorical_crossentropy") {
    return parse_spec(R"({"data": {"source": "csv", "path": "x.csv"}, "preprocessing": "standardize",
        "model": {"input": "data", "layers": [{"type": "dense", "units": 8, "activation": "relu"},
                                              {"type": "dense", )" + last + R"(}]},
        "loss": ")" + loss + R"(", "optimizer": {"type": "adam", "learning_rate": 0.05},
        "train": {"epochs": 30, "batch_size": 8, "test_split": 0.25, "seed": 3)" + extra_train + "}}");
}

// 40 rows: the class follows `size` and `color`, with gaps in both and a few missing targets.
std::string flowers() {
    std::string s = "id,size,color,note,kind\n";
    const char* colors[] = {"red", "blue", "green"};
    const char* kinds[] = {"small red", "big blue", "other"};
    for (int i = 0; i < 40; ++i) {
        const int k = i % 3;
        const std::string size = i % 11 == 5 ? "NA" : std::to_string(1 + k * 2 + (i % 2) * 0.5);
        const std::string color = i % 13 == 7 ? "" : colors[k];
        const std::string kind = i == 38 ? "?" : kinds[k];
        s += std::to_string(i + 1) + "," + size + "," + color + ",\"note " + std::to_string(i) + ", free\"," + kind + "\n";
    }
    return s;
}
}  // namespace

TEST_CASE("csv: RFC 4180 quoting, line breaks in quotes, CRLF and no final newline", "[csv]") {
    CHECK(records("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"line\r\nbreak\",2") ==
          std::vector<std::vector<std::string>>{{"a", "b"}, {"x, y", "say \"hi\""}, {"line\r\nbreak", "2"}});
    CHECK(records("a,b\n1,\n,\n") == std::vector<std::vector<std::string>>{{"a", "b"}, {"1", ""}, {"", ""}});
    const RawTable t = read_csv("name,text,y\n\"Smith, J\",\"two\nlines\",1\nLee,plain,0\n", "q.csv");
    REQUIRE(t.rows == 2);
    const auto& text = t.columns[1];
    CHECK(text.levels == std::vector<std::string>{"two\nlines", "plain"});
    // the line numbers count the line break inside the quotes
    CHECK_THROWS_WITH(read_csv("a,b\n\"x\ny\",1\n2\n", "l.csv"), Contains("l.csv line 4: expected 2 fields as in the header, found 1"));
}

TEST_CASE("csv: the delimiter is sniffed: semicolons, tabs, and commas inside quotes", "[csv]") {
    const RawTable semi = read_csv("a;b;c\n1,5;2;x\n3;4;y\n", "semi.csv");
    CHECK(semi.delimiter == ';');
    CHECK(semi.columns.size() == 3);
    REQUIRE(semi.columns[0].numeric);  // "1,5" is 1.5 with a decimal comma
    CHECK(semi.columns[0].values == std::vector<float>{1.5f, 3.0f});
    CHECK(sniff_delimiter("a\tb\n1\t2\n") == '\t');
    CHECK(sniff_delimiter("\"a;b\",c\n\"1;2\",3\n") == ',');  // the semicolons are inside quotes
    CHECK(sniff_delimiter("one column\n1\n") == ',');
}

TEST_CASE("csv: missing-value tokens, text kept as text, an unnamed column", "[csv]") {
    for (const char* gap : {"", "NA", "n/a", "NaN", "null", "None", "?", "#N/A", "nil", "-"}) {
        INFO(gap);
        CHECK(is_missing_token(gap));
    }
    CHECK_FALSE(is_missing_token("0"));
    CHECK_FALSE(is_missing_token("nano"));
    const RawTable t = read_csv(",x,y,z\n1,1.5,a,inf\n2,NA,b,1\n3,#N/A,a,2\n", "m.csv");
    CHECK(t.columns[0].name == "column_1");
    CHECK(t.columns[1].numeric);
    CHECK(t.columns[1].missing == 2);
    CHECK(std::isnan(t.columns[1].values[1]));
    CHECK_FALSE(t.columns[2].numeric);
    CHECK(t.columns[2].codes == std::vector<std::uint32_t>{0, 1, 0});
    CHECK_FALSE(t.columns[3].numeric);  // "inf" is not a number here: the column is text
}

TEST_CASE("csv: a column turns to text at its first text value, after numbers or gaps", "[csv]") {
    const RawTable t = read_csv("a,b,c\n1,NA,0\n2,,-0\nthree,red,0.0\n?,blue,1\n2,red,1\n", "turn.csv");
    const auto& a = t.columns[0];  // numbers first: all of its values are read again as text
    CHECK_FALSE(a.numeric);
    CHECK(a.levels == std::vector<std::string>{"1", "2", "three"});
    CHECK(a.codes == std::vector<std::uint32_t>{0, 1, 2, kMissingCode, 1});
    CHECK(a.counts == std::vector<std::uint32_t>{1, 2, 1});
    CHECK((a.missing == 1 && a.distinct == 3));
    const auto& b = t.columns[1];  // only gaps before its first text
    CHECK_FALSE(b.numeric);
    CHECK(b.codes == std::vector<std::uint32_t>{kMissingCode, kMissingCode, 0, 1, 0});
    CHECK((b.missing == 2 && b.distinct == 2));
    CHECK(t.columns[2].distinct == 2);  // 0, -0 and 0.0 are one value
}

TEST_CASE("csv: numbers read to the float strtod gives, fast path or not", "[csv]") {
    // parse_number's exact fast path must give strtod's bits (native and wasm share them): random decimals
    // of every length around the path's limits (19 digits, 2^53, 22 after the point), signs, exponents.
    std::mt19937 rng(11);
    const auto digits = [&](std::size_t n) {
        std::string d;
        for (std::size_t k = 0; k < n; ++k) d += static_cast<char>('0' + rng() % 10);
        return d;
    };
    std::size_t checked = 0;
    for (int i = 0; i < 200000; ++i) {
        std::string s = rng() % 4 == 0 ? "-" : rng() % 8 == 0 ? "+" : "";
        s += digits(rng() % 21);
        if (rng() % 3) s.append(1, '.').append(digits(rng() % 25));
        if (rng() % 10 == 0) s.append(1, 'e').append(std::to_string(static_cast<int>(rng() % 20) - 10));
        const bool comma = rng() % 2;
        std::string dotted = s;
        if (comma) std::replace(s.begin(), s.end(), '.', ',');
        float got = 0;
        const bool ok = parse_number(s, got, comma);
        const double want = std::strtod(dotted.c_str(), nullptr);
        const bool has_digit = std::any_of(dotted.begin(), dotted.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!ok) {
            CHECK_FALSE((has_digit && dotted.find('e') == std::string::npos && dotted.front() != '.'));
            continue;
        }
        const float w = static_cast<float>(want);
        INFO(s);
        REQUIRE(std::memcmp(&got, &w, sizeof got) == 0);
        ++checked;
    }
    CHECK(checked > 150000);
    float v = 0;
    CHECK((parse_number("9007199254740993", v, false) && v == static_cast<float>(9007199254740993.0)));
    CHECK((parse_number("-0", v, false) && std::signbit(v)));
    CHECK_FALSE(parse_number("1e", v, false));
    CHECK_FALSE(parse_number("1e39", v, false));
}

TEST_CASE("csv: a text column past the dictionary cap keeps a count, not codes", "[csv]") {
    std::string s = "id,label\n";
    for (std::size_t i = 0; i < kMaxDictionary + 500; ++i) s += "user" + std::to_string(i) + "," + std::to_string(i % 2) + "\n";
    const RawTable t = read_csv(s, "ids.csv");
    CHECK(t.columns[0].capped);
    CHECK(t.columns[0].codes.empty());
    CHECK(t.columns[0].distinct == kMaxDictionary + 500);
    CHECK(type_of(t, "id") == ColumnType::identifier);
}

TEST_CASE("columns: types inferred from the values", "[columns]") {
    std::string s = "num,cat,flag,yes,words,id,code,same,none,y\n";
    for (int i = 0; i < 30; ++i)
        s += std::to_string(i * 0.5) + "," + (i % 3 ? "a" : "b") + "," + std::to_string(i % 2) + "," + (i % 2 ? "Yes" : "no") +
             ",\"free text number " + std::to_string(i) + "\"," + std::to_string(100 + i) + ",K" + std::to_string(i) + ",7,," +
             std::to_string(i % 2) + "\n";
    const RawTable t = read_csv(s, "types.csv");
    CHECK(type_of(t, "num") == ColumnType::numeric);
    CHECK(type_of(t, "cat") == ColumnType::categorical);
    CHECK(type_of(t, "flag") == ColumnType::boolean);
    CHECK(type_of(t, "yes") == ColumnType::boolean);
    CHECK(type_of(t, "words") == ColumnType::text);
    CHECK(type_of(t, "id") == ColumnType::identifier);     // 100..129: consecutive, all distinct
    CHECK(type_of(t, "code") == ColumnType::identifier);   // K0..K29: all distinct text
    CHECK(type_of(t, "same") == ColumnType::constant);
    CHECK(type_of(t, "none") == ColumnType::empty);
    const ColumnPlan plan = design_plan(t, opts("y"));
    CHECK(plan.classification);  // an integer target with two values is a class label
    CHECK(plan.classes == std::vector<std::string>{"0", "1"});
    std::vector<std::string> actions;
    for (const auto& c : plan.columns) actions.push_back(c.action);
    CHECK(actions == std::vector<std::string>{"standardize", "one_hot", "standardize", "use", "drop", "drop", "drop", "drop", "drop"});
}

TEST_CASE("columns: one-hot and imputation are fitted on the given rows only", "[columns]") {
    const RawTable t = read_csv("x,color,ok,y\n1,red,yes,a\n,blue,yes,b\n3,red,,a\n5,green,yes,c\n100,,no,b\n", "small.csv");
    ColumnPlan plan = design_plan(t, opts("y", true));
    CHECK(plan.classes == std::vector<std::string>{"a", "b", "c"});
    const std::vector<std::size_t> train{0, 1, 2};  // rows 4 and 5 are not training rows
    fit_plan(plan, t, train);
    CHECK(plan.columns[0].fill == 2.0f);  // mean of 1 and 3: the gap and the test rows do not count
    CHECK(plan.columns[1].vocabulary == std::vector<std::string>{"blue", "red"});  // no green: it is not in training
    CHECK(plan.columns[1].fill_level == "red");
    CHECK(plan.columns[2].fill_level == "yes");
    CHECK(plan.feature_names() == std::vector<std::string>{"x", "color=blue", "color=red", "ok"});
    CHECK(plan.unscaled() == std::vector<bool>{false, true, true, true});
    EncodeCounts counts;
    const std::vector<std::size_t> all{0, 1, 2, 3, 4};
    const Mat x = encode_features(t, plan, all, 1 << 20, &counts);
    const Mat expected = (Mat(5, 4) << 1, 0, 1, 1,   //
                          2, 1, 0, 1,                //  x imputed with the training mean
                          3, 0, 1, 1,                //  ok imputed with the most frequent (yes)
                          5, 0, 0, 1,                //  green, unseen: all zeros
                          100, 0, 1, 0)              //  color imputed with red
                             .finished();
    CHECK(x == expected);
    CHECK(counts.filled == 3);
    CHECK(counts.unseen == 1);
    CHECK(encode_target(t, plan, 3, 3) == 2.0f);
    CHECK(ColumnPlan::from_json(plan.to_json(), "m").to_json() == plan.to_json());
}

TEST_CASE("columns: missing targets are dropped and counted; data.missing drop drops the rows with gaps", "[columns]") {
    const RawTable t = read_csv("x,c,y\n1,a,1.5\n,b,2.5\n3,a,NA\n4,,3.5\n5,b,4\n", "gaps.csv");
    ColumnPlan plan = design_plan(t, opts("y", false));
    const RowFilter imputed = usable_rows(t, plan);
    CHECK(imputed.rows == std::vector<std::size_t>{0, 1, 3, 4});
    CHECK(imputed.missing_target == 1);
    plan.missing = "drop";
    const RowFilter dropped = usable_rows(t, plan);
    CHECK(dropped.rows == std::vector<std::size_t>{0, 4});
    CHECK(dropped.missing_values == 2);
    const json report = csv_report(t, opts("y"), 1 << 20);
    CHECK(report["dropped_rows"]["missing_target"] == 1);
    CHECK(report["filled"] == 2);
    CHECK(report["task"] == "regression");
    CHECK(report["columns"][1]["top"][0]["value"] == "a");
}

TEST_CASE("columns: targets that do not fit the loss are refused with the fix", "[columns]") {
    const RawTable t = read_csv("x,species,price\n1,setosa,1.5\n2,virginica,2.25\n3,setosa,3\n", "t.csv");
    CHECK_THROWS_WITH(design_plan(t, opts("species", false)),
                      Contains("target column 'species' holds text ('setosa')") && Contains("sparse_categorical_crossentropy"));
    CHECK_THROWS_WITH(design_plan(t, opts("price", true)),
                      Contains("holds continuous values (e.g. 1.5), not class labels") && Contains("mean_squared_error"));
    CHECK(design_plan(t, opts("species")).classes == std::vector<std::string>{"setosa", "virginica"});
    const RawTable num = read_csv("x,y\n1,10\n2,2\n3,10\n", "n.csv");
    CHECK(design_plan(num, opts("y")).classes == std::vector<std::string>{"2", "10"});  // numeric order, not text order
}

TEST_CASE("csv-spectrum: every file parses to exactly the rows its JSON gives", "[csv]") {
    const std::string dir = source_path("node_modules/csv-spectrum");
    if (!std::filesystem::exists(dir + "/csvs")) FAIL(dir + " is missing: run npm install");
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir + "/csvs")) {
        const std::string stem = entry.path().stem().string();
        INFO(stem);
        const auto rows = records(read_text(entry.path().string()));
        json expected = json::parse(read_text(dir + "/json/" + stem + ".json"));
        if (expected.is_object()) expected = json::array({expected});  // location_coordinates.json holds one object
        if (stem == "location_coordinates") {
            // The package's JSON gives the phone number as 1234567890, its CSV says 2095257564: the fixture
            // disagrees with itself there, so that one value is checked against the CSV's own text.
            CHECK(expected[0]["Contact Phone Number"] == "1234567890");
            expected[0]["Contact Phone Number"] = "2095257564";
        }
        REQUIRE(rows.size() == expected.size() + 1);
        for (std::size_t r = 0; r < expected.size(); ++r) {
            json got = json::object();
            for (std::size_t c = 0; c < rows[0].size(); ++c) got[rows[0][c]] = rows[r + 1].at(c);
            CHECK(got == expected[r]);
        }
        ++files;
    }
    CHECK(files >= 12);
}

TEST_CASE("tabular: train on text and gaps, save, load, predict the raw CSV with class names", "[columns]") {
    const std::string text = flowers();
    Session s(tabular_spec());
    s.prepare(TableData{read_csv(text, "flowers.csv"), "kind", {}}, std::nullopt);
    const json info = s.describe();
    CHECK(info["class_names"] == json{"big blue", "other", "small red"});
    CHECK(info["dropped_rows"]["missing_target"] == 1);
    CHECK(info["filled"].get<int>() > 0);
    CHECK(info["features"] == json{"size", "color=blue", "color=green", "color=red"});  // id and free text dropped
    CHECK(s.model().output_size() == 3);  // "units": "classes"
    CHECK(s.model().input_size() == 4);   // "input": "data"
    const auto& pre = s.model().preprocessing();
    CHECK(pre.offset[1] == 0.0f);  // one-hot columns stay 0/1
    CHECK(pre.scale[1] == 1.0f);
    CHECK(pre.scale[0] != 1.0f);
    s.trainer().run(1 << 30);
    const Evaluation test = s.evaluate_test();
    CHECK(test.loss >= 0);
    CHECK(test.metrics.at("accuracy") == 1.0);
    const json report = test_report(s.model(), s.spec().loss, s.test_data());
    CHECK(report["class_names"] == info["class_names"]);

    const auto bytes = save_model(s.model(), s.spec().loss, s.spec().metrics, info);
    SavedModel loaded = load_model(bytes, "flowers.nnp");
    // The raw file for predict: other column order, no target, a gap and an unseen colour.
    const RawTable raw = read_csv("color,size\nred,1\nblue,NA\npurple,5\n,3\n", "new.csv");
    EncodeCounts counts;
    const Dataset ds = apply_plan(raw, ColumnPlan::from_json(loaded.info["plan"], "flowers.nnp"), 1 << 20, &counts);
    CHECK(counts.unseen == 1);
    CHECK(counts.filled == 2);
    CHECK(std::isnan(ds.y(0, 0)));
    const Mat out = loaded.model->predict(ds.x);
    const MatMap view(const_cast<float*>(out.data()), out.rows(), out.cols());
    const auto names = loaded.info["class_names"].get<std::vector<std::string>>();
    CHECK(names[static_cast<std::size_t>(predicted_class(view, 0))] == "small red");
    CHECK(names[static_cast<std::size_t>(predicted_class(view, 1))] == "big blue");
    // the same rows through the session's model give the same outputs
    CHECK(s.model().predict(ds.x) == out);
}

TEST_CASE("tabular: the model is checked against the classes and the loss, with the fix", "[columns]") {
    const TableData data{read_csv(flowers(), "flowers.csv"), "kind", {}};
    CHECK_THROWS_WITH(Session(tabular_spec("", R"("units": 10, "activation": "softmax")")).prepare(data, std::nullopt),
                      Contains("the data has 3 classes but the last layer has 10 units; set its units to 3 or to \"classes\""));
    CHECK_THROWS_WITH(Session(tabular_spec("", R"("units": "classes", "activation": "relu")")).prepare(data, std::nullopt),
                      Contains("sparse_categorical_crossentropy needs probabilities from the last layer, but its activation is relu") &&
                          Contains("set the last layer's activation to softmax"));
    CHECK_THROWS_WITH(Session(tabular_spec("", R"("units": "classes")", "mean_squared_error")).prepare(data, std::nullopt),
                      Contains("holds text ('small red')"));
    CHECK_THROWS_WITH(parse_spec(R"({"model": {"input": "data", "layers": [{"type": "dense", "units": "classes"},
                                    {"type": "dense", "units": 1}]}, "loss": "mse"})"),
                      Contains("model.layers[0].units: \"classes\"") && Contains("only allowed on the last dense layer"));
}

TEST_CASE("tabular: too few rows name the minimum", "[columns]") {
    const TableData one{read_csv("x,y\n1,a\n", "one.csv"), "y", {}};
    CHECK_THROWS_WITH(Session(tabular_spec(R"(, "validation_split": 0.1)")).prepare(one, std::nullopt),
                      Contains("1 row is too few: the training, validation and test splits need at least one row each"));
    const TableData two{read_csv("x,y\n1,a\n2,b\n", "two.csv"), "y", {}};
    CHECK_THROWS_WITH(Session(tabular_spec(R"(, "validation_split": 0.5)")).prepare(two, std::nullopt),
                      Contains("2 rows are too few"));
}
