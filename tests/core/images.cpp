// Folders of images: decoding, grayscale/RGB conversion, resizing, the report and the refusals,
// on files generated here with stb_image_write.
#include "nnplay/data/images.hpp"

#include <algorithm>

#include <fstream>

#include "../support/image_writer.hpp"
#include "helpers.hpp"
#include "nnplay/error.hpp"
#include "nnplay/model/spec.hpp"

#include <catch2/catch.hpp>

using namespace nnplay;
using nnplay::test::jpeg;
using nnplay::test::pattern;
using nnplay::test::png;

namespace {

constexpr std::uint64_t kBudget = 1ull << 30;

ImageOptions sized(int h, int w, const std::string& color = "auto") {
    ImageOptions o;
    o.height = h, o.width = w, o.color = color;
    return o;
}

// The row of the only image of class `c`.
std::vector<float> row_of_class(const Dataset& ds, float c) {
    for (Index r = 0; r < ds.size(); ++r)
        if (ds.y(r, 0) == c) return {ds.x.row(r).data(), ds.x.row(r).data() + ds.x.cols()};
    FAIL("no row of class " << c);
    return {};
}

std::vector<float> floats(const std::vector<std::uint8_t>& v) { return {v.begin(), v.end()}; }

// A PNG whose IHDR claims width x height (the pixel data stays small).
std::vector<std::uint8_t> with_header_size(std::vector<std::uint8_t> file, std::uint32_t width, std::uint32_t height) {
    for (int i = 0; i < 4; ++i) {
        file[16 + i] = static_cast<std::uint8_t>(width >> (24 - 8 * i));
        file[20 + i] = static_cast<std::uint8_t>(height >> (24 - 8 * i));
    }
    return file;
}

// tests/fixtures/images/pets: the files the wasm test feeds the module and the native CLI (native == wasm pixels).
struct Fixture {
    std::string path;
    std::vector<std::uint8_t> bytes;
};
std::vector<Fixture> pet_fixtures() {
    auto broken = png(8, 8, 3, pattern(8, 8, 3, 7));
    broken.resize(broken.size() - 20);  // cut inside the image data
    const std::string note = "not an image\n";
    const std::vector<std::uint8_t> text(note.begin(), note.end());
    return {{"cats/a.png", png(8, 8, 3, pattern(8, 8, 3, 1))},
            {"cats/b.jpg", jpeg(12, 10, 3, pattern(12, 10, 3, 2))},      // shrunk
            {"cats/c.png", png(4, 4, 1, pattern(4, 4, 1, 3))},           // grown, gray into RGB
            {"dogs/d.jpg", jpeg(8, 8, 3, pattern(8, 8, 3, 4), 75)},
            {"dogs/e.png", png(8, 8, 4, pattern(8, 8, 4, 5))},           // alpha dropped
            {"dogs/f.jpg", jpeg(16, 16, 1, pattern(16, 16, 1, 6))},
            {"dogs/broken.png", broken},
            {"dogs/readme.txt", text}};
}
const std::string kFixtureDir = "tests/fixtures/images/pets/";

}  // namespace

// Run once by hand to (re)make the fixtures: nnplay_tests "[.write-fixtures]"
TEST_CASE("images: write the fixture folder", "[.write-fixtures]") {
    for (const auto& f : pet_fixtures()) {
        std::ofstream out(nnplay::test::source_path(kFixtureDir + f.path), std::ios::binary);
        out.write(reinterpret_cast<const char*>(f.bytes.data()), static_cast<std::streamsize>(f.bytes.size()));
        REQUIRE(out);
    }
}

TEST_CASE("images: the committed fixtures are the generated files, and their PNGs decode to the generated pixels", "[images]") {
    std::vector<ImageFile> files;
    for (const auto& f : pet_fixtures()) {
        const auto bytes = nnplay::test::read_bytes(nnplay::test::source_path(kFixtureDir + f.path));
        CHECK(bytes == f.bytes);
        files.push_back({f.path.substr(0, 4), f.path, bytes});
    }
    const Dataset ds = dataset_from_images({files[0], {"dogs", "dogs/e.png", files[4].bytes}}, {}, "fixtures", kBudget);
    CHECK(row_of_class(ds, 0) == floats(pattern(8, 8, 3, 1)));
    auto rgb = pattern(8, 8, 4, 5);  // RGBA -> RGB: the alpha bytes go
    std::vector<std::uint8_t> no_alpha;
    for (std::size_t i = 0; i < rgb.size(); ++i)
        if (i % 4 != 3) no_alpha.push_back(rgb[i]);
    CHECK(row_of_class(ds, 1) == floats(no_alpha));
    const json r = inspect_images(files, {}, "pets", kBudget);
    CHECK(r["images"] == 6);
    CHECK(r["skipped"].size() == 2);
    CHECK(r["chosen"] == json{{"height", 8}, {"width", 8}, {"channels", 3}});
}

