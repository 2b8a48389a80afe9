#include "nnplay/io/model_file.hpp"

#include <array>
#include <bit>
#include <cstring>

#include "nnplay/error.hpp"
#include "nnplay/model/quantize.hpp"

namespace nnplay {

static_assert(std::endian::native == std::endian::little, "the model file is written in host byte order");

std::uint32_t crc32(std::span<const std::uint8_t> bytes) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (auto b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

namespace {
template <class T>
void put(std::vector<std::uint8_t>& out, const T& v) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
    out.insert(out.end(), p, p + sizeof(T));
}
void put_floats(std::vector<std::uint8_t>& out, const float* p, std::size_t n) {
    const auto* b = reinterpret_cast<const std::uint8_t*>(p);
    out.insert(out.end(), b, b + n * sizeof(float));
}

class Reader {
public:
    Reader(std::span<const std::uint8_t> b, std::string name) : b_(b), name_(std::move(name)) {}
    template <class T>
    T get(const char* what) {
        need(sizeof(T), what);
        T v;
        std::memcpy(&v, b_.data() + pos_, sizeof(T));
        pos_ += sizeof(T);
        return v;
    }
    void floats(float* dst, std::size_t n, const char* what) {
        need(n * sizeof(float), what);
        if (n == 0) return;  // a model without parameters has no block (dst is null), and memcpy must not get null
        std::memcpy(dst, b_.data() + pos_, n * sizeof(float));
        pos_ += n * sizeof(float);
    }
    std::string text(std::size_t n, const char* what) {
        need(n, what);
        std::string s(reinterpret_cast<const char*>(b_.data() + pos_), n);
        pos_ += n;
        return s;
    }
    void need(std::size_t n, const char* what) const {
        if (n > b_.size() - pos_)
            throw Error("model_file.truncated", name_ + ": truncated: the " + std::string(what) + " at byte " + std::to_string(pos_) + " needs " +
                        std::to_string(n) + " bytes, only " + std::to_string(b_.size() - pos_) + " are left");
    }
    std::size_t pos() const { return pos_; }
    std::size_t left() const { return b_.size() - pos_; }

private:
    std::span<const std::uint8_t> b_;
    std::string name_;
    std::size_t pos_ = 0;
};
// The training state of a version 2 file: sizes are checked against the bytes left before anything is allocated.
void read_training(Reader& r, SavedModel& s, const std::string& name) {
    const auto len = r.get<std::uint32_t>("training state length");
    if (len == 0) return;
    TrainingState t;
    try {
        t = TrainingState::from_json(json::parse(r.text(len, "training state")), "training");
    } catch (const json::exception& e) {
        throw Error("model_file.corrupt", name + ": the training state is not valid JSON: " + e.what());
    } catch (const Error& e) {
        throw Error("model_file.corrupt", name + ": bad training state: " + e.what());
    }
    const auto n_values = r.get<std::uint64_t>("optimizer value count");
    if (n_values > r.left() / sizeof(float)) throw Error("model_file.truncated", name + ": truncated: " + std::to_string(n_values) + " optimizer values do not fit");
    t.optimizer_state.values.resize(static_cast<std::size_t>(n_values));
    r.floats(t.optimizer_state.values.data(), t.optimizer_state.values.size(), "optimizer values");
    const auto n_rows = r.get<std::uint64_t>("row order count");
    if (n_rows > r.left() / sizeof(std::uint32_t)) throw Error("model_file.truncated", name + ": truncated: " + std::to_string(n_rows) + " row numbers do not fit");
    t.order.resize(static_cast<std::size_t>(n_rows));
    for (auto& row : t.order) row = r.get<std::uint32_t>("row order");
    s.training = std::move(t);
}
// The int8 kernels of a version 3 file, each checked against its layer and the bytes left before it is allocated.
std::vector<std::pair<std::size_t, Int8Kernel>> read_int8_kernels(Reader& r, Model& model, const std::string& name) {
    const auto count = r.get<std::uint32_t>("int8 kernel count");
    if (count > model.layer_count())
        throw Error("model_file.corrupt", name + ": " + std::to_string(count) + " int8 kernels for " + std::to_string(model.layer_count()) + " layers");
    std::vector<std::pair<std::size_t, Int8Kernel>> out;
    for (std::uint32_t k = 0; k < count; ++k) {
        const auto layer = r.get<std::uint32_t>("int8 kernel's layer");
        if (layer >= model.layer_count() || (!out.empty() && layer <= out.back().first))
            throw Error("model_file.corrupt", name + ": int8 kernel " + std::to_string(k) + " names layer " + std::to_string(layer) +
                        ", not a later layer of the model's " + std::to_string(model.layer_count()));
        const auto shapes = model.layer(layer).param_shapes();
        if (shapes.empty() || shapes[0].name != "kernel")
            throw Error("model_file.corrupt", name + ": layer " + std::to_string(layer) + " (" + model.layer(layer).type() + ") has no kernel to be int8");
        Int8Kernel q;
        q.rows = shapes[0].rows, q.cols = shapes[0].cols;
        q.input_scale = r.get<float>("int8 input scale");
        const auto cols = static_cast<std::size_t>(q.cols), values = static_cast<std::size_t>(q.rows * q.cols);
        r.need(cols * sizeof(float) + values, "int8 kernel");
        q.scales.resize(cols);
        r.floats(q.scales.data(), cols, "int8 weight scales");
        q.weights.resize(values);
        const std::string bytes = r.text(values, "int8 weights");
        std::memcpy(q.weights.data(), bytes.data(), values);
        out.emplace_back(layer, std::move(q));
    }
    return out;
}
}  // namespace

std::vector<std::uint8_t> save_model(const Model& model, LossKind loss, const std::vector<Metric>& metrics,
                                     const json& info, const TrainingState* training) {
    json metric_names = json::array();
    for (auto m : metrics) metric_names.push_back(to_string(m));
    const std::string meta = json{{"format", "nnplay-model"},
                                  {"model", model.config()},
                                  {"loss", to_string(loss)},
                                  {"metrics", metric_names},
                                  {"preprocessing", model.preprocessing().config()},
                                  {"info", info}}
                                 .dump();
    std::vector<std::uint8_t> out{'N', 'N', 'P', 'M'};
    put(out, kModelFileVersion);
    put(out, static_cast<std::uint32_t>(meta.size()));
    out.insert(out.end(), meta.begin(), meta.end());
    // Version 3: the int8 kernels, then the float parameters that are not among them, in the model's order.
    const auto params = model.params();
    std::vector<std::pair<std::size_t, std::size_t>> floats;  // (offset, count) runs of the block
    std::uint64_t kernel_values = 0, offset = 0;
    std::vector<std::uint32_t> int8_layers;
    for (std::size_t i = 0; i < model.layer_count(); ++i) {
        const Int8Kernel* k = int8_kernel(model.layer(i));
        if (k) int8_layers.push_back(static_cast<std::uint32_t>(i));
        for (const auto& p : model.layer(i).param_shapes()) {
            const auto n = static_cast<std::size_t>(p.rows * p.cols);
            if (k && p.name == "kernel") kernel_values += n;
            else floats.emplace_back(offset, n);
            offset += n;
        }
    }
    put(out, static_cast<std::uint32_t>(int8_layers.size()));
    for (auto i : int8_layers) {
        const Int8Kernel& k = *int8_kernel(model.layer(i));
        put(out, i);
        put(out, k.input_scale);
        put_floats(out, k.scales.data(), k.scales.size());
        const auto* b = reinterpret_cast<const std::uint8_t*>(k.weights.data());
        out.insert(out.end(), b, b + k.weights.size());
    }
    put(out, static_cast<std::uint64_t>(params.size() - kernel_values));
    for (const auto& [at, n] : floats) put_floats(out, params.data() + at, n);
    const auto& pre = model.preprocessing();
    put(out, static_cast<std::uint32_t>(pre.offset.size()));
    put_floats(out, pre.offset.data(), static_cast<std::size_t>(pre.offset.size()));
    put_floats(out, pre.scale.data(), static_cast<std::size_t>(pre.scale.size()));
    const std::string state = training ? training->to_json().dump() : "";
    put(out, static_cast<std::uint32_t>(state.size()));
    if (training) {
        out.insert(out.end(), state.begin(), state.end());
        const auto& values = training->optimizer_state.values;
        put(out, static_cast<std::uint64_t>(values.size()));
        put_floats(out, values.data(), values.size());
        put(out, static_cast<std::uint64_t>(training->order.size()));
        const auto* b = reinterpret_cast<const std::uint8_t*>(training->order.data());
        out.insert(out.end(), b, b + training->order.size() * sizeof(std::uint32_t));
    }
    put(out, crc32(out));
    return out;
}

SavedModel load_model(std::span<const std::uint8_t> bytes, const std::string& name) {
    if (bytes.size() < 4 || std::memcmp(bytes.data(), "NNPM", 4) != 0)
        throw Error("model_file.not_nnplay", name + ": not an nnplay model file (it does not start with \"NNPM\")");
    if (bytes.size() >= 16) {  // check the checksum first: an edited file should say so, not fail oddly later
        const auto body = bytes.first(bytes.size() - 4);
        std::uint32_t stored;
        std::memcpy(&stored, bytes.data() + bytes.size() - 4, 4);
        if (crc32(body) != stored)
            throw Error("model_file.corrupt", name + ": checksum mismatch: the file is truncated or was changed after it was saved");
    }
    Reader r(bytes, name);
    r.get<std::uint32_t>("magic");
    const auto version = r.get<std::uint32_t>("version");
    if (version < 1 || version > kModelFileVersion)
        throw Error("model_file.version", name + ": model file version " + std::to_string(version) + ", this build reads versions 1 to " +
                    std::to_string(kModelFileVersion));
    const auto meta_len = r.get<std::uint32_t>("metadata length");
    json meta;
    try {
        meta = json::parse(r.text(meta_len, "metadata"));
    } catch (const json::exception& e) {  // parse_error, or out_of_range for a number beyond a double (1e999)
        throw Error("model_file.corrupt", name + ": the metadata is not valid JSON: " + e.what());
    }
    // Compared as JSON: an edited file with a non-string "format" must get this message, not a json type_error.
    if (!meta.is_object() || meta.value("format", json()) != "nnplay-model" || !meta.contains("model"))
        throw Error("model_file.not_nnplay", name + ": the metadata does not describe an nnplay model");
    SavedModel s;
    try {
        s.loss = parse_loss(meta.at("loss").get<std::string>(), "loss");
        for (const auto& m : meta.at("metrics")) s.metrics.push_back(parse_metric(m.get<std::string>(), "metrics"));
        s.model = Model::plan(meta.at("model"), {}, 1);  // memory is claimed once the file is known to hold it
        s.model->preprocessing() = Preprocessing::from_config(meta.at("preprocessing"), "preprocessing");
    } catch (const json::exception& e) {
        throw Error("model_file.corrupt", name + ": bad metadata: " + e.what());
    } catch (const Error& e) {
        throw Error("model_file.corrupt", name + ": bad model description: " + e.what());
    }
    s.info = meta.value("info", json::object());
    std::vector<std::pair<std::size_t, Int8Kernel>> kernels;
    if (version >= 3) kernels = read_int8_kernels(r, *s.model, name);
    std::uint64_t kernel_values = 0;
    for (const auto& [i, k] : kernels) kernel_values += k.weights.size();
    const auto n = r.get<std::uint64_t>("parameter count");
    if (n != s.model->param_count() - kernel_values)
        throw Error("model_file.corrupt", name + ": holds " + std::to_string(n) + " parameters but its model needs " +
                    std::to_string(s.model->param_count() - kernel_values) + (kernels.empty() ? "" : " besides its int8 kernels"));
    r.need(n * sizeof(float), "parameters");
    s.model->allocate();
    const auto params = s.model->params();
    std::size_t offset = 0, next = 0;
    for (std::size_t i = 0; i < s.model->layer_count(); ++i) {
        const bool int8 = next < kernels.size() && kernels[next].first == i;
        for (const auto& p : s.model->layer(i).param_shapes()) {
            const auto count = static_cast<std::size_t>(p.rows * p.cols);
            if (!(int8 && p.name == "kernel")) r.floats(params.data() + offset, count, "parameters");
            offset += count;
        }
        if (int8) {
            try {
                set_int8_kernel(*s.model, i, std::move(kernels[next].second), name);
            } catch (const Error& e) {
                throw Error("model_file.corrupt", e.what());
            }
            ++next;
        }
    }
    const auto pre_n = r.get<std::uint32_t>("preprocessing length");
    auto& pre = s.model->preprocessing();
    if (pre_n != 0) {
        if (pre_n != static_cast<std::uint32_t>(s.model->input_size()))
            throw Error("model_file.corrupt", name + ": preprocessing for " + std::to_string(pre_n) + " inputs, the model has " +
                        std::to_string(s.model->input_size()));
        pre.offset.resize(pre_n);
        pre.scale.resize(pre_n);
        r.floats(pre.offset.data(), pre_n, "preprocessing offsets");
        r.floats(pre.scale.data(), pre_n, "preprocessing scales");
    }
    if (version >= 2) read_training(r, s, name);
    r.get<std::uint32_t>("checksum");
    if (r.pos() != bytes.size()) throw Error("model_file.corrupt", name + ": " + std::to_string(bytes.size() - r.pos()) + " unexpected bytes at the end");
    return s;
}

}  // namespace nnplay
