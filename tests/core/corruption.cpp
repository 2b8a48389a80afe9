// Seeded corruptions (data.corruption): exact counts, the same rows for one seed, and a Session on the
// breast-cancer table that corrupts its training split only (the class skew: all of it).
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "helpers.hpp"
#include "nnplay/data/corruption.hpp"
#include "nnplay/error.hpp"
#include "nnplay/train/session.hpp"

using namespace nnplay;
using namespace nnplay::test;
using Catch::Contains;

namespace {
// n rows, labels 0 .. classes-1 in turn; x is the row number.
Dataset labelled(Index n, Index classes) {
    Dataset d;
    d.x.resize(n, 1);
    d.y.resize(n, 1);
    for (Index i = 0; i < n; ++i) d.x(i, 0) = static_cast<float>(i), d.y(i, 0) = static_cast<float>(i % classes);
    d.shape = {1};
    return d;
}

std::vector<Index> changed_rows(const Dataset& a, const Dataset& b) {
    std::vector<Index> rows;
    for (Index i = 0; i < a.size(); ++i)
        if (a.y(i, 0) != b.y(i, 0)) rows.push_back(i);
    return rows;
}

json cancer_spec(const json& corruption, const std::string& missing = "impute") {
    json j = json::parse(read_text(source_path("presets/cancer-logistic.json")));
    j["data"]["corruption"] = corruption;
    j["data"]["missing"] = missing;
    j["train"]["epochs"] = 1;
    return j;
}

Session cancer_session(const json& spec) {
    Session s(spec_from_json(spec));
    s.prepare(TableData{read_csv(read_text(source_path("data/breast-cancer/wdbc.csv")), "wdbc.csv"), "malignant", {}}, std::nullopt);
    return s;
}
}  // namespace

TEST_CASE("choose_k picks exactly k distinct indices, ascending, the same for one seed", "[corruption]") {
    for (std::size_t k : {0, 1, 37, 100}) {
        Rng a(3), b(3);
        const auto picked = choose_k(100, k, a);
        CHECK(picked.size() == k);
        CHECK(std::set<std::size_t>(picked.begin(), picked.end()).size() == k);
        CHECK(std::is_sorted(picked.begin(), picked.end()));
        CHECK(picked == choose_k(100, k, b));
    }
    Rng a(3), b(4);
    CHECK(choose_k(100, 37, a) != choose_k(100, 37, b));
}

TEST_CASE("label noise: 20% of 500 labels flipped changes exactly 100, each to another class", "[corruption]") {
    for (Index classes : {2, 10}) {
        const Dataset clean = labelled(500, classes);
        Dataset noisy = clean, again = clean, other = clean;
        const auto flipped = flip_labels(noisy, 0.2, classes, 42);
        CHECK(flipped.size() == 100);
        CHECK(changed_rows(clean, noisy) == flipped);  // exactly the reported rows changed
        for (Index r : flipped) CHECK((noisy.y(r, 0) >= 0 && noisy.y(r, 0) < static_cast<float>(classes)));
        CHECK(flip_labels(again, 0.2, classes, 42) == flipped);
        CHECK(again.y == noisy.y);  // the same seed: the same rows and the same new labels
        CHECK(flip_labels(other, 0.2, classes, 43) != flipped);
        CHECK(noisy.x == clean.x);
    }
    // Among 10 classes every wrong class is drawn: 5,000 flips of class 0 reach all of 1 .. 9 about equally.
    Dataset zeros = labelled(5000, 1);
    flip_labels(zeros, 1.0, 10, 1);
    for (int c = 1; c < 10; ++c) CHECK((zeros.y.array() == static_cast<float>(c)).count() == Approx(5000 / 9.0).margin(80));
    CHECK((zeros.y.array() == 0.0f).count() == 0);
    Dataset one = labelled(10, 1);
    CHECK_THROWS_WITH(flip_labels(one, 0.5, 1, 1), Contains("two or more classes"));
}

