#include "nnplay/data/preprocessing.hpp"

#include <cmath>

#include "nnplay/error.hpp"

namespace nnplay {

Preprocessing Preprocessing::from_config(const json& v, const std::string& where) {
    Preprocessing p;
    if (v.is_null()) return p;
    if (v.is_string()) {
        p.kind = Fields(json{{"type", v}}, where, {"type"}).choice("type", "none", kPreprocessings);
        if (p.kind == "rescale") throw Error("spec.missing_field", where + ": rescale needs a factor: {\"type\": \"rescale\", \"factor\": 0.00392156862745098}");
        return p;
    }
    Fields f(v, where, {"type", "factor"});
    p.kind = f.choice("type", "none", kPreprocessings);
    // The factor is kept as a float, and the float nearest 1e-12 lies just below it: the lower bound is
    // that float, or a spec or model file written with the smallest factor would not read back.
    if (p.kind == "rescale") p.factor = static_cast<float>(f.number("factor", static_cast<float>(1e-12), 1e12));
    else if (f.has("factor")) throw Error("spec.conflict", f.path("factor") + ": only the rescale type takes a factor");
    return p;
}

json Preprocessing::config() const {
    if (kind == "rescale") return json{{"type", kind}, {"factor", factor}};
    return json{{"type", kind}};
}

void Preprocessing::fit(const Mat& x) {
    const Index n = x.rows(), f = x.cols();
    offset = Vec::Zero(f);
    scale = Vec::Ones(f);
    if (kind == "rescale") scale.setConstant(factor);
    if (n == 0 || kind == "none" || kind == "rescale") return;
    for (Index c = 0; c < f; ++c) {
        // Double accumulators: float sums over 60,000 rows lose digits.
        double lo = x(0, c), hi = x(0, c), sum = 0, sq = 0;
        for (Index r = 0; r < n; ++r) {
            const double v = x(r, c);
            lo = std::min(lo, v), hi = std::max(hi, v), sum += v;
        }
        const double mean = sum / n;
        for (Index r = 0; r < n; ++r) sq += (x(r, c) - mean) * (x(r, c) - mean);
        const double sd = std::sqrt(sq / n);  // population std, as Keras' Normalization
        if (kind == "standardize") {
            offset[c] = static_cast<float>(mean);
            scale[c] = sd > 1e-12 ? static_cast<float>(1.0 / sd) : 1.0f;  // constant column: leave it centred
        } else {  // minmax
            offset[c] = static_cast<float>(lo);
            scale[c] = hi > lo ? static_cast<float>(1.0 / (hi - lo)) : 1.0f;
        }
    }
}

void Preprocessing::apply(MatMap x) const {
    if (kind == "none" || !fitted()) return;
    x = (x.rowwise() - offset).array().rowwise() * scale.array();
}

}  // namespace nnplay
