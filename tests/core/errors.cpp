// Bad input of every kind is refused with an Error that names the thing at fault and carries its kind's code;
// nothing crashes.
#include <catch2/catch.hpp>
#include <cstring>
#include <functional>
#include <set>

#include "../support/image_writer.hpp"
#include "helpers.hpp"
#include "nnplay/data/images.hpp"
#include "nnplay/error.hpp"
#include "nnplay/io/export.hpp"
#include "nnplay/io/import.hpp"
#include "nnplay/io/model_file.hpp"
#include "nnplay/model/quantize.hpp"
#include "nnplay/train/session.hpp"

using namespace nnplay;
using namespace nnplay::test;
using Catch::Contains;
using nnplay::test::png;

namespace {
std::vector<std::uint8_t> header(std::uint8_t type, std::vector<std::uint32_t> dims) {
    std::vector<std::uint8_t> b{0, 0, type, static_cast<std::uint8_t>(dims.size())};
    for (auto d : dims)
        for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(d >> s));
    return b;
}

// The smallest spec the tests vary: one dense layer on 4 inputs.
json base_spec() {
    return json::parse(R"({
        "data": {"source": "csv", "path": "x.csv", "target": "y"},
        "model": {"input": [4], "layers": [{"type": "dense", "units": 3, "activation": "relu"},
                                           {"type": "dense", "units": 1}]},
        "loss": "mean_squared_error",
        "optimizer": {"type": "sgd", "learning_rate": 0.1},
        "train": {"epochs": 2, "batch_size": 4}
    })");
}

std::unique_ptr<Model> build(const json& model) { return Model::from_config(model); }
}  // namespace

TEST_CASE("idx: truncated or foreign or oversized or compressed files are refused", "[errors]") {
    SECTION("too short for a header") {
        CHECK_THROWS_WITH(parse_idx(std::vector<std::uint8_t>{0, 0}, "tiny.idx"), Contains("tiny.idx: too short for an IDX file (2 bytes)"));
        CHECK_THROWS_WITH(parse_idx(std::vector<std::uint8_t>{}, "empty.idx"), Contains("too short"));
    }
    SECTION("truncated header") {
        auto b = header(0x08, {10, 28, 28});
        b.resize(9);
        CHECK_THROWS_WITH(parse_idx(b, "h.idx"), Contains("h.idx: truncated header: 3 dimensions need 16 bytes, the file has 9"));
    }
    SECTION("truncated values") {
        auto b = header(0x08, {10, 28, 28});
        b.resize(b.size() + 10 * 28 * 28 - 1);
        CHECK_THROWS_WITH(parse_idx(b, "v.idx"), Contains("v.idx: the header promises 10x28x28 values") && Contains("(truncated?)"));
    }
    SECTION("trailing data") {
        auto b = header(0x08, {2});
        b.insert(b.end(), {1, 2, 3});
        CHECK_THROWS_WITH(parse_idx(b, "t.idx"), Contains("(trailing data?)"));
    }
    SECTION("wrong magic") {
        auto b = header(0x08, {2});
        b.insert(b.end(), {1, 2});
        b[0] = 0x50;  // e.g. a PNG or text file
        CHECK_THROWS_WITH(parse_idx(b, "m.idx"), Contains("m.idx: not an IDX file"));
        b[0] = 0;
        b[3] = 9;
        CHECK_THROWS_WITH(parse_idx(b, "m.idx"), Contains("IDX rank 9 at byte 3 is not between 1 and 4"));
    }
    SECTION("unknown element type, named in hex") {
        auto b = header(0x10, {2});
        b.insert(b.end(), {1, 2});
        CHECK_THROWS_WITH(parse_idx(b, "e.idx"), Contains("unknown IDX element type 0x10 at byte 2"));
    }
    SECTION("a header promising more than the file holds, without allocating it") {
        auto b = header(0x08, {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu});
        b.insert(b.end(), 100, 0);
        CHECK_THROWS_WITH(parse_idx(b, "big.idx"), Contains("big.idx: the header promises") && Contains("more than the file holds"));
        auto d = header(0x0E, {0x40000000u, 0x40000000u});  // 2^60 doubles
        d.insert(d.end(), 64, 0);
        CHECK_THROWS_WITH(parse_idx(d, "big.idx"), Contains("more than the file holds"));
    }
    SECTION("a zero dimension") {
        const auto b = header(0x08, {3, 0});
        CHECK_THROWS_WITH(parse_idx(b, "z.idx"), Contains("dimension 1 is 0"));
    }
    SECTION("a non-finite float value") {
        auto b = header(0x0D, {2});
        b.insert(b.end(), {0x3f, 0x80, 0, 0, 0x7f, 0xc0, 0, 0});  // 1.0, NaN
        CHECK_THROWS_WITH(parse_idx(b, "nan.idx"), Contains("value 1 (byte 12) is not a finite number"));
    }
    SECTION("gzip bytes") {
        const std::vector<std::uint8_t> gz{0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3};
        CHECK_THROWS_WITH(parse_idx(gz, "train.gz"), Contains("train.gz: the file is gzip-compressed; decompress it first"));
    }
    SECTION("labels that are not class numbers") {
        auto images = header(0x08, {2, 1, 1});
        images.insert(images.end(), {0, 0});
        auto labels = header(0x09, {2});
        labels.insert(labels.end(), {1, 0xff});  // -1
        CHECK_THROWS_WITH(dataset_from_idx(parse_idx(images, "i"), parse_idx(labels, "l"), "i", "l"),
                          Contains("l: label 1 is -1") && Contains("not a class number"));
    }
}