TEST_CASE("class skew keeps the ratio asked, the rows in order, the same for one seed", "[corruption]") {
    // 450 of class 0 and 300 of class 1: 9 to 1 keeps all 450 and 50 of class 1.
    Dataset d = labelled(750, 3);
    for (Index i = 0; i < 750; ++i) d.y(i, 0) = i % 5 < 3 ? 0.0f : 1.0f;
    Dataset same = d;
    CHECK(skew_classes(d, 2, 1, 9, 7) == std::vector<Index>{450, 50});
    CHECK((d.y.array() == 1.0f).count() * 9 == (d.y.array() == 0.0f).count());
    for (Index i = 1; i < d.size(); ++i) CHECK(d.x(i, 0) > d.x(i - 1, 0));  // kept in file order
    skew_classes(same, 2, 1, 9, 7);
    CHECK(same.x == d.x);
    // The rare class already too rare: the others are cut to ratio x its rows instead.
    Dataset few = labelled(105, 2);
    for (Index i = 0; i < 105; ++i) few.y(i, 0) = i < 5 ? 1.0f : 0.0f;
    CHECK(skew_classes(few, 2, 1, 2, 7) == std::vector<Index>{10, 5});
    // Three classes: class 2 becomes a fifth of the largest other.
    Dataset three = labelled(300, 3);
    CHECK(skew_classes(three, 3, 2, 5, 1) == std::vector<Index>{100, 100, 20});
    CHECK_THROWS_WITH(skew_classes(three, 3, 3, 5, 1), Contains("class_skew.class: 3 is not a class; the data has 3 (0 to 2)"));
}

TEST_CASE("value removal blanks exactly the share asked of the given cells", "[corruption]") {
    std::string csv = "a,b,c,kind\n";
    for (int r = 0; r < 50; ++r) csv += std::to_string(r) + "," + std::to_string(r * 2) + "," + (r % 2 ? "red" : "blue") + ",x\n";
    RawTable t = read_csv(csv, "t.csv"), again = t;
    const std::vector<std::size_t> rows{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}, cols{0, 1, 2};
    const RemovedValues removed = remove_values(t, rows, cols, 0.25, 5);
    CHECK(removed.cells == 15);  // 25% of 20 rows x 3 columns
    std::size_t gaps = 0;
    std::set<std::size_t> hit;
    for (std::size_t c : cols)
        for (std::size_t r = 0; r < 50; ++r)
            if (t.columns[c].is_missing(r)) {
                ++gaps, hit.insert(r);
                CHECK(r < 20);  // rows 20+ were not offered
            }
    CHECK(gaps == 15);
    CHECK(t.columns[0].missing + t.columns[1].missing + t.columns[2].missing == 15);
    CHECK(removed.rows == std::vector<std::size_t>(hit.begin(), hit.end()));
    CHECK(t.columns[3].missing == 0);  // a column not offered
    CHECK(remove_values(again, rows, cols, 0.25, 5).rows == removed.rows);
    for (std::size_t c : cols)
        for (std::size_t r = 0; r < 50; ++r) CHECK(again.columns[c].is_missing(r) == t.columns[c].is_missing(r));
}

TEST_CASE("data.corruption in a spec: read, written back, typos and misuse refused by name", "[corruption]") {
    const json c{{"label_noise", 0.2}, {"missing_values", 0.1}, {"class_skew", {{"class", 1}, {"ratio", 9}}}};
    const Spec s = spec_from_json(cancer_spec(c));
    CHECK(s.data.corruption.label_noise == 0.2);
    CHECK(s.data.corruption.skew_class == 1);
    CHECK(s.to_json()["data"]["corruption"] == c);
    CHECK_FALSE(load_preset("cancer-logistic").to_json()["data"].contains("corruption"));
    CHECK_THROWS_WITH(spec_from_json(cancer_spec({{"label_nosie", 0.2}})), Contains("did you mean 'label_noise'"));
    CHECK_THROWS_WITH(spec_from_json(cancer_spec({{"label_noise", 1.5}})), Contains("data.corruption.label_noise"));
    CHECK_THROWS_WITH(spec_from_json(cancer_spec({{"class_skew", {{"class", 1}, {"ratio", 0.5}}}})),
                      Contains("data.corruption.class_skew.ratio"));

    json house = json::parse(read_text(source_path("presets/house-linear.json")));
    house["data"]["corruption"] = {{"label_noise", 0.1}};
    Session regression(spec_from_json(house));
    CHECK_THROWS_WITH(regression.prepare(TableData{read_csv(read_text(source_path("data/house-prices/boston.csv")), "boston.csv"), "MEDV", {}},
                                         std::nullopt),
                      Contains("label_noise: flipping labels needs a classification loss"));
    json images = json::parse(read_text(source_path("presets/mnist-mlp.json")));
    images["data"]["corruption"] = {{"missing_values", 0.1}};
    Session digits(spec_from_json(images));
    Dataset tiny = labelled(20, 2);
    tiny.x = Mat::Zero(20, 784);
    tiny.shape = {28, 28, 1};
    CHECK_THROWS_WITH(digits.prepare(tiny, std::nullopt), Contains("missing_values: removing values needs a CSV table"));
}