TEST_CASE("images: a PNG decodes to its exact pixels, in HWC order, with class names from the folders", "[images]") {
    const std::vector<std::uint8_t> a{255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90};  // 3x2 RGB
    const std::vector<std::uint8_t> b{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18};
    const std::vector<ImageFile> files{{"zebra", "zebra/b.png", png(3, 2, 3, b)}, {"ant", "ant/a.png", png(3, 2, 3, a)}};
    json report;
    const Dataset ds = dataset_from_images(files, {}, "pets", kBudget, &report);
    CHECK(ds.shape == Shape{2, 3, 3});
    CHECK(ds.class_names == std::vector<std::string>{"ant", "zebra"});
    REQUIRE(ds.size() == 2);
    CHECK(row_of_class(ds, 0) == floats(a));
    CHECK(row_of_class(ds, 1) == floats(b));
    CHECK(report["chosen"] == json{{"height", 2}, {"width", 3}, {"channels", 3}});
    CHECK(report["channels_found"] == json{3});
}

TEST_CASE("images: colour to grayscale uses stb's integer luma, grayscale to RGB repeats the value", "[images]") {
    const std::vector<ImageFile> files{{"colour", "c.png", png(1, 1, 3, {200, 100, 50})}, {"gray", "g.png", png(1, 1, 1, {90})}};
    // (77 * 200 + 150 * 100 + 29 * 50) >> 8 = 31850 >> 8 = 124
    const Dataset gray = dataset_from_images(files, sized(1, 1, "grayscale"), "mix", kBudget);
    CHECK(gray.shape == Shape{1, 1, 1});
    CHECK(row_of_class(gray, 0) == std::vector<float>{124});
    CHECK(row_of_class(gray, 1) == std::vector<float>{90});
    json report;
    const Dataset rgb = dataset_from_images(files, {}, "mix", kBudget, &report);  // auto: one image has colour
    CHECK(rgb.shape == Shape{1, 1, 3});
    CHECK(row_of_class(rgb, 0) == std::vector<float>{200, 100, 50});
    CHECK(row_of_class(rgb, 1) == std::vector<float>{90, 90, 90});
    CHECK(report["notes"][0] == "grayscale images repeated into the three RGB channels");
}

TEST_CASE("images: shrinking averages each block of pixels", "[images]") {
    // 4x4 gray -> 2x2: each output pixel is the mean of one 2x2 block.
    const std::vector<std::uint8_t> img{10, 20, 100, 100,  //
                                        30, 40, 100, 100,  //
                                        0,  0,  200, 210,  //
                                        8,  12, 220, 230};
    const std::vector<ImageFile> files{{"a", "a.png", png(4, 4, 1, img)}, {"b", "b.png", png(2, 2, 1, {1, 2, 3, 4})}};
    const Dataset ds = dataset_from_images(files, sized(2, 2), "blocks", kBudget);
    CHECK(row_of_class(ds, 0) == std::vector<float>{25, 100, 5, 215});
    CHECK(row_of_class(ds, 1) == std::vector<float>{1, 2, 3, 4});
}