TEST_CASE("idx: random corruption of a valid file never crashes", "[errors]") {
    auto good = header(0x08, {3, 2, 2});
    good.insert(good.end(), 12, 7);
    Rng rng(77);
    int refused = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        auto b = good;
        const auto edits = 1 + rng.below(3);
        for (std::uint64_t e = 0; e < edits; ++e) b[rng.below(b.size())] = static_cast<std::uint8_t>(rng.below(256));
        if (rng.below(4) == 0) b.resize(rng.below(b.size() + 1));
        try {
            const auto a = parse_idx(b, "fuzz.idx");
            std::uint64_t n = 1;
            for (auto d : a.dims) n *= static_cast<std::uint64_t>(d);
            CHECK(static_cast<std::uint64_t>(a.values.size()) == n);
        } catch (const Error&) {
            ++refused;
        }
    }
    CHECK(refused > 0);
}

TEST_CASE("csv: malformed tables are refused with the line and column", "[errors]") {
    CHECK_THROWS_WITH(read_csv("a,b,y\n1,2,3\n4,5\n", "r.csv"), Contains("r.csv line 3: expected 3 fields as in the header, found 2"));
    CHECK_THROWS_WITH(read_csv("a,b,y\n1,2,3\n4,5,6,7\n", "r.csv"), Contains("r.csv line 3: expected 3 fields") && Contains("found 4"));
    CHECK_THROWS_WITH(read_csv("a,b,y\n1,\"2\"x,3\n", "q.csv"), Contains("q.csv line 2, column 2: text after the closing quote"));
    CHECK_THROWS_WITH(read_csv("a,b,y\n1,2,3\n4,\"5,6\n", "o.csv"), Contains("o.csv line 3, column 2: a quoted field is not closed"));
    CHECK_THROWS_WITH(read_csv("", "empty.csv"), Contains("empty.csv: the file is empty"));
    CHECK_THROWS_WITH(read_csv("\n \r\n", "blank.csv"), Contains("blank.csv: the file is empty"));
    CHECK_THROWS_WITH(read_csv("a,b,y\n", "head.csv"), Contains("head.csv: has a header but no data rows"));
    CHECK_THROWS_WITH(read_csv("a,a,y\n1,2,3\n", "h.csv"), Contains("h.csv line 1, column 2: the header names column 'a' twice"));
    CHECK_THROWS_WITH(read_csv(std::string("a,y\n1,\0\n", 8), "bin.csv"), Contains("bin.csv: contains NUL bytes"));
    CHECK_THROWS_WITH(read_csv("a,gr\xF6\xDF" "e\n1,2\n", "latin1.csv"), Contains("latin1.csv line 1, column 2: the column name") && Contains("is not UTF-8"));
    CHECK_THROWS_WITH(read_csv("a,city\n1,M\xFCnchen\n", "latin1.csv"),
                      Contains("latin1.csv line 2, column 2 (city): \"M") && Contains("is not UTF-8 text; save the file as UTF-8"));

    const RawTable t = read_csv(read_text(source_path("data/house-prices/boston.csv")), "boston.csv");
    CHECK_THROWS_WITH(dataset_from_table(t, {"MEDVV", {}, false, "impute", "none"}, 1 << 30),
                      Contains("boston.csv: no column named 'MEDVV' (did you mean 'MEDV'?)") && Contains("columns: CRIM, ZN"));
    CHECK_THROWS_WITH(dataset_from_table(t, {"price", {}, false, "impute", "none"}, 1 << 30), Contains("no column named 'price'"));
}

TEST_CASE("csv: random corruption never crashes", "[errors]") {
    const std::string good = "a,b,\"c d\",y\r\n1,2.5,-3,4\r\n5,6,7e-1,8\r\n";
    const std::string alphabet = ",;\t\"\r\n .-e0123456789aNI?\xEF\xBB\xBF";
    Rng rng(78);
    int accepted = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        std::string s = good;
        const auto edits = 1 + rng.below(4);
        for (std::uint64_t e = 0; e < edits; ++e) s[rng.below(s.size())] = alphabet[rng.below(alphabet.size())];
        try {
            const RawTable t = read_csv(s, "fuzz.csv");
            for (const auto& c : t.columns) CHECK((c.numeric ? c.values.size() : c.codes.size()) == t.rows);
            (void)csv_report(t, {"", {}, std::nullopt, "impute", "none"}, 1 << 20).dump();
            ++accepted;
        } catch (const Error&) {
        }
    }
    CHECK(accepted > 0);
}

