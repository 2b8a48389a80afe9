#include "nnplay/model/model.hpp"

#include <Eigen/Core>
#include <cstdio>

#include "nnplay/error.hpp"
#include "nnplay/limits.hpp"

namespace nnplay {

namespace {
// Eigen's GEMM blocking follows the cache sizes it detects, which differ between a CPU and WebAssembly.
// Fixing them makes the portable native build and the wasm build sum in the same order (same bits).
#if defined(NNPLAY_PORTABLE) || defined(__EMSCRIPTEN__)
[[maybe_unused]] const bool kFixedCacheSizes = (Eigen::setCpuCacheSizes(32768, 262144, 2097152), true);
#endif
}  // namespace

std::string human_bytes(double b) {
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int u = 0;
    while (b >= 1024 && u < 6) b /= 1024, ++u;
    char buf[48];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
    return buf;
}

namespace {
// Shapes are multiplied in Index (int64) by the layers, and three sizes of 16777216, or a convolution's
// 2^48 positions times its filters, overflow it. Counted in double, a sample that alone would not fit the
// budget is refused before anything multiplies its sizes.
void check_sample_fits(const Shape& shape, std::uint64_t budget, const std::string& what) {
    double values = 1;
    for (auto d : shape) values *= static_cast<double>(d);
    if (4.0 * values > static_cast<double>(budget))
        throw Error("model.too_large", what + ": one sample of shape " + json(shape).dump() + " alone needs " + human_bytes(4.0 * values) +
                    ", over the memory budget of " + human_bytes(static_cast<double>(budget)) +
                    "; use a smaller input or smaller layers");
}
}  // namespace

json resolve_from_data(const json& cfg, const Shape& input, Index outputs) {
    if (!cfg.is_object()) return cfg;
    json out = cfg;
    if (out.contains("input") && out["input"] == "data" && !input.empty()) out["input"] = input;
    if (!out.contains("layers") || !out["layers"].is_array()) return out;
    auto& layers = out["layers"];
    std::size_t last_dense = layers.size();
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (layers[i].is_object() && layers[i].value("type", json()) == "dense") last_dense = i;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (!layers[i].is_object() || !layers[i].contains("units") || layers[i]["units"] != "classes") continue;
        if (i != last_dense)
            throw Error("spec.conflict", "model.layers[" + std::to_string(i) + "].units: \"classes\" (one unit per class of the data) is only "
                        "allowed on the last dense layer; give this layer a number of units");
        layers[i]["units"] = outputs;
    }
    return out;
}

std::unique_ptr<Model> Model::from_config(const json& cfg, const Shape& input, Index batch_size, std::uint64_t budget) {
    auto m = plan(cfg, input, batch_size, budget);
    m->allocate();
    return m;
}

std::unique_ptr<Model> Model::plan(const json& cfg, const Shape& input, Index batch_size, std::uint64_t budget) {
    Fields f(cfg, "model", {"input", "layers", "name"});
    std::unique_ptr<Model> m(new Model());
    if (!input.empty()) {
        m->input_shape_ = input;
    } else {
        if (!f.has("input")) throw Error("spec.missing_field", "model.input: required field is missing (the shape of one sample, e.g. [28, 28, 1])");
        const json& in = f.raw("input");
        if (in == "data")
            throw Error("spec.conflict", "model.input is \"data\": the input shape comes from the data, and this model was built without any");
        if (!in.is_array() || in.empty() || in.size() > 3)
            throw Error("spec.wrong_type", "model.input: expected a list of 1 to 3 sizes, e.g. [13] or [28, 28, 1]");
        for (const auto& d : in) {
            if (!d.is_number_integer() || d.get<std::int64_t>() < 1 || d.get<std::int64_t>() > limits::kMaxInputSide)
                throw Error("spec.out_of_range", "model.input: " + d.dump() + " is not a size between 1 and " + std::to_string(limits::kMaxInputSide));
            m->input_shape_.push_back(d.get<Index>());
        }
    }
    if (!f.has("layers") || !f.raw("layers").is_array() || f.raw("layers").empty())
        throw Error("spec.wrong_type", "model.layers: expected a non-empty list of layers");

    // Build every layer and count what it needs before allocating anything.
    Shape shape = m->input_shape_;
    check_sample_fits(shape, budget, "model.input");
    double n_params = 0, activations = static_cast<double>(shape_size(shape));
    const json& layers = f.raw("layers");
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const std::string where = "model.layers[" + std::to_string(i) + "]";
        auto layer = make_layer(layers[i], where);
        try {
            shape = layer->build(shape);
        } catch (const Error& e) {
            throw Error(e, where + " (" + layer->type() + "): " + e.what());
        }
        check_sample_fits(shape, budget, where + " (" + layer->type() + ")");
        for (const auto& p : layer->param_shapes()) n_params += static_cast<double>(p.rows) * static_cast<double>(p.cols);
        activations += static_cast<double>(shape_size(shape)) + layer->scratch_per_sample() / 2;
        m->output_shapes_.push_back(shape);
        m->layers_.push_back(std::move(layer));
    }
    // Parameters, gradients and up to two optimizer moments; ~4 buffers per activation (output, grads, masks).
    const double param_bytes = 16.0 * n_params, batch_bytes = 16.0 * activations * static_cast<double>(batch_size);
    if (param_bytes + batch_bytes > static_cast<double>(budget)) {
        char count[32];
        std::snprintf(count, sizeof count, "%.0f", n_params);
        // Name the part that takes the most: the batch's activations or the weights.
        const std::string advice = batch_bytes > param_bytes ? "use a smaller train.batch_size" : "use fewer units or filters";
        throw Error("model.too_large", "model: needs about " + human_bytes(param_bytes + batch_bytes) + " (" + human_bytes(param_bytes) +
                    " for " + count + " parameters, " + human_bytes(batch_bytes) + " for the activations of a batch of " +
                    std::to_string(batch_size) + "), over the memory budget of " + human_bytes(static_cast<double>(budget)) +
                    "; " + advice);
    }
    if (shape.size() != 1) throw Error("model.bad_shape", "model: the last layer must output a flat vector (add flatten and dense layers)");
    m->output_size_ = shape[0];

    for (std::size_t i = 0; i < m->layers_.size(); ++i)
        for (const auto& p : m->layers_[i]->param_shapes()) {
            m->slots_.push_back({i, p.name, m->param_count_, p.rows, p.cols});
            m->param_count_ += static_cast<std::size_t>(p.rows * p.cols);
        }
    m->inputs_.resize(m->layers_.size());
    return m;
}