TEST_CASE("images: the report counts classes, sizes and channels, and lists every skipped file with its reason", "[images]") {
    std::vector<ImageFile> files;
    for (int i = 0; i < 3; ++i) files.push_back({"cats", "cats/" + std::to_string(i) + ".png", png(8, 8, 3, pattern(8, 8, 3, i))});
    files.push_back({"cats", "cats/big.png", png(16, 12, 1, pattern(16, 12, 1, 7))});
    for (int i = 0; i < 2; ++i) files.push_back({"dogs", "dogs/" + std::to_string(i) + ".jpg", jpeg(8, 8, 3, pattern(8, 8, 3, 9 + i))});
    auto whole = png(8, 8, 3, pattern(8, 8, 3, 5));
    files.push_back({"dogs", "dogs/truncated.png", {whole.begin(), whole.begin() + static_cast<long>(whole.size() / 2)}});
    files.push_back({"dogs", "dogs/notes.txt", {'h', 'e', 'l', 'l', 'o', '\n'}});
    files.push_back({"dogs", "dogs/huge.png", with_header_size(whole, 100000, 8)});
    files.push_back({"birds", "", {}});  // an empty class folder

    const json r = inspect_images(files, {}, "pets", kBudget);
    CHECK(r["kind"] == "images");
    CHECK(r["name"] == "pets");
    CHECK(r["images"] == 6);
    CHECK(r["classes"] == json{"cats", "dogs"});
    CHECK(r["per_class"] == json{{{"name", "birds"}, {"images", 0}}, {{"name", "cats"}, {"images", 4}},
                                 {{"name", "dogs"}, {"images", 2}}});
    CHECK(r["sizes"] == json{{{"width", 8}, {"height", 8}, {"count", 5}}, {{"width", 16}, {"height", 12}, {"count", 1}}});
    CHECK(r["channels_found"] == json{1, 3});
    CHECK(r["chosen"] == json{{"height", 8}, {"width", 8}, {"channels", 3}});
    REQUIRE(r["skipped"].size() == 3);
    std::map<std::string, std::string> why;
    for (const auto& s : r["skipped"]) why[s["file"]] = s["reason"];
    CHECK_THAT(why["dogs/notes.txt"], Catch::Contains("not a PNG or JPEG image"));
    CHECK_THAT(why["dogs/huge.png"], Catch::Contains("100000x8 pixels is too large: at most 8192 per side"));
    CHECK_THAT(why["dogs/truncated.png"], Catch::Contains("cannot be decoded"));
    const std::string notes = r["notes"].dump();
    CHECK_THAT(notes, Catch::Contains("class folder 'birds' has no usable image: left out"));
    CHECK_THAT(notes, Catch::Contains("images resized to 8x8"));
    CHECK_THAT(notes, Catch::Contains("3 files skipped"));

    // The dataset agrees with its report, and the input order does not matter.
    json report;
    const Dataset ds = dataset_from_images(files, {}, "pets", kBudget, &report);
    CHECK(report == r);
    CHECK(ds.size() == 6);
    CHECK(ds.class_names == std::vector<std::string>{"cats", "dogs"});
    CHECK(ds.y.sum() == 2);  // two dogs
    std::reverse(files.begin(), files.end());
    const Dataset again = dataset_from_images(files, {}, "pets", kBudget);
    CHECK(again.x == ds.x);
    CHECK(again.y == ds.y);
}

TEST_CASE("images: a PNG chunk that claims more bytes than the file holds is refused before stb reserves them", "[images]") {
    auto file = png(8, 8, 3, pattern(8, 8, 3, 2));
    const std::size_t chunk = 8 + 25;  // after the signature and IHDR: the image data's length field
    file[chunk] = 0x7f, file[chunk + 1] = file[chunk + 2] = file[chunk + 3] = 0xff;  // 2 GB (found by fuzz_images)
    CHECK_THROWS_WITH(image_pixels(file, 8, 8, 3, "claims.png"),
                      "claims.png: cannot be decoded (a PNG chunk runs past the end of the file): corrupt or truncated?");
}

TEST_CASE("images: the size from the data is the most common one, capped at 64 with the aspect ratio kept", "[images]") {
    std::vector<ImageFile> files{{"a", "a/1.png", png(100, 200, 1, pattern(100, 200, 1, 1))},
                                 {"b", "b/1.png", png(100, 200, 1, pattern(100, 200, 1, 2))},
                                 {"b", "b/2.png", png(10, 10, 1, pattern(10, 10, 1, 3))}};
    const json r = inspect_images(files, {}, "tall", kBudget);
    CHECK(r["chosen"] == json{{"height", 64}, {"width", 32}, {"channels", 1}});
    files.push_back({"a", "a/sq.png", png(300, 300, 1, pattern(300, 300, 1, 4))});
    files.push_back({"a", "a/sq2.png", png(300, 300, 1, pattern(300, 300, 1, 5))});
    CHECK(inspect_images(files, {}, "square", kBudget)["chosen"] == json{{"height", 64}, {"width", 64}, {"channels", 1}});
}

