#include "nnplay/train/closed_form.hpp"

#include <Eigen/Dense>

#include "nnplay/error.hpp"

namespace nnplay {

namespace {
using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Preprocessed inputs with a trailing column of ones for the intercept.
MatD design(const Dataset& data, const Preprocessing& pre) {
    Mat x = data.x;
    pre.apply(MatMap(x.data(), x.rows(), x.cols()));
    MatD a(x.rows(), x.cols() + 1);
    a.leftCols(x.cols()) = x.cast<double>();
    a.col(x.cols()).setOnes();
    return a;
}
}  // namespace

LinearFit least_squares(const Dataset& data, const Preprocessing& pre) {
    if (data.y.cols() != 1) throw Error("least squares needs one target column");
    if (data.size() <= data.x.cols()) throw Error("least squares needs more rows than features");
    const MatD a = design(data, pre);
    const Eigen::VectorXd y = data.y.col(0).cast<double>();
    const Eigen::VectorXd w = (a.transpose() * a).ldlt().solve(a.transpose() * y);
    LinearFit fit;
    fit.kernel.assign(w.data(), w.data() + data.x.cols());
    fit.bias = w[data.x.cols()];
    fit.mse = (a * w - y).squaredNorm() / static_cast<double>(data.size());
    return fit;
}

double linear_mse(const LinearFit& fit, const Dataset& data, const Preprocessing& pre) {
    if (data.size() == 0) return 0;
    const MatD a = design(data, pre);
    Eigen::VectorXd w(static_cast<Index>(fit.kernel.size()) + 1);
    for (std::size_t i = 0; i < fit.kernel.size(); ++i) w[static_cast<Index>(i)] = fit.kernel[i];
    w[w.size() - 1] = fit.bias;
    return (a * w - data.y.col(0).cast<double>()).squaredNorm() / static_cast<double>(data.size());
}

}  // namespace nnplay
