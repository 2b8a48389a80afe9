// k-fold cross-validation: the folds' sizes and coverage, the summary by hand, the spec's messages,
// and five folds of the breast-cancer preset (each fitted on its own training rows).
#include <catch2/catch.hpp>

#include <set>

#include "helpers.hpp"
#include "nnplay/error.hpp"
#include "nnplay/train/cross_validation.hpp"

using namespace nnplay;
using namespace nnplay::test;
using Catch::Contains;

namespace {
Dataset numbered(Index n) {
    Dataset d;
    d.x.resize(n, 1);
    d.y.resize(n, 1);
    for (Index i = 0; i < n; ++i) d.x(i, 0) = static_cast<float>(i), d.y(i, 0) = 0;
    d.shape = {1};
    return d;
}

Spec cancer(int epochs) {
    json j = json::parse(read_text(source_path("presets/cancer-logistic.json")));
    j["train"]["epochs"] = epochs;
    j["train"]["validation_split"] = 0;
    return spec_from_json(j);
}
}  // namespace

TEST_CASE("k folds: scikit-learn's sizes, disjoint, covering every row once, the same for one seed", "[kfold]") {
    std::multiset<float> seen;
    std::vector<Index> sizes;
    for (int fold = 0; fold < 3; ++fold) {
        Dataset rest = numbered(10);
        const Dataset held = take_fold(rest, 3, fold, 7);
        sizes.push_back(held.size());
        CHECK(held.size() + rest.size() == 10);
        std::set<float> in_rest(rest.x.data(), rest.x.data() + rest.size());
        for (Index i = 0; i < held.size(); ++i) {
            seen.insert(held.x(i, 0));
            CHECK(in_rest.count(held.x(i, 0)) == 0);
            if (i) CHECK(held.x(i, 0) > held.x(i - 1, 0));  // original order kept
        }
    }
    CHECK(sizes == std::vector<Index>{4, 3, 3});
    CHECK(seen.size() == 10);
    CHECK(std::set<float>(seen.begin(), seen.end()).size() == 10);
    Dataset a = numbered(10), b = numbered(10), c = numbered(10);
    CHECK(take_fold(a, 3, 1, 7).x == take_fold(b, 3, 1, 7).x);
    CHECK(take_fold(c, 3, 1, 8).x != take_fold(a = numbered(10), 3, 1, 7).x);
}

TEST_CASE("k folds: each score's mean, population spread, minimum and maximum by hand", "[kfold]") {
    const json folds = json::parse(R"([{"fold": 0, "val_loss": 1, "val_accuracy": 0.5, "epochs": 3},
                                       {"fold": 1, "val_loss": 2, "val_accuracy": 0.5, "epochs": 3},
                                       {"fold": 2, "val_loss": 3, "val_accuracy": 0.75, "epochs": 3},
                                       {"fold": 3, "val_loss": 6, "val_accuracy": 0.25, "epochs": 3}])");
    const json s = summarize_folds(folds);
    CHECK(s["k"] == 4);
    CHECK(s["mean"]["val_loss"].get<double>() == Approx(3));
    CHECK(s["std"]["val_loss"].get<double>() == Approx(std::sqrt(14.0 / 4)));
    CHECK(s["mean"]["val_accuracy"].get<double>() == Approx(0.5));
    CHECK(s["std"]["val_accuracy"].get<double>() == Approx(std::sqrt(0.125 / 4)));
    CHECK(s["min"]["val_loss"] == 1);
    CHECK(s["max"]["val_loss"] == 6);
    CHECK_FALSE(s["mean"].contains("epochs"));
    CHECK_THROWS_WITH(summarize_folds(json::array()), Contains("no folds"));
}

TEST_CASE("k folds: bad settings are refused with the field and the reason", "[kfold][errors]") {
    json j = json::parse(read_text(source_path("presets/cancer-logistic.json")));
    j["train"]["kfold"] = 5;
    CHECK_THROWS_WITH(spec_from_json(j), Contains("train.kfold") && Contains("validation_split must be 0"));
    j["train"]["validation_split"] = 0;
    j["train"]["kfold"] = 1;
    CHECK_THROWS_WITH(spec_from_json(j), Contains("train.kfold: 1 fold"));
    j["train"]["kfold"] = 5;
    j["train"]["fold"] = 5;
    CHECK_THROWS_WITH(spec_from_json(j), Contains("train.fold"));
    CHECK_THROWS_WITH(fold_spec(cancer(1), 3, 3), Contains("fold: 3 is not one of 0 to 2"));
    CHECK_THROWS_WITH(fold_spec(load_preset("cancer-logistic"), 3, 0), Contains("validation_split"));
    Spec too_many = fold_spec(cancer(1), 100, 0);
    Dataset tiny = numbered(20);
    tiny.shape = {1};
    Session s(too_many);
    CHECK_THROWS_WITH(s.prepare(tiny, std::nullopt), Contains("train.kfold: 100 folds of 16 training rows"));
}

TEST_CASE("5-fold cross-validation of logistic regression on breast cancer", "[kfold][training]") {
    const Spec spec = fold_spec(cancer(20), 5, 0);
    auto data = load_spec_data(spec);
    std::vector<std::vector<float>> offsets;
    const json cv = cross_validate(spec, data.train, data.test, false, [&](int, Session& s) {
        const auto& o = s.model().preprocessing().offset;
        offsets.emplace_back(o.data(), o.data() + o.size());
        // Standardisation fitted on this fold's training rows only.
        CHECK(o(0) == Approx(s.train_data().x.col(0).cast<double>().mean()).epsilon(1e-5));
    });
    REQUIRE(cv["folds"].size() == 5);
    Index validated = 0;
    std::set<double> scores;
    for (const auto& f : cv["folds"]) {
        validated += f["validation_rows"].get<Index>();
        CHECK(f["train_rows"].get<Index>() + f["validation_rows"].get<Index>() == 455);  // 569 - 114 test rows
        CHECK(f["val_accuracy"].get<double>() > 0.9);
        CHECK(f["epochs"] == 20);
        scores.insert(f["val_accuracy"].get<double>());
    }
    CHECK(validated == 455);
    CHECK(scores.size() > 1);  // the folds disagree: one split's verdict is one draw among them
    CHECK(offsets[0] != offsets[1]);
    CHECK(cv["std"]["val_accuracy"].get<double>() > 0);

    // One fold trained on its own (as the page does, fold by fold) gives that fold's row.
    Session third(fold_spec(spec, 5, 2));
    third.prepare(data.train, data.test);
    third.trainer().fit();
    CHECK(fold_scores(third) == cv["folds"][2]);
}
