#include "nnplay/train/optimizer.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <sstream>

#include "nnplay/error.hpp"
#include "nnplay/io/choices.hpp"
#include "nnplay/limits.hpp"
#include "nnplay/parallel.hpp"

namespace nnplay {

namespace {
using Arr = Eigen::Array<float, Eigen::Dynamic, 1>;
using ArrMap = Eigen::Map<Arr>;
using CArrMap = Eigen::Map<const Arr>;

// Optimizer state of inputs that stay at zero (MNIST's border pixels) decays geometrically into subnormal
// floats, which x86 computes ~100x slower. Flushing below 1e-30 (far below any step that moves a float32
// weight), the same way on every target, keeps the step fast and native == wasm.
// A plain loop: compilers vectorise it, where Eigen's select() with a constant branches per element.
template <class A>
void flush_tiny(A&& a) {
    float* p = a.data();
    for (Eigen::Index i = 0, n = a.size(); i < n; ++i) p[i] = std::fabs(p[i]) < 1e-30f ? 0.0f : p[i];
}

constexpr Eigen::Index kBlock = 2048;

// The arrays' values one after the other, and back (each keeps its size; an empty one stays empty).
std::vector<float> concat(std::initializer_list<const Arr*> arrays) {
    std::vector<float> out;
    for (const Arr* a : arrays) out.insert(out.end(), a->data(), a->data() + a->size());
    return out;
}
void split(const OptimizerState& s, std::size_t scalars, std::initializer_list<Arr*> arrays, const char* type) {
    std::size_t n = 0;
    for (const Arr* a : arrays) n += static_cast<std::size_t>(a->size());
    if (s.scalars.size() != scalars || s.values.size() != n)
        throw Error(std::string("the saved ") + type + " state holds " + std::to_string(s.values.size()) +
                    " values, this model's optimizer needs " + std::to_string(n));
    std::size_t at = 0;
    for (Arr* a : arrays) {
        std::copy_n(s.values.data() + at, a->size(), a->data());
        at += static_cast<std::size_t>(a->size());
    }
}

ArrMap view(std::span<float> s) { return {s.data(), static_cast<Eigen::Index>(s.size())}; }
CArrMap view(std::span<const float> s) { return {s.data(), static_cast<Eigen::Index>(s.size())}; }

// v = momentum v - lr g;  w += v  (nesterov: w += momentum v - lr g)
class Sgd final : public Optimizer {
public:
    Sgd(const OptimizerSpec& s, std::size_t n) : Optimizer(s.learning_rate), mom_(static_cast<float>(s.momentum)), nesterov_(s.nesterov) {
        if (mom_ != 0.0f) v_ = Arr::Zero(static_cast<Eigen::Index>(n));
    }
    void step(std::span<float> params, std::span<const float> grads) override {
        auto w = view(params);
        const auto g = view(grads);
        const float lr = static_cast<float>(lr_);
        if (mom_ == 0.0f) {
            w -= lr * g;
            return;
        }
        v_ = mom_ * v_ - lr * g;
        flush_tiny(v_);
        if (nesterov_) w += mom_ * v_ - lr * g;
        else w += v_;
    }

    OptimizerState state() const override { return {{}, concat({&v_})}; }
    void restore(const OptimizerState& s) override { split(s, 0, {&v_}, "sgd"); }

private:
    float mom_;
    bool nesterov_;
    Arr v_;
};

// m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  w -= lr sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps)
class Adam final : public Optimizer {
public:
    Adam(const OptimizerSpec& s, std::size_t n)
        : Optimizer(s.learning_rate), b1_(s.beta_1), b2_(s.beta_2), eps_(static_cast<float>(s.epsilon)),
          m_(Arr::Zero(static_cast<Eigen::Index>(n))), v_(Arr::Zero(static_cast<Eigen::Index>(n))) {}
    void step(std::span<float> params, std::span<const float> grads) override {
        auto w = view(params);
        const auto g = view(grads);
        b1t_ *= b1_;  // b^t by repeated products, not pow(), so every libm agrees
        b2t_ *= b2_;
        const float alpha = static_cast<float>(lr_ * std::sqrt(1.0 - b2t_) / (1.0 - b1t_));
        const float b1 = static_cast<float>(b1_), b2 = static_cast<float>(b2_);
        // In the pool's parts (element by element: any split gives the same bits), each in L1-sized blocks:
        // each array is read and written once per step instead of once per expression.
        parallel_for(w.size(), [&](Index b, Index e) {
            for (Eigen::Index s = b; s < e; s += kBlock) {
                const auto n = std::min(kBlock, e - s);
                auto m = m_.segment(s, n), v = v_.segment(s, n);
                const auto gs = g.segment(s, n);
                m = b1 * m + (1.0f - b1) * gs;
                v = b2 * v + (1.0f - b2) * gs.square();
                flush_tiny(m);
                flush_tiny(v);
                w.segment(s, n) -= alpha * m / (v.sqrt() + eps_);
            }
        });
    }

