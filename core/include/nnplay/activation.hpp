// Activation functions as {forward, derivative-from-output} pairs, applied to whole batches.
#pragma once
#include <string>
#include <string_view>

#include "nnplay/io/choices.hpp"
#include "nnplay/tensor.hpp"

namespace nnplay {

enum class Activation { linear, relu, sigmoid, tanh, softmax };

inline constexpr Named<Activation> kActivations[] = {
    {"relu", Activation::relu},       {"sigmoid", Activation::sigmoid}, {"tanh", Activation::tanh},
    {"softmax", Activation::softmax}, {"linear", Activation::linear},   {"none", Activation::linear, true},
};

Activation parse_activation(std::string_view name, const std::string& where);
std::string to_string(Activation a);

// y = f(z), row by row (softmax normalises each row). z and y may be the same matrix.
void activate(Activation a, const MatMap& z, MatMap& y);
// dz = dy * f'(z), expressed through y = f(z) (all five allow it). dz may alias dy.
void activation_backward(Activation a, const MatMap& y, const MatMap& dy, MatMap& dz);

}  // namespace nnplay
