// Kernel initialisers with Keras' names and formulas; biases start at zero.
#pragma once
#include "nnplay/io/choices.hpp"
#include "nnplay/io/fields.hpp"
#include "nnplay/random.hpp"
#include "nnplay/tensor.hpp"

namespace nnplay {

struct Initializer {
    enum class Kind { glorot_uniform, glorot_normal, he_normal, he_uniform, random_normal, random_uniform, zeros };
    Kind kind = Kind::glorot_uniform;
    float stddev = 0.05f;  // random_normal
    float limit = 0.05f;   // random_uniform

    // fan_in / fan_out as Keras computes them (for a conv kernel: kernel area times channels).
    void fill(MatMap& w, Index fan_in, Index fan_out, Rng& rng) const;
    json config() const;
};

inline constexpr Named<Initializer::Kind> kInitializers[] = {
    {"glorot_uniform", Initializer::Kind::glorot_uniform}, {"glorot_normal", Initializer::Kind::glorot_normal},
    {"he_normal", Initializer::Kind::he_normal},           {"he_uniform", Initializer::Kind::he_uniform},
    {"random_normal", Initializer::Kind::random_normal},   {"random_uniform", Initializer::Kind::random_uniform},
    {"zeros", Initializer::Kind::zeros},
};

// Accepts a name ("he_normal") or {"type": "random_normal", "stddev": 0.1}.
Initializer parse_initializer(const json& v, const std::string& where);

}  // namespace nnplay
