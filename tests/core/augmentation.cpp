// Augmentation: each transform traced by hand on a 3x3 image, the draws' bounds and seeding, the spec's
// messages, and training with it (deterministic, different from training without it).
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "nnplay/error.hpp"
#include "nnplay/train/augmentation.hpp"
#include "nnplay/train/session.hpp"

using namespace nnplay;
using namespace nnplay::test;
using Catch::Contains;

namespace {
const std::vector<float> kImage{1, 2, 3, 4, 5, 6, 7, 8, 9};  // 3x3, one channel, row by row

std::vector<float> transformed(const AugmentDraw& d, const std::string& fill = "constant") {
    Augmentation a;
    a.fill_mode = fill;
    Augmenter aug(a, {3, 3, 1});
    std::vector<float> out(9);
    aug.transform(kImage.data(), out.data(), d);
    return out;
}

void check_pixels(const std::vector<float>& got, const std::vector<float>& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("pixel " << i);
        CHECK(got[i] == Approx(want[i]).margin(1e-5));
    }
}

AugmentDraw shift(double dy, double dx) {
    AugmentDraw d;
    d.dy = dy, d.dx = dx;
    return d;
}
}  // namespace

TEST_CASE("augmentation: shifts, flips, a quarter turn and zooms of a 3x3 image by hand", "[augmentation]") {
    check_pixels(transformed(shift(0, 1)), {0, 1, 2, 0, 4, 5, 0, 7, 8});      // right by one, zeros come in
    check_pixels(transformed(shift(-1, 0)), {4, 5, 6, 7, 8, 9, 0, 0, 0});     // up by one
    check_pixels(transformed(shift(0, 0.5)), {0.5, 1.5, 2.5, 2, 4.5, 5.5, 3.5, 7.5, 8.5});  // bilinear halves
    check_pixels(transformed(shift(0, 1), "reflect"), {1, 1, 2, 4, 4, 5, 7, 7, 8});  // Keras' d c b a | a b c d
    check_pixels(transformed(shift(0, 2), "reflect"), {2, 1, 1, 5, 4, 4, 8, 7, 7});
    check_pixels(transformed(shift(0, 2), "nearest"), {1, 1, 1, 4, 4, 4, 7, 7, 7});
    AugmentDraw flip;
    flip.flip_h = true;
    check_pixels(transformed(flip), {3, 2, 1, 6, 5, 4, 9, 8, 7});
    flip.flip_h = false, flip.flip_v = true;
    check_pixels(transformed(flip), {7, 8, 9, 4, 5, 6, 1, 2, 3});
    AugmentDraw turn;
    turn.angle = 3.14159265358979323846 / 2;  // counter-clockwise: the right column becomes the top row
    check_pixels(transformed(turn), {3, 6, 9, 2, 5, 8, 1, 4, 7});
    turn.angle = -turn.angle;
    check_pixels(transformed(turn), {7, 4, 1, 8, 5, 2, 9, 6, 3});
    AugmentDraw zoom;
    zoom.scale = 0.5;  // zoom in: the corners read halfway to the centre
    check_pixels(transformed(zoom), {3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7});
    zoom.scale = 2;  // zoom out: only the centre stays inside
    check_pixels(transformed(zoom), {0, 0, 0, 0, 5, 0, 0, 0, 0});
}

TEST_CASE("augmentation: flip and shift compose in Keras' order (flip first, then the shift)", "[augmentation]") {
    AugmentDraw d = shift(0, 1);
    d.flip_h = true;  // flipped: 3 2 1; then moved right by one
    check_pixels(transformed(d), {0, 3, 2, 0, 6, 5, 0, 9, 8});
}

