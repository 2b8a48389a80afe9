// Optimizers update the model's whole parameter block in one pass (all parameters are contiguous).
// Formulas follow Keras 3 so users can compare numbers.
#pragma once
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "nnplay/io/fields.hpp"

namespace nnplay {

struct OptimizerSpec {
    std::string type = "adam";  // sgd, adam, rmsprop
    double learning_rate = 0.001;
    double momentum = 0.0;  // sgd, rmsprop
    bool nesterov = false;  // sgd
    double beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-7;  // adam
    double rho = 0.9;                                     // rmsprop

    json config() const;
};

// Accepts "adam" or {"type": "sgd", "learning_rate": 0.1, "momentum": 0.9, ...}.
OptimizerSpec parse_optimizer(const json& v, const std::string& where);

class Optimizer {
public:
    virtual ~Optimizer() = default;
    // One update of params from grads (same length, fixed for the optimizer's life).
    virtual void step(std::span<float> params, std::span<const float> grads) = 0;
    void set_learning_rate(double lr) { lr_ = lr; }
    double learning_rate() const { return lr_; }

protected:
    explicit Optimizer(double lr) : lr_(lr) {}
    double lr_;
};

std::unique_ptr<Optimizer> make_optimizer(const OptimizerSpec& spec, std::size_t n_params);

}  // namespace nnplay