TEST_CASE("spec: typos and unknown names and out-of-range values name the field", "[errors]") {
    SECTION("the base spec is fine") {
        const Spec s = spec_from_json(base_spec());
        CHECK(build(s.model)->output_size() == 1);
    }
    SECTION("a typo'd key") {
        json j = base_spec();
        j["model"]["layers"][0].erase("units");
        j["model"]["layers"][0]["unit"] = 3;
        CHECK_THROWS_WITH(build(j["model"]), Contains("model.layers[0]: unknown field 'unit' (did you mean 'units'?)"));
        CHECK_THROWS_WITH(spec_from_json(j), Contains("model.layers[0]: unknown field 'unit' (did you mean 'units'?)"));
        json k = base_spec();
        k["optimiser"] = k["optimizer"];
        k.erase("optimizer");
        CHECK_THROWS_WITH(spec_from_json(k), Contains("unknown field 'optimiser' (did you mean 'optimizer'?)"));
        json e = base_spec();
        e["train"]["epoch"] = 3;
        CHECK_THROWS_WITH(spec_from_json(e), Contains("train: unknown field 'epoch' (did you mean 'epochs'?)"));
    }
    SECTION("a bad activation") {
        json j = base_spec();
        j["model"]["layers"][0]["activation"] = "relux";
        const std::string message = "model.layers[0].activation: 'relux' is not one of relu, sigmoid, tanh, softmax or linear "
                                    "(did you mean 'relu'?)";
        CHECK_THROWS_WITH(build(j["model"]), message);
        CHECK_THROWS_WITH(spec_from_json(j), message);
    }
    SECTION("an unknown layer type") {
        json j = base_spec();
        j["model"]["layers"][1]["type"] = "dens";
        CHECK_THROWS_WITH(build(j["model"]), Contains("model.layers[1].type: 'dens' is not one of") && Contains("did you mean 'dense'?"));
        CHECK_THROWS_WITH(spec_from_json(j), Contains("model.layers[1].type: 'dens' is not one of"));
        j["model"]["layers"][1] = json{{"units", 3}};
        CHECK_THROWS_WITH(build(j["model"]), Contains("model.layers[1]: a layer needs a \"type\""));
        j["model"]["layers"][1] = json{{"type", "lstm"}, {"units", 3}};
        CHECK_THROWS_WITH(build(j["model"]), Contains("model.layers[1].type: 'lstm' is not one of dense"));
    }
    SECTION("a bad loss name") {
        json j = base_spec();
        j["loss"] = "categorical_crossentropi";
        CHECK_THROWS_WITH(spec_from_json(j), Contains("loss: 'categorical_crossentropi' is not one of") &&
                                             Contains("did you mean 'categorical_crossentropy'?"));
        j["loss"] = "hinge";
        CHECK_THROWS_WITH(spec_from_json(j), Contains("loss: 'hinge' is not one of"));
        j.erase("loss");
        CHECK_THROWS_WITH(spec_from_json(j), Contains("loss: required field is missing"));
    }
    SECTION("a learning rate of 0 or below") {
        json j = base_spec();
        j["optimizer"]["learning_rate"] = 0;
        CHECK_THROWS_WITH(spec_from_json(j), "optimizer.learning_rate: 0 is outside the allowed range: above 0 and at most 1000");
        j["optimizer"]["learning_rate"] = -0.01;
        CHECK_THROWS_WITH(spec_from_json(j), Contains("optimizer.learning_rate") && Contains("-0.01"));
        j["optimizer"]["learning_rate"] = "fast";
        CHECK_THROWS_WITH(spec_from_json(j), Contains("optimizer.learning_rate: expected a number"));
    }
    SECTION("other fields out of range") {
        json j = base_spec();
        j["train"]["epochs"] = 0;
        CHECK_THROWS_WITH(spec_from_json(j), Contains("train.epochs: 0 is outside the allowed range"));
        j = base_spec();
        j["train"]["batch_size"] = "all";
        CHECK_THROWS_WITH(spec_from_json(j), Contains("train.batch_size: expected a whole number or \"full\""));
        j = base_spec();
        j["train"]["validation_split"] = 1.5;
        CHECK_THROWS_WITH(spec_from_json(j), Contains("train.validation_split"));
        j = base_spec();
        j["model"]["layers"].push_back({{"type", "dropout"}, {"rate", 1.0}});
        CHECK_THROWS_WITH(build(j["model"]), Contains("model.layers[2].rate: 1.0 is outside the allowed range"));
        j = base_spec();
        j["model"]["layers"][0]["kernel_regularizer"] = "l3(0.1)";
        CHECK_THROWS_WITH(build(j["model"]), "model.layers[0].kernel_regularizer: 'l3' is not one of l1, l2 or l1_l2 (did you mean 'l1'?)");
        j["model"]["layers"][0]["kernel_regularizer"] = "l2(0.1";
        CHECK_THROWS_WITH(build(j["model"]), "model.layers[0].kernel_regularizer: 'l2(0.1' is not a regulariser call; write e.g. \"l2(0.01)\"");
        j = base_spec();
        j["model"]["layers"][0]["kernel_initializer"] = "he_norml";
        CHECK_THROWS_WITH(build(j["model"]), Contains("did you mean 'he_normal'?"));
        CHECK_THROWS_WITH(parse_spec(std::string_view("{\"model\": ")), Contains("spec is not valid JSON"));
        CHECK_THROWS_WITH(spec_from_json(json::array()), Contains("spec: expected an object"));
    }
    SECTION("a dense layer of 10^12 units is refused before anything is allocated") {
        json j = base_spec();
        j["model"]["layers"][0]["units"] = 1000000000000LL;
        CHECK_THROWS_WITH(build(j["model"]), Contains("model.layers[0].units: 1000000000000 is outside the allowed range"));
        CHECK_THROWS_WITH(spec_from_json(j), Contains("model.layers[0].units: 1000000000000 is outside the allowed range"));
        j["model"]["layers"][0]["units"] = -5;
        CHECK_THROWS_WITH(build(j["model"]), Contains("model.layers[0].units: -5 is outside the allowed range"));
        j["model"]["layers"][0]["units"] = 2.5;
        CHECK_THROWS_WITH(build(j["model"]), Contains("model.layers[0].units: expected a whole number"));
    }
    SECTION("a model over the memory budget") {
        const json m = json::parse(R"({"input": [28, 28, 1], "layers": [{"type": "flatten"},
                                       {"type": "dense", "units": 16000000}, {"type": "dense", "units": 10}]})");
        CHECK_THROWS_WITH(Model::from_config(m), Contains("model: needs about") && Contains("over the memory budget of 1.0 GiB") &&
                                                     Contains("use fewer units"));
        json j = base_spec();
        j["model"]["input"] = {784};
        j["model"]["layers"][0]["units"] = 16000000;
        CHECK_THROWS_WITH(spec_from_json(j), Contains("over the memory budget"));
        // A session's own budget (activations sized by the batch): 784 x 1000 weights need ~12 MiB.
        j["model"]["layers"][0]["units"] = 1000;
        Session session(spec_from_json(j), 1 << 20);
        Dataset ds;
        ds.x = Mat::Zero(8, 784);
        ds.y = Mat::Zero(8, 1);
        ds.shape = {784};
        CHECK_THROWS_WITH(session.prepare(ds, ds), Contains("over the memory budget of 1.0 MiB"));
        CHECK_FALSE(session.prepared());
    }
    SECTION("a model that does not fit the data") {
        Session session(spec_from_json(base_spec()));
        Dataset ds;
        ds.x = Mat::Zero(8, 5);
        ds.y = Mat::Zero(8, 1);
        ds.shape = {5};
        CHECK_THROWS_WITH(session.prepare(ds, ds), Contains("model: input [4] means 4 values per sample, but the data has 5"));
    }
}

