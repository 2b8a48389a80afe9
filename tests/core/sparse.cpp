// The products that skip an input's zeros (SparseRows) against double-precision dense products, and the
// dense layer that uses them for mostly-zero inputs against the same layer fed a dense input.
#include <catch2/catch.hpp>
#include <cstring>

#include "helpers.hpp"
#include "nnplay/layers/dense.hpp"
#include "nnplay/layers/sparse_rows.hpp"

using namespace nnplay;
using namespace nnplay::test;

namespace {
// Values in [-1, 1], each zero with probability `zeros`; row `empty_row` and column `empty_col` all zero.
Mat sparse_matrix(Index rows, Index cols, double zeros, Rng& rng, Index empty_row = -1, Index empty_col = -1) {
    Mat m = random_matrix(rows, cols, rng);
    for (Index i = 0; i < rows; ++i)
        for (Index j = 0; j < cols; ++j)
            if (rng.uniform() < zeros || i == empty_row || j == empty_col) m(i, j) = 0.0f;
    return m;
}
}  // namespace

TEST_CASE("sparse rows: both products match dense double products at widths around the 4- and 32-float blocks", "[sparse]") {
    Rng rng(7);
    for (const Index width : {1, 3, 4, 5, 31, 32, 33, 67, 128}) {
        for (const Index rows : {1, 5, 64}) {
            INFO("x: " << rows << " x 50, kernel width " << width);
            Mat x = sparse_matrix(rows, 50, 0.8, rng, rows > 1 ? 1 : -1, 7);
            Mat w = random_matrix(50, width, rng), dz = random_matrix(rows, width, rng);
            SparseRows s;
            REQUIRE(s.compress(view(x), 0.5));

            Mat z = Mat::Constant(rows, width, NAN);
            MatMap zm = view(z);
            s.times(view(w), zm, 0, rows);
            require_close(zm, x.cast<double>() * w.cast<double>(), "x w", 1e-6);
            // Rows computed in two ranges (as parallel parts do) are the same bits as in one.
            Mat z2 = Mat::Constant(rows, width, NAN);
            MatMap z2m = view(z2);
            s.times(view(w), z2m, rows / 2, rows);
            s.times(view(w), z2m, 0, rows / 2);
            CHECK(std::memcmp(z.data(), z2.data(), sizeof(float) * static_cast<std::size_t>(z.size())) == 0);

            // The all-zero column gives an all-zero kernel row.
            Mat dw = Mat::Constant(50, width, NAN);
            MatMap dwm = view(dw);
            s.transposed_times(view(dz), dwm, 0, 50);
            require_close(dwm, x.cast<double>().transpose() * dz.cast<double>(), "x^T dz", 1e-6);
            Mat dw2 = Mat::Constant(50, width, NAN);
            MatMap dw2m = view(dw2);
            s.transposed_times(view(dz), dw2m, 17, 50);
            s.transposed_times(view(dz), dw2m, 0, 17);
            CHECK(std::memcmp(dw.data(), dw2.data(), sizeof(float) * static_cast<std::size_t>(dw.size())) == 0);
            CHECK(dw.row(7).isZero(0));
        }
    }
}

TEST_CASE("sparse rows: refuses inputs denser than the limit and reuses its buffers for any later size", "[sparse]") {
    Rng rng(8);
    SparseRows s;
    Mat dense = random_matrix(16, 40, rng);  // no zeros
    CHECK_FALSE(s.compress(view(dense), 0.5));
    Mat half = dense;
    for (Index i = 0; i < half.size(); i += 2) half.data()[i] = 0.0f;  // exactly half nonzero
    CHECK(s.compress(view(half), 0.5));
    CHECK_FALSE(s.compress(view(half), 0.49));

    // A big input, then a small one: the small one's products must not see the big one's entries.
    Mat big = sparse_matrix(64, 40, 0.7, rng), small = sparse_matrix(3, 40, 0.7, rng);
    Mat w = random_matrix(40, 9, rng);
    REQUIRE(s.compress(view(big), 0.5));
    REQUIRE(s.compress(view(small), 0.5));
    Mat z(3, 9);
    MatMap zm = view(z);
    s.times(view(w), zm, 0, 3);
    require_close(zm, small.cast<double>() * w.cast<double>(), "small after big", 1e-6);
}

TEST_CASE("dense: a mostly-zero input (the sparse path) gives the dense path's output and gradients", "[sparse]") {
    // 200 x 100 = 20,000 kernel entries: big enough for the split and the sparse path.
    Rng rng(9);
    Dense layer(100, Activation::relu, true, Initializer{}, Regularizer{});
    REQUIRE(layer.build({200}) == Shape{100});
    std::vector<float> params(200 * 100 + 100), grads(params.size(), NAN);
    layer.bind(params.data(), grads.data());
    for (auto& p : params) p = rng.uniform(-0.2f, 0.2f);
    const MatD W = Eigen::Map<const Mat>(params.data(), 200, 100).cast<double>();
    const Eigen::RowVectorXd b = Eigen::Map<const Vec>(params.data() + 20000, 100).cast<double>();

    for (const double zeros : {0.85, 0.0}) {  // the sparse path, then the dense one, same checks
        INFO("share of zeros in the input " << zeros);
        Mat x = sparse_matrix(32, 200, zeros, rng), dy = random_matrix(32, 100, rng);
        const MatD X = x.cast<double>();
        MatD z = X * W;
        z.rowwise() += b;
        const MatD y = z.cwiseMax(0.0);
        require_close(layer.forward(view(x), true, rng), y, "forward", 1e-6);

        const MatD dz = (z.array() > 0).select(dy.cast<double>(), 0.0);
        const Mat dx = layer.backward(view(x), view(dy), true);
        require_close(MatMap(grads.data(), 200, 100), X.transpose() * dz, "kernel gradient", 1e-6);
        require_close(MatMap(grads.data() + 20000, 1, 100), dz.colwise().sum(), "bias gradient", 1e-6);
        require_close(MatMap(const_cast<float*>(dx.data()), 32, 200), dz * W.transpose(), "input gradient", 1e-6);
    }
}