void Model::allocate() {
    params_.assign(param_count_, 0.0f);
    grads_.assign(param_count_, 0.0f);
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        for (const auto& s : slots_)
            if (s.layer == i) {  // a layer's first slot marks the start of its contiguous parameters
                layers_[i]->bind(params_.data() + s.offset, grads_.data() + s.offset);
                break;
            }
    }
}

void Model::wrap_layer(std::size_t i, const std::function<std::unique_ptr<Layer>(std::unique_ptr<Layer>)>& wrap) {
    layers_.at(i) = wrap(std::move(layers_[i]));
    for (const auto& s : slots_)
        if (s.layer == i && !params_.empty()) {
            layers_[i]->bind(params_.data() + s.offset, grads_.data() + s.offset);
            break;
        }
}

bool Model::quantized() const {
    for (const auto& l : layers_)
        if (l->inference_only()) return true;
    return false;
}

MatMap Model::param(std::size_t layer, const std::string& name) {
    for (const auto& s : slots_)
        if (s.layer == layer && s.name == name) return MatMap(params_.data() + s.offset, s.rows, s.cols);
    throw Error("layer " + std::to_string(layer) + " has no parameter '" + name + "'");
}

void Model::initialize(Rng& rng) {
    for (auto& l : layers_) l->initialize(rng);
}

const MatMap& Model::forward(const MatMap& x, bool training, Rng& rng) {
    const MatMap* cur = &x;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        inputs_[i] = cur;
        cur = &layers_[i]->forward(*cur, training, rng);
    }
    return *cur;
}

void Model::backward(const MatMap& dout) {
    // Below the first layer with parameters no gradient is needed: backpropagation stops there
    // (for an MLP, the first kernel's dL/dx would be a third of the step's arithmetic).
    const std::size_t first = slots_.empty() ? layers_.size() : slots_.front().layer;
    const MatMap* d = &dout;
    for (std::size_t i = layers_.size(); i-- > first;) d = &layers_[i]->backward(*inputs_[i], *d, i > first);
}

double Model::penalty() const {
    double p = 0;
    for (const auto& l : layers_) p += l->penalty();
    return p;
}

Mat Model::predict(const Mat& raw, Index batch_size) {
    if (raw.cols() != input_size())
        throw Error("data.input_mismatch", "predict: expected " + std::to_string(input_size()) + " input values per sample, got " +
                    std::to_string(raw.cols()));
    Mat out(raw.rows(), output_size_);
    Rng unused;
    for (Index start = 0; start < raw.rows(); start += batch_size) {
        const Index n = std::min(batch_size, raw.rows() - start);
        auto& x = predict_in_.reshape(n, raw.cols());
        x = raw.middleRows(start, n);
        pre_.apply(x);
        out.middleRows(start, n) = forward(x, false, unused);
    }
    return out;
}

Mat Model::layer_output(const Mat& raw, std::size_t layer) {
    if (layer >= layers_.size()) throw Error("there is no layer " + std::to_string(layer));
    if (raw.rows() == 0) throw Error("layer_output: no samples given");
    Mat out = predict(raw, raw.rows());  // one batch, so every layer's buffer now holds these rows
    return layer + 1 < layers_.size() ? Mat(*inputs_[layer + 1]) : out;
}

json Model::config() const {
    json layers = json::array();
    for (const auto& l : layers_) layers.push_back(l->config());
    return {{"input", input_shape_}, {"layers", layers}};
}

json Model::summary() const {
    json rows = json::array();
    std::size_t total = 0;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        std::size_t n = 0;
        for (const auto& p : layers_[i]->param_shapes()) n += static_cast<std::size_t>(p.rows * p.cols);
        total += n;
        rows.push_back({{"type", layers_[i]->type()}, {"output_shape", output_shapes_[i]}, {"params", n}});
    }
    return {{"layers", rows}, {"total_params", total}};
}

}  // namespace nnplay
