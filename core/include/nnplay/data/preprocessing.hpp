// Per-feature affine input transform x' = (x - offset) * scale, fitted on the training split only and
// saved with the model, so a saved model predicts from raw inputs.
#pragma once
#include <string>
#include <string_view>

#include "nnplay/io/fields.hpp"
#include "nnplay/tensor.hpp"

namespace nnplay {

inline constexpr std::string_view kPreprocessings[] = {"none", "rescale", "standardize", "minmax"};

struct Preprocessing {
    std::string kind = "none";  // none, rescale (x * factor), standardize, minmax
    float factor = 1.0f;        // rescale
    Vec offset, scale;          // filled by fit()

    static Preprocessing from_config(const json& v, const std::string& where);
    json config() const;  // kind (and factor); the fitted numbers travel in the model file
    void fit(const Mat& x);  // computes offset/scale from training rows
    void apply(MatMap x) const;  // in place
    bool fitted() const { return offset.size() > 0; }
};

}  // namespace nnplay
