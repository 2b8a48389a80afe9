// Kernel penalties, added to the reported loss as Keras does: l1 * sum|w| + l2 * sum w^2.
#pragma once
#include <string_view>

#include "nnplay/io/fields.hpp"
#include "nnplay/tensor.hpp"

namespace nnplay {

struct Regularizer {
    float l1 = 0, l2 = 0;

    bool active() const { return l1 != 0 || l2 != 0; }
    double penalty(const MatMap& w) const;
    void add_gradient(const MatMap& w, MatMap& dw) const;  // dw += d penalty / dw
    json config() const;  // null when inactive
};

inline constexpr std::string_view kRegularizers[] = {"l1", "l2", "l1_l2"};

// Accepts "l2", "l2(0.01)", "l1_l2(0.01, 0.02)", {"l1": 0.01, "l2": 0.02} or null.
Regularizer parse_regularizer(const json& v, const std::string& where);

}  // namespace nnplay