    OptimizerState state() const override { return {{b1t_, b2t_}, concat({&m_, &v_})}; }
    void restore(const OptimizerState& s) override {
        split(s, 2, {&m_, &v_}, "adam");
        b1t_ = s.scalars[0], b2t_ = s.scalars[1];
    }

private:
    double b1_, b2_, b1t_ = 1.0, b2t_ = 1.0;
    float eps_;
    Arr m_, v_;
};

// v = rho v + (1-rho) g^2;  w -= lr g / sqrt(v + eps), with optional momentum on the step.
// Keras 3 puts eps inside the root here (unlike Adam); it matters for gradients below ~1e-3.
class RmsProp final : public Optimizer {
public:
    RmsProp(const OptimizerSpec& s, std::size_t n)
        : Optimizer(s.learning_rate), rho_(static_cast<float>(s.rho)), mom_(static_cast<float>(s.momentum)),
          eps_(static_cast<float>(s.epsilon)), v_(Arr::Zero(static_cast<Eigen::Index>(n))) {
        if (mom_ != 0.0f) buf_ = Arr::Zero(static_cast<Eigen::Index>(n));
    }
    void step(std::span<float> params, std::span<const float> grads) override {
        auto w = view(params);
        const auto g = view(grads);
        const float lr = static_cast<float>(lr_);
        v_ = rho_ * v_ + (1.0f - rho_) * g.square();
        flush_tiny(v_);
        if (mom_ == 0.0f) {
            w -= lr * g / (v_ + eps_).sqrt();
        } else {
            buf_ = mom_ * buf_ + lr * g / (v_ + eps_).sqrt();
            flush_tiny(buf_);
            w -= buf_;
        }
    }

    OptimizerState state() const override { return {{}, concat({&v_, &buf_})}; }
    void restore(const OptimizerState& s) override { split(s, 0, {&v_, &buf_}, "rmsprop"); }

private:
    float rho_, mom_, eps_;
    Arr v_, buf_;
};
}  // namespace

json OptimizerSpec::config() const {
    json c{{"type", type}, {"learning_rate", learning_rate}};
    if (type == "sgd") c["momentum"] = momentum, c["nesterov"] = nesterov;
    if (type == "adam") c["beta_1"] = beta_1, c["beta_2"] = beta_2, c["epsilon"] = epsilon;
    if (type == "rmsprop") c["rho"] = rho, c["momentum"] = momentum, c["epsilon"] = epsilon;
    return c;
}

void check_learning_rate(double lr, const std::string& where) {
    if (std::isfinite(lr) && lr > 0 && lr <= limits::kMaxLearningRate) return;
    std::ostringstream msg;
    msg << where << ": " << lr << " is outside the allowed range: above 0 and at most " << limits::kMaxLearningRate;
    throw Error("spec.out_of_range", msg.str());
}

OptimizerSpec parse_optimizer(const json& v, const std::string& where) {
    OptimizerSpec s;
    if (v.is_string()) {
        s.type = Fields(json{{"type", v}}, where, {"type"}).choice("type", "adam", kOptimizers);
        if (s.type == "sgd") s.learning_rate = 0.01;
        return s;
    }
    Fields f(v, where, {"type", "learning_rate", "momentum", "nesterov", "beta_1", "beta_2", "epsilon", "rho"});
    s.type = f.choice("type", "adam", kOptimizers);
    s.learning_rate = f.number("learning_rate", s.type == "sgd" ? 0.01 : 0.001, -HUGE_VAL, HUGE_VAL);
    check_learning_rate(s.learning_rate, f.path("learning_rate"));
    s.momentum = f.number("momentum", 0.0, 0.0, 0.9999);
    s.nesterov = f.boolean("nesterov", false);
    s.beta_1 = f.number("beta_1", 0.9, 0.0, 0.9999999);
    s.beta_2 = f.number("beta_2", 0.999, 0.0, 0.9999999);
    s.epsilon = f.number("epsilon", 1e-7, 0.0, 1.0);
    s.rho = f.number("rho", 0.9, 0.0, 0.9999999);
    auto unused = [&](const char* key) {
        if (f.has(key)) throw Error("spec.conflict", f.path(key) + ": does not apply to the " + s.type + " optimizer");
    };
    if (s.type != "sgd") unused("nesterov");
    if (s.type != "adam") unused("beta_1"), unused("beta_2");
    if (s.type == "adam") unused("momentum"), unused("rho");
    if (s.type == "sgd") unused("rho"), unused("epsilon");
    if (s.nesterov && s.momentum == 0.0) throw Error("spec.conflict", f.path("nesterov") + ": needs a momentum above 0");
    return s;
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerSpec& spec, std::size_t n) {
    const std::string type = choose(spec.type, kOptimizers, "optimizer.type");  // a hand-built spec is refused too
    if (type == "sgd") return std::make_unique<Sgd>(spec, n);
    if (type == "rmsprop") return std::make_unique<RmsProp>(spec, n);
    return std::make_unique<Adam>(spec, n);
}

}  // namespace nnplay
