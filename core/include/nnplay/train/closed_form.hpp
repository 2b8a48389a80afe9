// The normal equations, so a lesson can show gradient descent arriving at the exact least-squares fit.
#pragma once
#include "nnplay/data/dataset.hpp"
#include "nnplay/data/preprocessing.hpp"

namespace nnplay {

struct LinearFit {
    std::vector<double> kernel;  // one weight per (preprocessed) feature
    double bias = 0;
    double mse = 0;  // on the data it was fitted to
};

// Ordinary least squares with an intercept on `pre`-transformed inputs: solves (X^T X) w = X^T y in double.
LinearFit least_squares(const Dataset& data, const Preprocessing& pre);

// Mean squared error of a linear fit on other data (e.g. the test split).
double linear_mse(const LinearFit& fit, const Dataset& data, const Preprocessing& pre);

}  // namespace nnplay
