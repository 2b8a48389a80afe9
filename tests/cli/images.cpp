// The CLI's image folders: a generated directory and generated zips (one inside a top folder, one with a
// path outside its root, one declaring more than the budget, one corrupt), and `nnplay train --data DIR`.
#include "images.hpp"

#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "../support/image_writer.hpp"
#include "files.hpp"
#include "nnplay/error.hpp"

#include <catch2/catch.hpp>

using namespace nnplay;
namespace fs = std::filesystem;
using nnplay::test::jpeg;
using nnplay::test::pattern;
using nnplay::test::png;

namespace {

constexpr std::uint64_t kBudget = 1ull << 30;

fs::path scratch(const std::string& name) {
    const fs::path p = fs::temp_directory_path() / ("nnplay-cli-images-" + std::to_string(::getpid())) / name;
    fs::remove_all(p);
    fs::create_directories(p.parent_path());
    return p;
}

void write(const fs::path& p, const std::vector<std::uint8_t>& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// Two classes of 8x8 images, PNG and JPEG, plus a truncated PNG, a hidden file and macOS' debris.
std::vector<std::pair<std::string, std::vector<std::uint8_t>>> pet_files() {
    std::vector<std::pair<std::string, std::vector<std::uint8_t>>> f;
    for (int i = 0; i < 12; ++i) {
        f.push_back({"cats/" + std::to_string(i) + ".png", png(8, 8, 3, pattern(8, 8, 3, i))});
        f.push_back({"dogs/" + std::to_string(i) + ".jpg", jpeg(12, 10, 3, pattern(12, 10, 3, 40 + i))});
    }
    auto broken = png(8, 8, 3, pattern(8, 8, 3, 99));
    broken.resize(30);  // the header and part of the first chunk
    f.push_back({"dogs/broken.png", broken});
    f.push_back({"cats/.DS_Store", {0, 0, 0, 1}});
    f.push_back({"__MACOSX/cats/._0.png", {0, 5, 22, 7}});
    return f;
}

std::vector<std::uint8_t> make_zip(const std::vector<std::pair<std::string, std::vector<std::uint8_t>>>& entries,
                                   const std::vector<std::string>& folders = {}) {
    const fs::path path = scratch("made.zip");
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    REQUIRE(z);
    for (const auto& d : folders) REQUIRE(zip_dir_add(z, d.c_str(), ZIP_FL_ENC_UTF_8) >= 0);
    for (const auto& [name, bytes] : entries) {
        zip_source_t* s = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
        REQUIRE(zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    REQUIRE(zip_close(z) == 0);
    return cli::read_file(path.string());
}

}  // namespace

TEST_CASE("cli images: a folder of class folders, with hidden files ignored and the bad file skipped", "[images]") {
    const fs::path dir = scratch("pets");
    for (const auto& [name, bytes] : pet_files()) write(dir / name, bytes);
    fs::create_directories(dir / "birds");
    const auto files = cli::read_image_source(dir.string(), kBudget);
    CHECK(files.size() == 25 + 3);  // 25 files, 3 folders
    const json r = inspect_images(files, {}, "pets", kBudget);
    CHECK(r["images"] == 24);
    CHECK(r["classes"] == json{"cats", "dogs"});
    CHECK(r["per_class"][0] == json{{"name", "birds"}, {"images", 0}});
    CHECK(r["skipped"] == json{{{"file", "dogs/broken.png"}, {"reason", r["skipped"][0]["reason"]}}});
    CHECK(r["chosen"] == json{{"height", 8}, {"width", 8}, {"channels", 3}});

    // The same files zipped inside one top folder give the same report and the same pixels.
    std::vector<std::pair<std::string, std::vector<std::uint8_t>>> nested;
    for (const auto& [name, bytes] : pet_files()) nested.push_back({"export/" + name, bytes});
    const auto zipped = cli::read_image_zip(make_zip(nested, {"export/birds/"}), "pets.zip", kBudget);
    json zr = inspect_images(zipped, {}, "pets", kBudget);
    CHECK(zr == r);
}

TEST_CASE("cli images: unsafe or broken zips are refused with the zip's name and the reason", "[images]") {
    const auto img = png(4, 4, 1, pattern(4, 4, 1, 1));
    CHECK_THROWS_WITH(cli::read_image_zip(make_zip({{"cats/1.png", img}, {"../evil.png", img}}), "evil.zip", kBudget),
                      "evil.zip: entry '../evil.png' points outside the zip's folder; the zip is refused");
    CHECK_THROWS_WITH(cli::read_image_zip(make_zip({{"/etc/evil.png", img}}), "abs.zip", kBudget),
                      "abs.zip: entry '/etc/evil.png' points outside the zip's folder; the zip is refused");

    // A bomb: 4 MiB of zeros compress to a few KiB; refused by the declared size, before extracting.
    const auto bomb = make_zip({{"cats/zeros.png", std::vector<std::uint8_t>(4 << 20)}});
    CHECK(bomb.size() < 64 << 10);
    CHECK_THROWS_WITH(cli::read_image_zip(bomb, "bomb.zip", 1 << 20),
                      "bomb.zip: 4.0 MiB of files is over the memory budget of 1.0 MiB (as its entries declare, up to "
                      "'cats/zeros.png')");

    // Declared sizes that lie (the central directory's uncompressed size patched to 4 GiB - 16): refused.
    auto liar = make_zip({{"cats/1.png", img}});
    const std::uint8_t central[] = {'P', 'K', 1, 2};
    auto at = std::search(liar.begin(), liar.end(), std::begin(central), std::end(central));
    REQUIRE(at != liar.end());
    for (int i = 0; i < 4; ++i) at[24 + i] = i == 0 ? 0xF0 : 0xFF;
    CHECK_THROWS_WITH(cli::read_image_zip(liar, "liar.zip", kBudget), Catch::StartsWith("liar.zip: "));

    std::vector<std::uint8_t> junk(make_zip({{"cats/1.png", img}}));
    junk.resize(junk.size() - 10);
    CHECK_THROWS_WITH(cli::read_image_zip(junk, "cut.zip", kBudget), Catch::StartsWith("cut.zip: not a readable zip file ("));
}

TEST_CASE("cli images: a refused zip's Error carries the kind of problem as its code", "[images][errors]") {
    const auto img = png(4, 4, 1, pattern(4, 4, 1, 1));
    const auto code = [](const std::vector<std::uint8_t>& zip, std::uint64_t budget) -> std::string {
        try {
            cli::read_image_zip(zip, "x.zip", budget);
        } catch (const Error& e) {
            return std::string(e.code());
        }
        return "(no Error)";
    };
    std::vector<std::uint8_t> cut(make_zip({{"cats/1.png", img}}));
    cut.resize(cut.size() - 10);
    CHECK(code(cut, kBudget) == "zip.broken");
    CHECK(code(make_zip({{"cats/zeros.png", std::vector<std::uint8_t>(4 << 20)}}), 1 << 20) == "zip.too_large");
    CHECK(code(make_zip({{"cats/1.png", img}, {"../evil.png", img}}), kBudget) == "zip.unsafe_path");
}

TEST_CASE("cli images: nnplay train --data DIR trains on a generated folder and names the skipped file", "[images]") {
    const fs::path dir = scratch("train");
    for (const auto& [name, bytes] : pet_files()) write(dir / "pets" / name, bytes);
    // Explicit sizes (8x8x3 in, 2 classes out) so the test does not depend on the "from the data" syntax.
    const std::string spec = R"({"name": "pets", "data": {"source": "images"},
        "preprocessing": {"type": "rescale", "factor": 0.00392156862745098},
        "model": {"input": [8, 8, 3], "layers": [
          {"type": "conv2d", "filters": 4, "kernel_size": 3, "padding": "same", "activation": "relu"},
          {"type": "max_pooling2d", "pool_size": 2}, {"type": "flatten"},
          {"type": "dense", "units": 2, "activation": "softmax"}]},
        "loss": "sparse_categorical_crossentropy", "optimizer": {"type": "adam", "learning_rate": 0.01},
        "train": {"epochs": 3, "batch_size": 4, "validation_split": 0.2, "test_split": 0.2}})";
    write(dir / "spec.json", {spec.begin(), spec.end()});
    const std::string cmd = std::string(NNPLAY_CLI) + " train " + (dir / "spec.json").string() + " --data " +
                            (dir / "pets").string() + " --json > " + (dir / "out.txt").string() + " 2> " +
                            (dir / "err.txt").string();
    REQUIRE(std::system(cmd.c_str()) == 0);
    std::ifstream out(dir / "out.txt"), err(dir / "err.txt");
    const std::string text((std::istreambuf_iterator<char>(out)), {}), log((std::istreambuf_iterator<char>(err)), {});
    CHECK_THAT(log, Catch::Contains("pets: 1 file skipped"));
    CHECK_THAT(log, Catch::Contains("(2 classes: cats, dogs)"));
    CHECK_THAT(text, Catch::Contains("\"test_accuracy\""));
}
