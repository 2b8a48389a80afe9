#include "nnplay/activation.hpp"

#include "nnplay/error.hpp"

namespace nnplay {

Activation parse_activation(std::string_view name, const std::string& where) {
    return parse_named(name, kActivations, where);
}

std::string to_string(Activation a) { return name_of(a, kActivations); }

void activate(Activation a, const MatMap& z, MatMap& y) {
    switch (a) {
        case Activation::linear:
            if (y.data() != z.data()) y = z;
            break;
        case Activation::relu: y = z.cwiseMax(0.0f); break;
        case Activation::sigmoid: y = (1.0f + (-z.array()).exp()).inverse(); break;
        case Activation::tanh: y = z.array().tanh(); break;
        case Activation::softmax:
            for (Index r = 0; r < z.rows(); ++r) {
                const float m = z.row(r).maxCoeff();  // shift so exp never overflows
                y.row(r) = (z.row(r).array() - m).exp();
                y.row(r) /= y.row(r).sum();
            }
            break;
    }
}

void activation_backward(Activation a, const MatMap& y, const MatMap& dy, MatMap& dz) {
    switch (a) {
        case Activation::linear:
            if (dz.data() != dy.data()) dz = dy;
            break;
        case Activation::relu: {
            // A plain loop, which compilers turn into a compare and a mask; Eigen's select() with a constant
            // branches per element, and ReLU's pattern defeats the branch predictor.
            const float *yv = y.data(), *g = dy.data();
            float* d = dz.data();
            for (Index i = 0, n = y.size(); i < n; ++i) {
                const float gi = g[i];  // loaded either way, so the loop needs no branch
                d[i] = yv[i] > 0.0f ? gi : 0.0f;
            }
            break;
        }
        case Activation::sigmoid: dz = dy.array() * y.array() * (1.0f - y.array()); break;
        case Activation::tanh: dz = dy.array() * (1.0f - y.array().square()); break;
        case Activation::softmax:
            // Jacobian-vector product: dz_i = y_i (dy_i - sum_j dy_j y_j).
            for (Index r = 0; r < y.rows(); ++r) {
                const float dot = y.row(r).dot(dy.row(r));
                dz.row(r) = y.row(r).array() * (dy.row(r).array() - dot);
            }
            break;
    }
}

}  // namespace nnplay