TEST_CASE("a Session flips 20% of the training labels of the cancer table, and only those", "[corruption]") {
    Session clean = cancer_session(cancer_spec(json::object()));
    Session noisy = cancer_session(cancer_spec({{"label_noise", 0.2}}));
    const Index n = clean.train_data().size();
    REQUIRE(noisy.train_data().size() == n);
    const json c = noisy.describe()["corruption"]["label_noise"];
    CHECK(c["flipped"] == std::llround(0.2 * static_cast<double>(n)));
    CHECK(changed_rows(clean.train_data(), noisy.train_data()).size() == c["flipped"].get<std::size_t>());
    CHECK(noisy.train_data().x == clean.train_data().x);
    CHECK(noisy.test_data().y == clean.test_data().y);  // validation and test stay true
    CHECK(noisy.validation_data().y == clean.validation_data().y);
    CHECK_FALSE(clean.describe().contains("corruption"));
}

TEST_CASE("a Session removes 10% of the training values: imputing keeps every row, dropping loses those hit", "[corruption]") {
    const json c{{"missing_values", 0.1}};
    Session impute = cancer_session(cancer_spec(c, "impute"));
    Session drop = cancer_session(cancer_spec(c, "drop"));
    Session clean = cancer_session(cancer_spec(json::object()));
    const Index n = clean.train_data().size();
    const json mi = impute.describe()["corruption"]["missing_values"], md = drop.describe()["corruption"]["missing_values"];
    CHECK(mi["cells"] == n * 30);
    CHECK(mi["removed"] == std::llround(0.1 * static_cast<double>(n * 30)));
    CHECK(impute.describe()["filled"] == mi["removed"]);  // every gap imputed with the training mean
    CHECK(impute.train_data().size() == n);
    CHECK(md["removed"] == mi["removed"]);  // the same cells: one seed
    CHECK(drop.train_data().size() == n - md["rows_hit"].get<Index>());
    CHECK(md["rows_dropped"] == md["rows_hit"]);
    CHECK(md["rows_hit"].get<Index>() > n / 2);  // 30 values a row: most rows lose one
    CHECK(drop.describe()["dropped_rows"]["missing_values"] == md["rows_dropped"]);
    CHECK(impute.test_data().x == clean.test_data().x);  // the test rows keep every value
    CHECK(drop.test_data().x == clean.test_data().x);
    // Imputed cells hold the mean of the training split's remaining values of their column.
    const auto& plan = *impute.plan();
    Index imputed = 0;
    for (Index i = 0; i < n; ++i)
        for (Index col = 0; col < 30; ++col)
            if (impute.train_data().x(i, col) != clean.train_data().x(i, col)) {
                ++imputed;
                CHECK(impute.train_data().x(i, col) == plan.columns[static_cast<std::size_t>(col)].fill);
            }
    CHECK(imputed == mi["removed"].get<Index>());
    CHECK_THROWS_WITH(cancer_session(cancer_spec({{"missing_values", 0.9}}, "drop")), Contains("every one of the"));
}

TEST_CASE("a Session skews the cancer table 9 to 1 before the splits", "[corruption]") {
    Session s = cancer_session(cancer_spec({{"class_skew", {{"class", 1}, {"ratio", 9}}}}));
    const json rows = s.describe()["corruption"]["class_skew"]["rows"];
    CHECK(rows["before"] == json{357, 212});
    CHECK(rows["after"] == json{357, 40});  // round(357 / 9) malignant
    const Index all = s.train_data().size() + s.validation_data().size() + s.test_data().size();
    CHECK(all == 397);
    Index malignant = 0;
    for (const Dataset* d : {&s.train_data(), &s.validation_data(), &s.test_data()}) malignant += (d->y.array() == 1.0f).count();
    CHECK(malignant == 40);
}
