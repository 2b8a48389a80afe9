#include "nnplay/layers/dense.hpp"

#include "nnplay/error.hpp"
#include "nnplay/limits.hpp"
#include "nnplay/parallel.hpp"

namespace nnplay {

std::unique_ptr<Layer> Dense::from_config(const json& cfg, const std::string& where) {
    Fields f(cfg, where, {"type", "units", "activation", "use_bias", "kernel_initializer", "kernel_regularizer", "name"});
    const auto units = f.integer("units", 1, limits::kMaxUnits);
    const auto act = parse_activation(f.text("activation", "linear"), f.path("activation"));
    const auto init = f.has("kernel_initializer") ? parse_initializer(f.raw("kernel_initializer"), f.path("kernel_initializer"))
                                                  : Initializer{};
    const auto reg = f.has("kernel_regularizer") ? parse_regularizer(f.raw("kernel_regularizer"), f.path("kernel_regularizer"))
                                                 : Regularizer{};
    return std::make_unique<Dense>(units, act, f.boolean("use_bias", true), init, reg);
}

Shape Dense::build(const Shape& input) {
    if (input.size() != 1)
        throw Error("model.bad_shape", "dense expects a flat input (add a flatten layer before it), got a sample of rank " +
                    std::to_string(input.size()));
    in_ = input[0];
    return {units_};
}

std::vector<ParamTensor> Dense::param_shapes() const { return KernelBias::shapes(in_, units_, use_bias_); }

void Dense::bind(float* values, float* grads) { p_.bind(values, grads, in_, units_, use_bias_); }

void Dense::initialize(Rng& rng) {
    init_.fill(p_.w, in_, units_, rng);
    if (use_bias_) p_.b.setZero();
}

namespace {
// Products this big are split in parallel_for's parts (by output columns or kernel rows); smaller
// ones cost less than a hand-off. The rule depends on the shape only, so every build splits alike.
bool worth_splitting(Index in, Index units) { return in * units >= 16384; }

// Up to this share of nonzeros in the input, the products that skip zeros win. Measured for both products
// at the MLP's 64x784x128, wasm and native alike: they break even with the GEMM at about 65% nonzeros and
// are 2.7x faster at MNIST's 20%.
// The choice depends on the data only, so every build makes the same one.
constexpr double kSparseInput = 0.5;
}  // namespace

// A mostly-zero input takes the sparse products (at MNIST's density five times less work than the GEMM),
// split by samples forward and by kernel rows backward: each output row is computed alone, in any part.
const MatMap& Dense::forward(const MatMap& x, bool, Rng&) {
    auto& z = z_.reshape(x.rows(), units_);
    const bool big = worth_splitting(in_, units_);
    sparse_input_ = big && sparse_.compress(x, kSparseInput);
    if (sparse_input_)
        parallel_for(x.rows(), [&](Index r0, Index r1) { sparse_.times(p_.w, z, r0, r1); });
    else if (big)
        parallel_for(units_, [&](Index c0, Index c1) {
            z.middleCols(c0, c1 - c0).noalias() = x * p_.w.middleCols(c0, c1 - c0);
        });
    else
        z.noalias() = x * p_.w;
    if (use_bias_) z.rowwise() += p_.b;
    if (act_ == Activation::linear) return z;
    auto& y = y_.reshape(x.rows(), units_);
    activate(act_, z, y);
    return y;
}

const MatMap& Dense::backward(const MatMap& x, const MatMap& dy, bool need_dx) {
    const MatMap* dz = &dy;
    if (!fused_ && act_ != Activation::linear) {
        auto& d = dz_.reshape(dy.rows(), dy.cols());
        activation_backward(act_, y_(), dy, d);
        dz = &d;
    }
    auto& dx = dx_.reshape(x.rows(), in_);
    if (sparse_input_) {
        parallel_for(in_, [&](Index r0, Index r1) { sparse_.transposed_times(*dz, p_.dw, r0, r1); });
        if (need_dx) dx.noalias() = *dz * p_.w.transpose();
    } else if (worth_splitting(in_, units_)) {
        parallel_for(in_, [&](Index r0, Index r1) {  // kernel rows r0..r1 and the matching input columns
            p_.dw.middleRows(r0, r1 - r0).noalias() = x.middleCols(r0, r1 - r0).transpose() * *dz;
            if (need_dx) dx.middleCols(r0, r1 - r0).noalias() = *dz * p_.w.middleRows(r0, r1 - r0).transpose();
        });
    } else {
        p_.dw.noalias() = x.transpose() * *dz;
        if (need_dx) dx.noalias() = *dz * p_.w.transpose();
    }
    if (reg_.active()) reg_.add_gradient(p_.w, p_.dw);
    if (use_bias_) p_.db = dz->colwise().sum();
    return dx;
}

json Dense::config() const {
    json c{{"type", "dense"}, {"units", units_}, {"activation", to_string(act_)}, {"use_bias", use_bias_},
           {"kernel_initializer", init_.config()}};
    if (reg_.active()) c["kernel_regularizer"] = reg_.config();
    return c;
}

}  // namespace nnplay
