#include "nnplay/layers/initializer.hpp"

#include <cmath>

#include "nnplay/error.hpp"

namespace nnplay {

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
    const std::string name = name_of(kind, kInitializers);
    if (kind == Kind::random_normal) return json{{"type", name}, {"stddev", stddev}};
    if (kind == Kind::random_uniform) return json{{"type", name}, {"limit", limit}};
    return name;
}

Initializer parse_initializer(const json& v, const std::string& where) {
    Initializer init;
    std::string name, name_path = where;
    if (v.is_string()) {
        name = v.get<std::string>();
    } else {
        Fields f(v, where, {"type", "stddev", "limit"});
        name = f.text("type");
        name_path = f.path("type");
        init.stddev = static_cast<float>(f.number("stddev", 0.05, 0, 1e3));
        init.limit = static_cast<float>(f.number("limit", 0.05, 0, 1e3));
    }
    init.kind = parse_named(std::string_view(name), kInitializers, name_path);
    return init;
}

}  // namespace nnplay
