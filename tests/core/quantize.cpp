// Post-training int8 quantization: the integer arithmetic in closed form, accuracy against the float model,
// the model file's version 3 (round trip and refusals), and the refusal to train.
#include <cstring>

#include "helpers.hpp"
#include "nnplay/error.hpp"
#include "nnplay/io/model_file.hpp"
#include "nnplay/model/quantize.hpp"
#include "nnplay/parallel.hpp"

using namespace nnplay;
using namespace nnplay::test;
using Catch::Matchers::Contains;

namespace {

std::unique_ptr<Model> dense_model(const std::vector<float>& kernel, std::vector<float> bias) {
    auto m = Model::from_config(json::parse(R"({"input": [3], "layers": [{"type": "dense", "units": 2}]})"));
    std::copy(kernel.begin(), kernel.end(), m->params().begin());
    std::copy(bias.begin(), bias.end(), m->params().begin() + 6);
    return m;
}

std::unique_ptr<Session> trained_cancer() {
    json j = json::parse(R"({
        "data": {"source": "csv", "path": "breast-cancer/wdbc.csv", "target": "malignant"},
        "preprocessing": "standardize",
        "model": {"input": [30], "layers": [{"type": "dense", "units": 16, "activation": "relu"},
                                            {"type": "dense", "units": 1, "activation": "sigmoid"}]},
        "loss": "binary_crossentropy", "optimizer": {"type": "adam", "learning_rate": 0.01}, "metrics": ["accuracy"],
        "train": {"epochs": 10, "batch_size": 32, "validation_split": 0.1, "test_split": 0.2, "seed": 3}
    })");
    auto s = prepared(spec_from_json(j));
    s->trainer().fit();
    return s;
}

void fix_checksum(std::vector<std::uint8_t>& b) {
    const std::uint32_t c = crc32(std::span<const std::uint8_t>(b).first(b.size() - 4));
    std::memcpy(b.data() + b.size() - 4, &c, 4);
}

}  // namespace

TEST_CASE("int8: power-of-two scales put the largest value in 64..127 quanta", "[quantize]") {
    CHECK(power_of_two_scale(1.0f) == 1.0f / 64);     // 1 / (1/64) = 64; 1/128 would need 128
    CHECK(power_of_two_scale(127.0f) == 1.0f);
    CHECK(power_of_two_scale(127.5f) == 2.0f);
    CHECK(power_of_two_scale(0.0f) == 1.0f);          // an all-zero tensor
    CHECK(power_of_two_scale(3e-3f) == 0x1p-15f);     // 3e-3 * 2^16 = 196.6 > 127, * 2^15 = 98.3
}

TEST_CASE("int8: a dense layer computes the integer formula, with rounding half to even and saturation", "[quantize]") {
    // Kernel columns (1, 0.25, -1) and (-0.5, 2, 0.75): scales 1/64 and 1/32, quanta (64, 16, -64) and (-16, 64, 24).
    auto m = dense_model({1, -0.5f, 0.25f, 2, -1, 0.75f}, {0.5f, -1});
    Mat calib(1, 3);
    calib << 0.5f, -1, 0.25f;  // max |x| = 1: input scale 1/64
    quantize(*m, calib);
    REQUIRE(m->quantized());
    Mat x(3, 3);
    x << 0.5f, -1, 0.25f,       // exactly on the grid: (32, -64, 16)
        0.3f, 0.0078125f, -0.0234375f,  // 19.2 -> 19; 0.5 -> 0 (half to even); -1.5 -> -2
        3, -5, 0;               // beyond the calibration: saturates to 127 and -128
    const Mat y = m->predict(x);
    const auto expect = [](std::array<int, 3> q, int c) {
        const std::array<std::array<int, 3>, 2> w{{{64, 16, -64}, {-16, 64, 24}}};
        const float scale = c == 0 ? 1.0f / 64 : 1.0f / 32, bias = c == 0 ? 0.5f : -1;
        int acc = 0;
        for (int k = 0; k < 3; ++k) acc += q[k] * w[c][k];
        return static_cast<float>(acc) * (scale / 64) + bias;
    };
    const std::array<std::array<int, 3>, 3> q{{{32, -64, 16}, {19, 0, -2}, {127, -128, 0}}};
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 2; ++c) {
            INFO("row " << r << ", output " << c);
            CHECK(y(r, c) == expect(q[r], c));
        }
    // The float kernel now holds the dequantized weights.
    CHECK(m->param(0, "kernel")(2, 1) == 24.0f / 32);
}

TEST_CASE("int8: any thread count gives the same bits", "[quantize]") {
    auto s = trained_cancer();
    Model& m = s->model();
    quantize(m, s->train_data().x);
    const int before = threads();
    set_threads(1);
    const Mat one = m.predict(s->test_data().x);
    set_threads(4);
    const Mat four = m.predict(s->test_data().x);
    set_threads(before);
    CHECK(std::memcmp(one.data(), four.data(), sizeof(float) * static_cast<std::size_t>(one.size())) == 0);
}