TEST_CASE("augmentation: draws stay within the factors, reach them, and follow the seed", "[augmentation]") {
    Augmentation a = Augmentation::from_json(json::parse(R"({"shift": [0.1, 0.2], "rotation": 0.05, "zoom": 0.1, "flip": "horizontal"})"), "augmentation");
    Augmenter aug(a, {28, 28, 1});
    Rng rng(3);
    double max_dy = 0, max_dx = 0, max_angle = 0, max_zoom = 0;
    int flips = 0;
    for (int i = 0; i < 2000; ++i) {
        const AugmentDraw d = aug.draw(rng);
        max_dy = std::max(max_dy, std::abs(d.dy));
        max_dx = std::max(max_dx, std::abs(d.dx));
        max_angle = std::max(max_angle, std::abs(d.angle));
        max_zoom = std::max(max_zoom, std::abs(d.scale - 1));
        flips += d.flip_h;
        CHECK_FALSE(d.flip_v);
    }
    CHECK(max_dy <= 0.1 * 28);
    CHECK(max_dy > 0.099 * 28);
    CHECK(max_dx <= 0.2 * 28);
    CHECK(max_dx > 0.199 * 28);
    CHECK(max_angle <= 0.05 * 2 * 3.1415927);
    CHECK(max_angle > 0.0499 * 2 * 3.14159);
    CHECK(max_zoom <= 0.1);
    CHECK(max_zoom > 0.0999);
    CHECK(flips > 900);
    CHECK(flips < 1100);

    Mat images = Mat::NullaryExpr(4, 784, [](Index r, Index c) { return static_cast<float>((r * 7 + c * 13) % 256); });
    Mat first = images, second = images, other = images;
    MatMap m1(first.data(), 4, 784), m2(second.data(), 4, 784), m3(other.data(), 4, 784);
    Rng r1(9), r2(9), r3(10);
    aug.apply(m1, r1);
    Augmenter(a, {28, 28, 1}).apply(m2, r2);
    aug.apply(m3, r3);
    CHECK(first == second);
    CHECK(first != other);
    CHECK(first != images);
}

TEST_CASE("augmentation: bad specs are refused with the field and the allowed values", "[augmentation][errors]") {
    const auto parse = [](const char* text) { return Augmentation::from_json(json::parse(text), "augmentation"); };
    CHECK_THROWS_WITH(parse(R"({"shfit": 0.1})"), Contains("'shfit'") && Contains("did you mean 'shift'"));
    CHECK_THROWS_WITH(parse(R"({"rotation": 0.7})"), Contains("augmentation.rotation"));
    CHECK_THROWS_WITH(parse(R"({"zoom": -0.1})"), Contains("augmentation.zoom"));
    CHECK_THROWS_WITH(parse(R"({"shift": [0.1]})"), Contains("augmentation.shift: expected a number or [height, width]"));
    CHECK_THROWS_WITH(parse(R"({"shift": [0.1, 2]})"), Contains("augmentation.shift.width"));
    CHECK_THROWS_WITH(parse(R"({"flip": "sideways"})"), Contains("horizontal") && Contains("vertical"));
    CHECK_THROWS_WITH(parse(R"({"fill_mode": "wrap"})"), Contains("reflect"));
    CHECK_FALSE(parse("{}").active());

    // Tabular data has no rows and columns to shift.
    json spec = json::parse(read_text(source_path("presets/cancer-logistic.json")));
    spec["augmentation"] = {{"shift", 0.1}};
    const Spec s = spec_from_json(spec);
    auto data = load_spec_data(s);
    Session session(s);
    CHECK_THROWS_WITH(session.prepare(std::move(data.train), std::move(data.test)),
                      Contains("augmentation") && Contains("need images") && Contains("[30]"));
}

TEST_CASE("augmentation in training: the same seed gives the same weights, and they differ from training without it", "[augmentation][training]") {
    json spec = json::parse(read_text(source_path("presets/mnist-mlp.json")));
    spec["data"]["train_limit"] = 1000;
    spec["train"]["epochs"] = 1;
    const auto train = [&](const json& j) {
        const Spec s = spec_from_json(j);
        auto data = load_spec_data(s);
        Session session(s);
        session.prepare(std::move(data.train), std::move(data.test));
        session.trainer().fit();
        return std::vector<float>(session.model().params().begin(), session.model().params().end());
    };
    const auto plain = train(spec);
    spec["augmentation"] = json::parse(R"({"shift": 0.1, "rotation": 0.05, "zoom": 0.1, "fill_mode": "constant"})");
    CHECK(spec_from_json(spec).to_json()["augmentation"]["rotation"] == 0.05);
    const auto a = train(spec), b = train(spec);
    CHECK(a == b);
    CHECK(a != plain);
}
