#include "nnplay/layers/initializer.hpp"

#include <cmath>

#include "nnplay/error.hpp"

namespace nnplay {

namespace {
struct Named {
    const char* name;
    Initializer::Kind kind;
};
constexpr Named kNames[] = {
    {"glorot_uniform", Initializer::Kind::glorot_uniform}, {"glorot_normal", Initializer::Kind::glorot_normal},
    {"he_normal", Initializer::Kind::he_normal},           {"he_uniform", Initializer::Kind::he_uniform},
    {"random_normal", Initializer::Kind::random_normal},   {"random_uniform", Initializer::Kind::random_uniform},
    {"zeros", Initializer::Kind::zeros},
};
}  // namespace

void Initializer::fill(MatMap& w, Index fan_in, Index fan_out, Rng& rng) const {
    const double fi = static_cast<double>(fan_in), fo = static_cast<double>(fan_out);
    auto uniform = [&](double lim) {
        for (Index i = 0; i < w.size(); ++i) w.data()[i] = rng.uniform(static_cast<float>(-lim), static_cast<float>(lim));
    };
    // Keras draws its *_normal initialisers from a normal truncated at 2 sigma, scaled so the
    // variance is the intended one (0.8796 is the stddev of a standard normal truncated at 2).
    auto truncated = [&](double sd) {
        for (Index i = 0; i < w.size(); ++i) w.data()[i] = static_cast<float>(rng.truncated_normal() * sd / 0.87962566103423978);
    };
    switch (kind) {
        case Kind::glorot_uniform: uniform(std::sqrt(6.0 / (fi + fo))); break;
        case Kind::glorot_normal: truncated(std::sqrt(2.0 / (fi + fo))); break;
        case Kind::he_normal: truncated(std::sqrt(2.0 / fi)); break;
        case Kind::he_uniform: uniform(std::sqrt(6.0 / fi)); break;
        case Kind::random_normal:
            for (Index i = 0; i < w.size(); ++i) w.data()[i] = static_cast<float>(rng.normal() * stddev);
            break;
        case Kind::random_uniform: uniform(limit); break;
        case Kind::zeros: w.setZero(); break;
    }
}

json Initializer::config() const {
    for (const auto& n : kNames)
        if (n.kind == kind) {
            if (kind == Kind::random_normal) return json{{"type", n.name}, {"stddev", stddev}};
            if (kind == Kind::random_uniform) return json{{"type", n.name}, {"limit", limit}};
            return n.name;
        }
    return "glorot_uniform";
}

Initializer parse_initializer(const json& v, const std::string& where) {
    Initializer init;
    std::string name;
    if (v.is_string()) {
        name = v.get<std::string>();
    } else {
        Fields f(v, where, {"type", "stddev", "limit"});
        name = f.text("type");
        init.stddev = static_cast<float>(f.number("stddev", 0.05, 0, 1e3));
        init.limit = static_cast<float>(f.number("limit", 0.05, 0, 1e3));
    }
    for (const auto& n : kNames)
        if (name == n.name) {
            init.kind = n.kind;
            return init;
        }
    std::vector<std::string> all;
    for (const auto& n : kNames) all.emplace_back(n.name);
    std::string msg = where + ": '" + name + "' is not one of glorot_uniform, glorot_normal, he_normal, he_uniform, "
                      "random_normal, random_uniform or zeros";
    if (auto near = closest_match(name, all); !near.empty()) msg += " (did you mean '" + near + "'?)";
    throw Error(msg);
}

}  // namespace nnplay
