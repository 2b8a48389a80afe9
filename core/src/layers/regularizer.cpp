#include "nnplay/layers/regularizer.hpp"

#include <cmath>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "nnplay/error.hpp"
#include "nnplay/io/choices.hpp"

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

namespace {
std::string trim(std::string_view t) {
    const auto b = t.find_first_not_of(" \t"), e = t.find_last_not_of(" \t");
    return b == std::string_view::npos ? "" : std::string(t.substr(b, e - b + 1));
}

// Keras' shorthand "name", "name(a)" or "name(a, b)": the name and the factor texts.
bool split_call(const std::string& s, std::string& name, std::vector<std::string>& args) {
    const auto open = s.find('(');
    name = trim(std::string_view(s).substr(0, open));
    if (open == std::string::npos) return true;
    const std::string rest = trim(std::string_view(s).substr(open + 1));
    if (rest.empty() || rest.back() != ')') return false;
    std::string_view inner(rest.data(), rest.size() - 1);
    for (std::size_t start = 0;;) {
        const auto comma = inner.find(',', start);
        args.push_back(trim(inner.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
        if (comma == std::string_view::npos) return true;
        start = comma + 1;
    }
}
}  // namespace

Regularizer parse_regularizer(const json& v, const std::string& where) {
    Regularizer r;
    if (v.is_null()) return r;
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        std::string name;
        std::vector<std::string> args;
        const bool ok = split_call(s, name, args);
        const std::size_t most = name == "l1_l2" ? 2 : 1;
        if (!ok) throw Error("spec.wrong_type", where + ": '" + s + "' is not a regulariser call; write e.g. \"l2(0.01)\"");
        name = choose(name, kRegularizers, where);
        if (args.size() > most)
            throw Error("spec.wrong_type", where + ": " + name + " takes " + (most == 1 ? "one factor" : "two factors") + ", e.g. \"" + name +
                        (most == 1 ? "(0.01)" : "(0.01, 0.01)") + "\"");
        auto factor = [&](std::size_t i) {  // default 0.01, as Keras
            if (i >= args.size()) return 0.01f;
            char* end = nullptr;
            const float f = std::strtof(args[i].c_str(), &end);
            if (args[i].empty() || end != args[i].c_str() + args[i].size() || !std::isfinite(f))
                throw Error("spec.wrong_type", where + ": '" + args[i] + "' in '" + s + "' is not a number");
            return f;
        };
        if (name == "l1") r.l1 = factor(0);
        else if (name == "l2") r.l2 = factor(0);
        else r.l1 = factor(0), r.l2 = factor(1);
    } else {
        Fields f(v, where, {"l1", "l2"});
        r.l1 = static_cast<float>(f.number("l1", 0, 0, 1e3));
        r.l2 = static_cast<float>(f.number("l2", 0, 0, 1e3));
    }
    if (!(r.l1 >= 0 && r.l1 <= 1e3 && r.l2 >= 0 && r.l2 <= 1e3))
        throw Error("spec.out_of_range", where + ": regularisation factors must be between 0 and 1000");
    return r;
}

}  // namespace nnplay