TEST_CASE("trainer: learning rates that are not numbers above 0 and up to 1000 are refused", "[errors]") {
    Session session(spec_from_json(base_spec()));
    Dataset ds;
    ds.x = Mat::Ones(8, 4);
    ds.y = Mat::Ones(8, 1);
    ds.shape = {4};
    session.prepare(ds, ds);
    Trainer& t = session.trainer();
    CHECK_THROWS_WITH(t.set_learning_rate(std::nan("")), "learning_rate: nan is outside the allowed range: above 0 and at most 1000");
    CHECK_THROWS_WITH(t.set_learning_rate(0.0), "learning_rate: 0 is outside the allowed range: above 0 and at most 1000");
    CHECK_THROWS_WITH(t.set_learning_rate(-1.0), "learning_rate: -1 is outside the allowed range: above 0 and at most 1000");
    CHECK_THROWS_WITH(t.set_learning_rate(INFINITY), "learning_rate: inf is outside the allowed range: above 0 and at most 1000");
    CHECK(t.learning_rate() == 0.1);  // unchanged by the refusals
    t.set_learning_rate(0.05);
    CHECK(t.learning_rate() == 0.05);
    t.fit();
    CHECK(t.finished());
}

namespace {
// A trained-looking small model file (parameters from a seeded initialisation, preprocessing fitted).
std::vector<std::uint8_t> small_model_file() {
    auto m = Model::from_config(json::parse(R"({"input": [3], "layers": [{"type": "dense", "units": 4, "activation": "tanh"},
                                                                          {"type": "dense", "units": 2, "activation": "softmax"}]})"));
    Rng rng(3);
    m->initialize(rng);
    m->preprocessing().kind = "standardize";
    m->preprocessing().fit(random_matrix(20, 3, rng));
    // With a training state, so the edits below reach its JSON and its binary blocks too.
    TrainingState state;
    state.epoch = 3;
    state.batch = 1;
    state.in_epoch = true;
    state.loss_sum = 1.5, state.seen = 4;
    state.metric_sums = {3};
    state.rng = Rng(4).state();
    state.order = {2, 0, 1, 3};
    state.history.history = {{"loss", {0.9, 0.7, 0.6}}, {"accuracy", {0.5, 0.6, 0.75}}};
    state.optimizer_state = {{0.729, 0.997}, std::vector<float>(2 * m->param_count(), 0.25f)};
    return save_model(*m, LossKind::sparse_categorical_crossentropy, {Metric::accuracy}, json{{"task", "classification"}}, &state);
}

