// The classification report and the ROC curve: hand-computed confusion matrices and scores (ties
// included), then the report of a trained model against an independent pairwise count of its AUC.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "nnplay/error.hpp"
#include "nnplay/train/classification_report.hpp"
#include "nnplay/train/report.hpp"
#include "nnplay/train/session.hpp"

using namespace nnplay;
using namespace nnplay::test;

TEST_CASE("classification report: precision, recall, F1, macro averages and balanced accuracy by hand", "[report]") {
    // Class 2 never occurs but is predicted once: its precision is 0 and it counts in the macro means,
    // not in the balanced accuracy. Class 3 neither occurs nor is predicted: it counts nowhere.
    const auto r = classification_report({{5, 1, 0, 0}, {2, 3, 1, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}});
    REQUIRE(r.classes.size() == 4);
    CHECK(r.classes[0].support == 6);
    CHECK(r.classes[0].predicted == 7);
    CHECK(r.classes[0].precision == Approx(5.0 / 7));
    CHECK(r.classes[0].recall == Approx(5.0 / 6));
    CHECK(r.classes[0].f1 == Approx(10.0 / 13));
    CHECK(r.classes[1].precision == Approx(3.0 / 4));
    CHECK(r.classes[1].recall == Approx(1.0 / 2));
    CHECK(r.classes[1].f1 == Approx(3.0 / 5));
    CHECK(r.classes[2].predicted == 1);
    CHECK(r.classes[2].precision == 0);
    CHECK(r.classes[2].f1 == 0);
    CHECK(r.accuracy == Approx(8.0 / 12));
    CHECK(r.balanced_accuracy == Approx((5.0 / 6 + 1.0 / 2) / 2));
    CHECK(r.macro_precision == Approx(41.0 / 84));
    CHECK(r.macro_recall == Approx(4.0 / 9));
    CHECK(r.macro_f1 == Approx(89.0 / 195));
}

TEST_CASE("classification report: on skewed classes plain accuracy flatters a model that never finds the rare one", "[report]") {
    const auto r = classification_report({{95, 0}, {5, 0}});
    CHECK(r.accuracy == Approx(0.95));
    CHECK(r.balanced_accuracy == Approx(0.5));
    CHECK(r.classes[1].recall == 0);
    CHECK(r.classes[1].precision == 0);  // never predicted: 0, as scikit-learn's zero_division=0
    CHECK(r.macro_f1 == Approx((2 * 0.95 / 1.95) / 2));
    CHECK_THROWS_AS(classification_report({{1, 2}, {3}}), Error);
}

TEST_CASE("ROC curve: one point per distinct score, ties on one diagonal step, AUC as Mann-Whitney", "[report]") {
    const std::vector<float> scores{0.9f, 0.8f, 0.8f, 0.3f, 0.3f, 0.1f};
    const std::vector<int> labels{1, 0, 1, 0, 0, 1};
    const RocCurve roc = roc_curve(scores, labels);
    REQUIRE(roc.points.size() == 5);  // (0, 0) and the four distinct scores
    CHECK(roc.positives == 3);
    CHECK(roc.negatives == 3);
    CHECK(std::isinf(roc.points[0].threshold));
    const std::vector<std::array<double, 3>> expected{{0.9, 0, 1.0 / 3}, {0.8, 1.0 / 3, 2.0 / 3}, {0.3, 1, 2.0 / 3}, {0.1, 1, 1}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CHECK(roc.points[i + 1].threshold == Approx(expected[i][0]));
        CHECK(roc.points[i + 1].fpr == Approx(expected[i][1]));
        CHECK(roc.points[i + 1].tpr == Approx(expected[i][2]));
    }
    CHECK(roc.points[2].precision == Approx(2.0 / 3));
    // Pairs (positive, negative) ranked right: 3 + (0.5 + 2) + 0 of 9.
    REQUIRE(roc.auc.has_value());
    CHECK(*roc.auc == Approx(5.5 / 9));
    CHECK(roc.to_json()["points"][0]["threshold"].is_null());

    CHECK(*roc_curve(std::vector<float>{0.2f, 0.7f}, std::vector<int>{0, 1}).auc == Approx(1.0));
    CHECK(*roc_curve(std::vector<float>{0.5f, 0.5f, 0.5f}, std::vector<int>{0, 1, 1}).auc == Approx(0.5));
    CHECK_FALSE(roc_curve(std::vector<float>{0.5f, 0.6f}, std::vector<int>{1, 1}).auc.has_value());
}

TEST_CASE("test report of a trained binary classifier: its classification report and AUC match the raw outputs", "[report][training]") {
    const Spec spec = load_preset("cancer-logistic");
    auto data = load_spec_data(spec);
    Session s(spec);
    s.prepare(std::move(data.train), std::move(data.test));
    s.trainer().fit();
    const json report = test_report(s.model(), spec.loss, s.test_data());
    const json& c = report["classification"];
    CHECK(c["accuracy"].get<double>() == Approx(report["accuracy"].get<double>()));
    CHECK(c["per_class"][1]["support"].get<Index>() + c["per_class"][0]["support"].get<Index>() == s.test_data().size());

    // The AUC counted pair by pair from the model's outputs.
    const Mat out = s.model().predict(s.test_data().x);
    double right = 0, pairs = 0;
    for (Index i = 0; i < out.rows(); ++i)
        for (Index j = 0; j < out.rows(); ++j)
            if (s.test_data().y(i, 0) == 1 && s.test_data().y(j, 0) == 0) {
                pairs += 1;
                right += out(i, 0) > out(j, 0) ? 1.0 : out(i, 0) == out(j, 0) ? 0.5 : 0.0;
            }
    REQUIRE(pairs > 0);
    CHECK(report["roc"]["auc"].get<double>() == Approx(right / pairs).epsilon(1e-12));
    CHECK(report["roc"]["auc"].get<double>() > 0.97);
    // The curve ends where everything is called positive.
    const auto& pts = report["roc"]["points"];
    CHECK(pts.back()["tpr"].get<double>() == 1.0);
    CHECK(pts.back()["fpr"].get<double>() == 1.0);
}
