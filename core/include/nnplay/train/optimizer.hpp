// Optimizers update the model's whole parameter block in one pass (all parameters are contiguous).
// Formulas follow Keras 3 so users can compare numbers.
#pragma once
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/io/fields.hpp"

namespace nnplay {

inline constexpr std::string_view kOptimizers[] = {"sgd", "adam", "rmsprop"};

struct OptimizerSpec {
    std::string type = "adam";  // sgd, adam, rmsprop
    double learning_rate = 0.001;
    double momentum = 0.0;  // sgd, rmsprop
    bool nesterov = false;  // sgd
    double beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-7;  // adam
    double rho = 0.9;                                     // rmsprop

    json config() const;
};

// Throws unless `lr` is above 0 and at most limits::kMaxLearningRate, naming `where` and that range.
void check_learning_rate(double lr, const std::string& where);

// Accepts "adam" or {"type": "sgd", "learning_rate": 0.1, "momentum": 0.9, ...}.
OptimizerSpec parse_optimizer(const json& v, const std::string& where);

// An optimizer's moments and step products (Adam's beta^t), for a model file that resumes training.
struct OptimizerState {
    std::vector<double> scalars;
    std::vector<float> values;
};

class Optimizer {
public:
    virtual ~Optimizer() = default;
    virtual OptimizerState state() const = 0;
    // Throws when `s` is not this optimizer's (other sizes: another model or type).
    virtual void restore(const OptimizerState& s) = 0;
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