// A version 1 file as the format description says (which this build still reads), with our own metadata
// and a correct checksum.
std::vector<std::uint8_t> craft_model_file(const std::string& meta, std::uint64_t n_params, std::uint32_t pre_n) {
    std::vector<std::uint8_t> out{'N', 'N', 'P', 'M'};
    auto put = [&](const auto& v) {  // little-endian, as the host
        const std::size_t at = out.size();
        out.resize(at + sizeof v);
        std::memcpy(out.data() + at, &v, sizeof v);
    };
    put(std::uint32_t{1});
    put(static_cast<std::uint32_t>(meta.size()));
    out.insert(out.end(), meta.begin(), meta.end());
    put(n_params);
    out.insert(out.end(), n_params * 4, 0);
    put(pre_n);
    out.insert(out.end(), std::size_t{pre_n} * 8, 0);
    put(crc32(out));
    return out;
}
}  // namespace

TEST_CASE("model files: broken or edited or foreign files are refused with the reason", "[errors]") {
    const auto good = small_model_file();
    REQUIRE(load_model(good, "good.nnp").training->order == std::vector<std::uint32_t>{2, 0, 1, 3});
    SECTION("empty") { CHECK_THROWS_WITH(load_model(std::vector<std::uint8_t>{}, "e.nnp"), Contains("e.nnp: not an nnplay model file")); }
    SECTION("wrong magic") {
        auto b = good;
        b[0] = 'X';
        CHECK_THROWS_WITH(load_model(b, "w.nnp"), Contains("w.nnp: not an nnplay model file (it does not start with \"NNPM\")"));
        CHECK_THROWS_WITH(load_model(as_bytes("{\"not\": \"a model\"}"), "j.nnp"), Contains("not an nnplay model file"));
    }
    SECTION("truncated, at every length") {
        for (std::size_t n = 4; n < good.size(); ++n) {
            INFO("length " << n);
            const std::vector<std::uint8_t> b(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
            CHECK_THROWS_WITH(load_model(b, "t.nnp"), Contains("t.nnp: ") && (Contains("checksum mismatch") || Contains("truncated")));
        }
    }
    SECTION("one byte flipped, anywhere") {
        for (std::size_t i = 4; i < good.size(); ++i) {
            INFO("byte " << i);
            auto b = good;
            b[i] ^= 0x10;
            CHECK_THROWS_WITH(load_model(b, "f.nnp"), Contains("f.nnp: checksum mismatch: the file is truncated or was changed"));
        }
    }
    SECTION("trailing bytes") {
        auto b = good;
        b.push_back(0);
        CHECK_THROWS_WITH(load_model(b, "x.nnp"), Contains("checksum mismatch"));
    }
    SECTION("a newer version") {
        auto b = good;
        b[4] = 4;
        const std::uint32_t c = crc32(std::span<const std::uint8_t>(b).first(b.size() - 4));
        std::memcpy(b.data() + b.size() - 4, &c, 4);
        CHECK_THROWS_WITH(load_model(b, "v.nnp"), "v.nnp: model file version 4, this build reads versions 1 to 3");
    }
    SECTION("edited metadata with a correct checksum") {
        const std::string model = R"("model": {"input": [2], "layers": [{"type": "dense", "units": 1}]})";
        const std::string rest = R"("loss": "mse", "metrics": [], "preprocessing": {"type": "none"})";
        CHECK_NOTHROW(load_model(craft_model_file("{\"format\": \"nnplay-model\", " + model + ", " + rest + "}", 3, 0), "ok.nnp"));
        CHECK_THROWS_WITH(load_model(craft_model_file("{\"format\": \"nnplay-model\", " + model + ", " + rest + "}", 4, 0), "n.nnp"),
                          Contains("n.nnp: holds 4 parameters but its model needs 3"));
        CHECK_THROWS_WITH(load_model(craft_model_file("{\"format\": \"nnplay-model\", " + model + ", " + rest + "}", 3, 5), "p.nnp"),
                          Contains("p.nnp: preprocessing for 5 inputs, the model has 2"));
        CHECK_THROWS_WITH(load_model(craft_model_file("{\"format\": \"other\", " + model + ", " + rest + "}", 3, 0), "o.nnp"),
                          Contains("o.nnp: the metadata does not describe an nnplay model"));
        CHECK_THROWS_WITH(load_model(craft_model_file("{\"format\": 7, " + model + ", " + rest + "}", 3, 0), "t.nnp"),
                          Contains("t.nnp: the metadata does not describe an nnplay model"));
        CHECK_THROWS_WITH(load_model(craft_model_file("[1, 2]", 3, 0), "a.nnp"), Contains("a.nnp: the metadata does not describe an nnplay model"));
        CHECK_THROWS_WITH(load_model(craft_model_file("{\"format\": \"nnplay-model\", " + model + ", \"loss\": 5}", 3, 0), "l.nnp"),
                          Contains("l.nnp: bad metadata"));
        CHECK_THROWS_WITH(load_model(craft_model_file("{\"format\": \"nnplay-model\", " + model + "", 3, 0), "j.nnp"),
                          Contains("j.nnp: the metadata is not valid JSON"));
        const std::string huge = R"("model": {"input": [784], "layers": [{"type": "dense", "units": 16000000}]})";
        CHECK_THROWS_WITH(load_model(craft_model_file("{\"format\": \"nnplay-model\", " + huge + ", " + rest + "}", 3, 0), "h.nnp"),
                          Contains("h.nnp: bad model description") && Contains("over the memory budget"));
    }
    SECTION("random edits with a recomputed checksum never crash") {
        Rng rng(79);
        for (int trial = 0; trial < 2000; ++trial) {
            auto b = good;
            const auto edits = 1 + rng.below(3);
            for (std::uint64_t e = 0; e < edits; ++e) b[4 + rng.below(b.size() - 8)] = static_cast<std::uint8_t>(rng.below(256));
            const std::uint32_t c = crc32(std::span<const std::uint8_t>(b).first(b.size() - 4));
            std::memcpy(b.data() + b.size() - 4, &c, 4);
            try {
                load_model(b, "fuzz.nnp");
            } catch (const Error&) {
            }
        }
        SUCCEED("no exception other than nnplay::Error escaped");
    }
}

namespace {
// The code of the Error `f` throws; "(no Error)" when it throws none.
std::string code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return std::string(e.code());
    }
    return "(no Error)";
}