TEST_CASE("int8: a quantized model refuses training and a second quantization", "[quantize]") {
    auto s = trained_cancer();
    quantize(s->model(), s->train_data().x);
    try {
        s->trainer().run(1);
        FAIL("a quantized model was trained");
    } catch (const Error& e) {
        CHECK(std::string(e.code()) == "model.quantized");
        CHECK_THAT(e.what(), Contains("quantized model: its int8 layers cannot be trained; train the float model and quantize again"));
    }
    CHECK_THROWS_WITH(quantize(s->model(), s->train_data().x), Contains("it is int8 already"));
}

TEST_CASE("int8 model file: version 3 round trip, four times smaller, refusals of edited files", "[quantize]") {
    auto s = trained_cancer();
    Model& m = s->model();
    const auto float_bytes = save_model(m, s->spec().loss, s->spec().metrics, s->describe());
    const double float_accuracy = s->evaluate_test().metrics.at("accuracy");
    quantize(m, s->train_data().x);
    const double int8_accuracy = s->evaluate_test().metrics.at("accuracy");
    INFO("cancer test accuracy: float " << float_accuracy << ", int8 " << int8_accuracy);
    CHECK(int8_accuracy >= float_accuracy - 0.02);  // 114 test rows: one row is 0.9 points
    const Mat before = m.predict(s->test_data().x);
    const auto bytes = save_model(m, s->spec().loss, s->spec().metrics, s->describe());
    CHECK(bytes[4] == 3);
    // 496 float kernel values against 496 int8 weights, 17 weight scales and two kernels' layer and input scale.
    CHECK(float_bytes.size() - bytes.size() == 496 * 4 - (496 + 17 * 4 + 2 * 8));

    SavedModel loaded = load_model(bytes, "int8.nnp");
    REQUIRE(loaded.model->quantized());
    const Mat after = loaded.model->predict(s->test_data().x);
    CHECK(std::memcmp(after.data(), before.data(), sizeof(float) * static_cast<std::size_t>(before.size())) == 0);
    CHECK(save_model(*loaded.model, loaded.loss, loaded.metrics, loaded.info) == bytes);

    // Bytes right after the metadata: u32 kernel count, then kernel 0's u32 layer and f32 input scale.
    std::uint32_t meta_len;
    std::memcpy(&meta_len, bytes.data() + 8, 4);
    const std::size_t at = 12 + meta_len;
    const auto edited = [&](std::size_t offset, auto value) {
        auto b = bytes;
        std::memcpy(b.data() + at + offset, &value, sizeof value);
        fix_checksum(b);
        return b;
    };
    const auto refused = [](const std::vector<std::uint8_t>& b, const std::string& why) {
        try {
            load_model(b, "e.nnp");
            FAIL("an edited file loaded: " << why);
        } catch (const Error& e) {
            CHECK(std::string(e.code()) == "model_file.corrupt");
            CHECK_THAT(e.what(), Contains(why));
        }
    };
    refused(edited(0, std::uint32_t{7}), "e.nnp: 7 int8 kernels for 2 layers");
    refused(edited(4, std::uint32_t{5}), "int8 kernel 0 names layer 5, not a later layer of the model's 2");
    refused(edited(8, 0.0f), "layer 0's input scale is not a positive number");
    refused(edited(12, -1.0f), "layer 0 has a weight scale that is not a positive number");
    refused(edited(0, std::uint32_t{0}), "parameters but its model needs 513");
    {  // layer 1's kernel named twice
        auto b = bytes;
        const std::size_t second = at + 4 + 4 + 4 + 16 * 4 + 30 * 16;
        std::uint32_t zero = 0;
        std::memcpy(b.data() + second, &zero, 4);
        fix_checksum(b);
        refused(b, "int8 kernel 1 names layer 0, not a later layer");
    }
    for (std::size_t n = 4; n < bytes.size(); n += 7) {  // cut anywhere: refused, never read beyond the end
        INFO("length " << n);
        const std::vector<std::uint8_t> b(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
        CHECK_THROWS_WITH(load_model(b, "t.nnp"), Contains("checksum mismatch") || Contains("truncated"));
    }
}

TEST_CASE("int8 mnist-mlp: test accuracy within half a point of the float model", "[quantize][slow]") {
    Spec spec = load_preset("mnist-mlp");
    spec.train.epochs = 3;
    auto s = prepared(spec);
    s->trainer().fit();
    const double float_accuracy = s->evaluate_test().metrics.at("accuracy");
    const Mat float_out = s->model().predict(s->test_data().x);
    quantize(s->model(), s->train_data().x);
    const double int8_accuracy = s->evaluate_test().metrics.at("accuracy");
    const Mat int8_out = s->model().predict(s->test_data().x);
    const double gap = (float_out - int8_out).cwiseAbs().maxCoeff();
    WARN("mnist-mlp test accuracy: float " << float_accuracy << ", int8 " << int8_accuracy << "; largest probability gap " << gap);
    CHECK(float_accuracy >= 0.96);  // three epochs
    CHECK(int8_accuracy > float_accuracy - 0.005);
}
