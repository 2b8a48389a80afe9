#include "nnplay/layers/regularizer.hpp"

#include <cmath>
#include <cstdlib>
#include <regex>

#include "nnplay/error.hpp"

namespace nnplay {

double Regularizer::penalty(const MatMap& w) const {
    double p = 0;
    if (l1 != 0) p += static_cast<double>(l1) * w.cwiseAbs().sum();
    if (l2 != 0) p += static_cast<double>(l2) * w.squaredNorm();
    return p;
}

void Regularizer::add_gradient(const MatMap& w, MatMap& dw) const {
    if (l1 != 0) dw.array() += l1 * w.array().sign();
    if (l2 != 0) dw += (2.0f * l2) * w;
}

json Regularizer::config() const {
    if (!active()) return nullptr;
    return json{{"l1", l1}, {"l2", l2}};
}

Regularizer parse_regularizer(const json& v, const std::string& where) {
    Regularizer r;
    if (v.is_null()) return r;
    if (v.is_string()) {
        // Keras' shorthand: name with an optional factor in parentheses (default 0.01).
        static const std::regex form(R"(\s*(l1|l2|l1_l2)\s*(?:\(\s*([0-9.eE+-]+)\s*(?:,\s*([0-9.eE+-]+)\s*)?\))?\s*)");
        std::smatch m;
        const std::string s = v.get<std::string>();
        if (!std::regex_match(s, m, form))
            throw Error(where + ": '" + s + "' is not a regulariser; use l1, l2 or l1_l2, e.g. \"l2(0.01)\"");
        // The pattern lets "." or "-" through: a factor must be a whole number text strtof reads to its end.
        auto factor = [&](const std::ssub_match& text) {
            if (!text.matched) return 0.01f;
            const std::string t = text.str();
            char* end = nullptr;
            const float v = std::strtof(t.c_str(), &end);
            if (end != t.c_str() + t.size() || !std::isfinite(v))
                throw Error(where + ": '" + t + "' in '" + s + "' is not a number");
            return v;
        };
        const float a = factor(m[2]), b = factor(m[3]);
        if (m[1] == "l1") r.l1 = a;
        else if (m[1] == "l2") r.l2 = a;
        else r.l1 = a, r.l2 = b;
        if (m[1] != "l1_l2" && m[3].matched)
            throw Error(where + ": " + m[1].str() + " takes one factor, e.g. \"" + m[1].str() + "(0.01)\"");
    } else {
        Fields f(v, where, {"l1", "l2"});
        r.l1 = static_cast<float>(f.number("l1", 0, 0, 1e3));
        r.l2 = static_cast<float>(f.number("l2", 0, 0, 1e3));
    }
    if (!(r.l1 >= 0 && r.l1 <= 1e3 && r.l2 >= 0 && r.l2 <= 1e3))
        throw Error(where + ": regularisation factors must be between 0 and 1000");
    return r;
}

}  // namespace nnplay