RawTable table(const std::string& csv) { return read_csv(csv, "t.csv"); }
PlanOptions target(const std::string& name, std::optional<bool> classification = std::nullopt, const std::string& missing = "impute") {
    return {name, {}, classification, missing, "none"};
}

Dataset rows(Index n, Index cols, float y = 0) {
    Dataset ds;
    ds.x = Mat::Ones(n, cols);
    ds.y = Mat::Constant(n, 1, y);
    ds.shape = {cols};
    return ds;
}

void prepare(const json& spec, const Dataset& ds) { Session(spec_from_json(spec)).prepare(ds, ds); }

json with(json j, const json::json_pointer& at, const json& value) {
    j[at] = value;
    return j;
}

std::vector<std::uint8_t> idx_of(std::uint8_t type, std::vector<std::uint32_t> dims, std::vector<std::uint8_t> values) {
    auto b = header(type, std::move(dims));
    b.insert(b.end(), values.begin(), values.end());
    return b;
}

std::vector<std::uint8_t> with_checksum(std::vector<std::uint8_t> b) {
    const std::uint32_t c = crc32(std::span<const std::uint8_t>(b).first(b.size() - 4));
    std::memcpy(b.data() + b.size() - 4, &c, 4);
    return b;
}

// Codes that the core does not throw: the command line's zip reader (tests/cli/images.cpp) and the wasm
// binding's out-of-memory answer (a std::bad_alloc becomes memory.out there).
const std::set<std::string_view> kThrownOutsideTheCore{"zip.broken", "zip.too_large", "zip.unsafe_path", "memory.out"};
}  // namespace