TEST_CASE("images: refused with the reason: no usable image, one class, over the memory budget", "[images]") {
    const std::vector<ImageFile> none{{"a", "a/x.txt", {'x'}}, {"b", "", {}}};
    CHECK_THROWS_WITH(dataset_from_images(none, {}, "junk", kBudget),
                      "junk: no usable image (1 file skipped, the first: a/x.txt: not a PNG or JPEG image "
                      "(unknown image type))");
    CHECK_THAT(inspect_images(none, {}, "junk", kBudget)["notes"].dump(), Catch::Contains("cannot train: junk: no usable image"));

    const std::vector<ImageFile> one{{"a", "a/1.png", png(2, 2, 1, {1, 2, 3, 4})}, {"a", "a/2.png", png(2, 2, 1, {1, 2, 3, 4})}};
    CHECK_THROWS_WITH(dataset_from_images(one, {}, "solo", kBudget),
                      "solo: only one class ('a', 2 images); a classifier needs at least two class folders, one per class");

    const std::vector<ImageFile> two{{"a", "a/1.png", png(2, 2, 1, {1, 2, 3, 4})}, {"b", "b/1.png", png(2, 2, 1, {5, 6, 7, 8})}};
    CHECK_THROWS_WITH(dataset_from_images(two, sized(512, 512, "rgb"), "big", 1 << 20),
                      Catch::StartsWith("big: 2 images of 512x512x3 need 6.0 MiB, over the memory budget of 1.0 MiB"));
}

TEST_CASE("images: data.color and data.image_size are read from a spec's data object", "[images]") {
    const ImageOptions o = ImageOptions::from_json(json{{"source", "images"}, {"color", "grayscale"}, {"image_size", {32, 48}}});
    CHECK(o.color == "grayscale");
    CHECK(o.height == 32);
    CHECK(o.width == 48);
    CHECK_THROWS_WITH(ImageOptions::from_json(json{{"color", "sepia"}}),
                      "data.color: 'sepia' is not one of auto, grayscale or rgb");
    CHECK_THROWS_WITH(ImageOptions::from_json(json{{"color", 3}}), "data.color: expected one of auto, grayscale or rgb, found 3");
    CHECK_THROWS_WITH(ImageOptions::from_json(json{{"image_size", {0, 10}}}),
                      "data.image_size: expected [height, width], whole numbers from 1 to 512, found [0,10]");
    // The one spec parser takes them into the spec (every front reads them there) and writes them back.
    json doc = json::parse(test::read_text(test::source_path("presets/image-classifier.json")));
    doc["data"]["color"] = "rgb";
    doc["data"]["image_size"] = {28, 20};
    const Spec spec = spec_from_json(doc);
    CHECK(spec.data.images.color == "rgb");
    CHECK(spec.data.images.height == 28);
    CHECK(spec.data.images.width == 20);
    CHECK(spec_from_json(spec.to_json()).to_json() == spec.to_json());
    CHECK(spec.to_json()["data"]["image_size"] == json{28, 20});
    doc["data"]["colour"] = "rgb";
    CHECK_THROWS_WITH(spec_from_json(doc), Catch::Contains("colour") && Catch::Contains("color"));
}

TEST_CASE("images: image_pixels decodes one image as a training folder's row would be, or names why not", "[images]") {
    const std::vector<std::uint8_t> colour{200, 100, 50, 10, 20, 30, 40, 50, 60, 70, 80, 90,  //
                                           1,   2,   3,  4,  5,  6,  7,  8,  9,  11, 12, 13};  // 4x2 RGB
    const auto file = png(4, 2, 3, colour);
    const std::vector<ImageFile> files{{"a", "a.png", file}, {"b", "b.png", png(4, 2, 3, pattern(4, 2, 3, 5))}};
    for (const auto& [h, w, color, c] : {std::tuple{2, 4, "rgb", 3}, std::tuple{1, 2, "grayscale", 1}, std::tuple{3, 5, "rgb", 3}}) {
        const Dataset ds = dataset_from_images(files, sized(h, w, color), "pair", kBudget);
        CHECK(image_pixels(file, h, w, c, "a.png") == row_of_class(ds, 0));
    }
    CHECK(image_pixels(file, 2, 4, 3, "a.png") == floats(colour));
    const std::string note = "not an image";
    CHECK_THROWS_WITH(image_pixels({note.begin(), note.end()}, 28, 28, 1, "notes.png"),
                      Catch::Matchers::StartsWith("notes.png: not a PNG or JPEG image"));
    try {
        image_pixels({}, 28, 28, 1, "empty.png");
        FAIL("an empty file decoded");
    } catch (const Error& e) {
        CHECK(std::string(e.code()) == "image.no_images");
        CHECK(std::string(e.what()) == "empty.png: empty file");
    }
}