TEST_CASE("error codes: every listed code is distinct and stands for a kind of bad input the core refuses", "[errors]") {
    const auto sample = [](const std::string& label, Index n) {
        std::vector<ImageFile> files;
        for (Index i = 0; i < n; ++i) files.push_back({label, label + "/" + std::to_string(i) + ".png", png(2, 2, 1, {1, 2, 3, 4})});
        return files;
    };
    auto two_classes = sample("cats", 2);
    for (auto& f : sample("dogs", 2)) two_classes.push_back(f);
    const auto classifier = with(with(base_spec(), "/loss"_json_pointer, "sparse_categorical_crossentropy"),
                                 "/model/layers/1"_json_pointer, {{"type", "dense"}, {"units", 2}});
    const std::vector<std::pair<std::string_view, std::function<void()>>> cases{
        {"csv.empty", [] { read_csv("", "e.csv"); }},
        {"csv.ragged_row", [] { read_csv("a,b,y\n1,2,3\n4,5\n", "r.csv"); }},
        {"csv.bad_quotes", [] { read_csv("a,b,y\n1,\"2\"x,3\n", "q.csv"); }},
        {"csv.not_text", [] { read_csv(std::string("a,y\n1,\0\n", 8), "bin.csv"); }},
        {"csv.not_text", [] { read_csv("a,city\n1,M\xFCnchen\n", "latin1.csv"); }},
        {"csv.duplicate_column", [] { read_csv("a,a,y\n1,2,3\n", "h.csv"); }},
        {"csv.unknown_column", [] { dataset_from_table(table("a,y\n1,2\n"), target("price"), 1 << 20); }},
        {"csv.target_empty", [] { dataset_from_table(table("a,y\n1,\n2,\n"), target("y"), 1 << 20); }},
        {"csv.not_numeric", [] { dataset_from_table(table("a,y\n1,cat\n2,dog\n"), target("y", false), 1 << 20); }},
        {"csv.too_large", [] { dataset_from_table(table("a,y\n1,2\n3,4\n"), target("y"), 1); }},
        {"csv.no_features", [] { dataset_from_table(table("y\n1\n2\n"), target("y"), 1 << 20); }},
        {"data.not_classes", [] { dataset_from_table(table("a,y\n1,0.5\n2,1.5\n"), target("y", true), 1 << 20); }},
        {"data.not_classes", [&] { prepare(classifier, rows(8, 4, 0.5f)); }},
        {"data.no_rows_left", [] { dataset_from_table(table("a,b,y\n,1,0\n2,,1\n,3,0\n4,,1\n"), target("y", std::nullopt, "drop"), 1 << 20); }},
        {"data.too_few_rows", [] { prepare(base_spec(), rows(0, 4)); }},
        {"data.input_mismatch", [] { prepare(base_spec(), rows(8, 5)); }},
        {"data.unsuitable", [] { prepare(with(base_spec(), "/data/corruption"_json_pointer, {{"label_noise", 0.2}}), rows(8, 4)); }},
        {"idx.gzipped", [] { parse_idx(std::vector<std::uint8_t>{0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3}, "train.gz"); }},
        {"idx.bad_magic", [] { parse_idx(std::vector<std::uint8_t>{0x50, 0x4b, 8, 1, 0, 0, 0, 1, 0}, "m.idx"); }},
        {"idx.bad_header", [] { parse_idx(idx_of(0x10, {2}, {1, 2}), "e.idx"); }},
        {"idx.bad_header", [] { parse_idx(idx_of(0x08, {3, 0}, {}), "z.idx"); }},
        {"idx.truncated", [] { parse_idx(std::vector<std::uint8_t>{0, 0}, "tiny.idx"); }},
        {"idx.size_mismatch", [] { parse_idx(idx_of(0x08, {2}, {1, 2, 3}), "t.idx"); }},
        {"idx.not_finite", [] { parse_idx(idx_of(0x0D, {2}, {0x3f, 0x80, 0, 0, 0x7f, 0xc0, 0, 0}), "nan.idx"); }},
        {"idx.labels_mismatch", [] {
             dataset_from_idx(parse_idx(idx_of(0x08, {2, 1, 1}, {0, 0}), "i"), parse_idx(idx_of(0x08, {3}, {0, 1, 0}), "l"), "i", "l");
         }},
        {"image.no_images", [] { dataset_from_images({}, {}, "empty", 1 << 20); }},
        {"image.one_class", [&] { dataset_from_images(sample("cats", 2), {}, "cats", 1 << 20); }},
        {"image.too_large", [&] { dataset_from_images(two_classes, {}, "pets", 32); }},
        {"spec.not_json", [] { parse_spec(std::string_view("{\"model\": ")); }},
        {"spec.unknown_key", [] { spec_from_json(with(base_spec(), "/train/epoch"_json_pointer, 3)); }},
        {"spec.missing_field", [] {
             json j = base_spec();
             j.erase("loss");
             spec_from_json(j);
         }},
        {"spec.wrong_type", [] { spec_from_json(with(base_spec(), "/optimizer/learning_rate"_json_pointer, "fast")); }},
        {"spec.out_of_range", [] { spec_from_json(with(base_spec(), "/optimizer/learning_rate"_json_pointer, 0)); }},
        {"spec.unknown_choice", [] { spec_from_json(with(base_spec(), "/loss"_json_pointer, "hinge")); }},
        {"spec.unknown_choice", [] { spec_from_json(with(base_spec(), "/model/layers/0/activation"_json_pointer, "relux")); }},
        {"spec.conflict", [] {
             spec_from_json(with(with(base_spec(), "/train/kfold"_json_pointer, 3), "/train/validation_split"_json_pointer, 0.2));
         }},
        {"model.bad_shape", [] { build(with(base_spec(), "/model/layers/0"_json_pointer, {{"type", "conv2d"}, {"filters", 2}, {"kernel_size", 3}})["model"]); }},
        {"model.too_large", [] { build(with(base_spec(), "/model/layers/0/units"_json_pointer, 16000000)["model"]); }},
        {"model.output_mismatch", [] {
             prepare(with(base_spec(), "/loss"_json_pointer, "sparse_categorical_crossentropy"), rows(8, 4, 1));
         }},
        {"model.quantized", [] {
             auto m = Model::from_config(base_spec()["model"]);
             const Mat x = Mat::Ones(4, m->input_size());
             quantize(*m, x);
             quantize(*m, x);  // int8 already
         }},
        {"model_file.not_nnplay", [] { load_model(std::vector<std::uint8_t>{}, "e.nnp"); }},
        {"model_file.version", [] {
             auto b = small_model_file();
             b[4] = 4;
             load_model(with_checksum(b), "v.nnp");
         }},
        {"model_file.truncated", [] { load_model(std::vector<std::uint8_t>{'N', 'N', 'P', 'M', 1, 0, 0, 0, 100, 0, 0, 0}, "t.nnp"); }},
        {"model_file.corrupt", [] {
             auto b = small_model_file();
             b[20] ^= 0x10;
             load_model(b, "f.nnp");
         }},
        {"model_file.corrupt", [] {
             const std::string meta = R"({"format": "nnplay-model", "model": {"input": [2], "layers": [{"type": "dense", "units": 1}]},
                                         "loss": "mse", "metrics": [], "preprocessing": {"type": "none"}})";
             load_model(craft_model_file(meta, 4, 0), "n.nnp");
         }},
        {"model_file.does_not_fit", [] {
             Session session(spec_from_json(base_spec()));
             session.prepare(rows(8, 4), rows(8, 4));
             session.adopt(load_model(small_model_file(), "three-inputs.nnp").model, std::nullopt);
         }},
        {"train.diverged", [] {
             json j = with(base_spec(), "/optimizer/learning_rate"_json_pointer, 1000);
             j["train"]["epochs"] = 50;
             Session session(spec_from_json(j));
             Dataset ds = rows(8, 4, 1e6f);
             ds.x *= 100.0f;
             session.prepare(ds, ds);
             session.trainer().fit();
         }},
        {"import.unsupported", [] {
             auto m = build(base_spec()["model"]);
             json onnx = onnx_model(*m, json::object());
             onnx["graph"]["node"][0]["opType"] = "LeakyRelu";
             import_onnx(onnx, "bad.onnx");
         }},
        {"import.malformed", [] { import_tfjs("{\"modelTopology\": ", {}, "cut.json"); }},
        {"export.unsupported", [] {
             auto m = build(json::parse(R"({"input": [2, 2, 1], "layers": [{"type": "activation", "activation": "softmax"},
                                                                        {"type": "flatten"}]})"));
             onnx_model(*m, json::object());
         }},
    };
    std::set<std::string_view> listed;
    for (const auto code : kErrorCodes) {
        CHECK(listed.insert(code).second);  // distinct
        CHECK(code.find('.') != std::string_view::npos);  // a group and a name: errors.<group>.<name> in the page
    }
    std::set<std::string_view> seen = kThrownOutsideTheCore;
    for (const auto& [code, bad] : cases) {
        INFO("expected " << code);
        CHECK(code_of(bad) == code);
        seen.insert(code);
    }
    CHECK(seen == listed);  // every code has a bad input above, and every code tested is listed
}

TEST_CASE("error codes: an Error without a code has an empty one, and a wrapped Error keeps its cause's", "[errors]") {
    CHECK(Error("plain").code().empty());
    const Error cause("csv.ragged_row", "t.csv line 3: expected 3 fields as in the header, found 2; quote fields ...");
    CHECK(Error(cause, "in the training data: " + std::string(cause.what())).code() == "csv.ragged_row");
    // The message stays exactly the core's English text.
    CHECK_THROWS_WITH(read_csv("a,b,y\n1,2,3\n4,5\n", "r.csv"),
                      "r.csv line 3: expected 3 fields as in the header, found 2; quote fields that contain the delimiter ','");
    try {
        build(with(base_spec(), "/model/layers/0"_json_pointer, {{"type", "conv2d"}, {"filters", 2}, {"kernel_size", 3}})["model"]);
        FAIL("no Error");
    } catch (const Error& e) {
        CHECK(e.code() == "model.bad_shape");
        CHECK(std::string(e.what()) == "model.layers[0] (conv2d): conv2d expects image samples of shape [height, width, channels], got rank 1");
    }
}
