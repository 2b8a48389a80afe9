// TF.js Layers (Keras Sequential) -> nnplay: each Keras layer becomes the spec layer it stands for, the model is
// planned from that spec (which checks its shapes and memory before anything is allocated), and the weights
// are copied in by name after their manifest sizes have been checked against the weights file.
#include <algorithm>
#include <cstring>
#include <map>

#include "import_common.hpp"
#include "nnplay/error.hpp"
#include "nnplay/io/import.hpp"

namespace nnplay {

namespace {

constexpr const char* kLayers = "Dense, Conv2D, MaxPooling2D, AveragePooling2D, Flatten, Dropout, Activation, ReLU, Softmax";

struct WeightEntry {
    std::vector<Index> shape;
    std::uint64_t offset;  // in floats
};

class Importer {
public:
    Importer(std::string name) : name_(std::move(name)) {}

    [[noreturn]] void fail(const std::string& what) const { throw Error("import.malformed", name_ + ": " + what); }
    // A well-formed file asking for what nnplay does not have.
    [[noreturn]] void unsupported(const std::string& what) const { throw Error("import.unsupported", name_ + ": " + what); }

    // The manifest's weights by name, checked against the file's size. Nothing is copied yet.
    void read_manifest(const json& model, std::size_t bytes) {
        if (!model.contains("weightsManifest") || !model["weightsManifest"].is_array()) fail("no weightsManifest");
        std::uint64_t floats = 0;  // 64-bit in wasm too, where size_t has 32
        for (const auto& group : model["weightsManifest"]) {
            if (!group.is_object() || !group.contains("weights") || !group["weights"].is_array()) fail("a weightsManifest group has no weights list");
            for (const auto& w : group["weights"]) {
                if (!w.is_object() || !w.contains("name") || !w["name"].is_string() || !w.contains("shape") || !w["shape"].is_array())
                    fail("a weights entry needs a name and a shape");
                const std::string n = w["name"];
                const std::string dtype = w.value("dtype", "float32");
                if (dtype != "float32") unsupported("weight '" + n + "' is " + dtype + "; only float32 weights can be read");
                if (w.contains("quantization")) unsupported("weight '" + n + "' is quantized; only float32 weights can be read");
                WeightEntry e{{}, floats};
                // Counted saturating at kCap floats, so an absurd shape neither overflows nor allocates.
                constexpr std::uint64_t kCap = std::uint64_t{1} << 40;
                std::uint64_t count = 1;
                for (const auto& d : w["shape"]) {
                    if (!d.is_number_integer() || d.get<std::int64_t>() < 0 || d.get<std::int64_t>() > (1 << 24))
                        fail("weight '" + n + "' has an impossible shape " + w["shape"].dump());
                    e.shape.push_back(d.get<Index>());
                    count = std::min(kCap, count * d.get<std::uint64_t>());  // both below 2^40 * 2^24 < 2^64
                }
                floats = std::min(kCap, floats + count);
                weights_[n] = std::move(e);
            }
        }
        if (floats * sizeof(float) != static_cast<std::uint64_t>(bytes))
            fail("the weights file is " + std::to_string(bytes) + " bytes, the manifest describes " +
                 (floats == (std::uint64_t{1} << 40) ? "over 4 TiB" : std::to_string(floats * sizeof(float)) + " bytes"));
    }

    const WeightEntry& weight(const std::string& layer, const std::string& param, const std::vector<Index>& shape) const {
        const auto it = weights_.find(layer + "/" + param);
        if (it == weights_.end()) fail("missing weights: no '" + layer + "/" + param + "' in the weights manifest");
        if (it->second.shape != shape) {
            std::string want = json(shape).dump(), got = json(it->second.shape).dump();
            fail("weight '" + layer + "/" + param + "' has shape " + got + ", the layer needs " + want);
        }
        return it->second;
    }

    std::string name_;
    std::map<std::string, WeightEntry> weights_;
};

std::string activation_of(const Importer& im, const json& c, const std::string& where) {
    const json a = c.value("activation", json("linear"));
    if (!a.is_string()) im.unsupported(where + ": activation " + a.dump() + " is not one nnplay has (relu, sigmoid, tanh, softmax, linear)");
    const std::string s = a;
    if (s != "relu" && s != "sigmoid" && s != "tanh" && s != "softmax" && s != "linear")
        im.unsupported(where + ": activation '" + s + "' is not one nnplay has (relu, sigmoid, tanh, softmax, linear)");
    return s;
}

// Keras writes sizes as 3 or [3, 3]; nnplay's windows and strides are square.
Index square(const Importer& im, const json& v, const std::string& what) {
    if (v.is_number_integer()) return v.get<Index>();
    if (v.is_array() && v.size() == 2 && v[0].is_number_integer() && v[0] == v[1]) return v[0].get<Index>();
    im.unsupported(what + " " + v.dump() + ": nnplay takes equal sizes on both axes only");
}

SavedModel read_tfjs(std::string_view model_json, std::span<const std::uint8_t> weights, const std::string& name) {
    Importer im(name);
    json model;
    try {
        model = json::parse(model_json);
    } catch (const json::exception& e) {
        im.fail(std::string("not JSON (") + e.what() + ")");
    }
    if (!model.is_object()) im.fail("model.json is not an object");
    const json topology = model.value("modelTopology", json());
    if (!topology.is_object()) im.fail("no modelTopology: not a TensorFlow.js Layers model");
    const json top = topology.contains("model_config") ? topology["model_config"] : topology;  // Keras' own nesting
    if (top.value("class_name", "") != "Sequential")
        im.unsupported("a '" + top.value("class_name", std::string("?")) + "' model: only Sequential models can be read");
    const json layers_in = top.value("config", json()).is_object() ? top["config"].value("layers", json()) : top.value("config", json());
    if (!layers_in.is_array() || layers_in.empty()) im.fail("the Sequential model has no layers");
    im.read_manifest(model, weights.size());

    Shape input;
    Preprocessing pre;
    json layers = json::array();
    struct Copy {
        std::size_t layer;
        std::string param, keras;
        std::vector<Index> shape;
    };
    std::vector<Copy> copies;
    for (std::size_t i = 0; i < layers_in.size(); ++i) {
        const json& l = layers_in[i];
        const std::string cls = l.is_object() ? l.value("class_name", "") : "";
        const json c = l.is_object() ? l.value("config", json::object()) : json::object();
        const std::string lname = c.is_object() ? c.value("name", cls) : cls;
        const std::string where = "layer " + std::to_string(i) + " '" + lname + "' (" + cls + ")";
        if (!c.is_object()) im.fail(where + ": no config");
        if (input.empty()) {
            const json shape = c.contains("batch_input_shape") ? c["batch_input_shape"] : c.value("batchInputShape", json());
            if (!shape.is_array() || shape.size() < 2) im.fail(where + ": the first layer gives no batch_input_shape");
            for (std::size_t k = 1; k < shape.size(); ++k) {
                if (!shape[k].is_number_integer() || shape[k].get<std::int64_t>() < 1 || shape[k].get<std::int64_t>() > 65536)
                    im.fail(where + ": input size " + shape[k].dump() + " is not between 1 and 65536");
                input.push_back(shape[k].get<Index>());
            }
            if (input.size() != 1 && input.size() != 3) im.unsupported(where + ": an input of rank " + std::to_string(input.size()) + " (nnplay reads flat or [height, width, channels] samples)");
            if (cls == "InputLayer") continue;
        }
        const std::string at = "model.layers[" + std::to_string(layers.size()) + "]";
        if (cls == "Rescaling" && layers.empty() && pre.kind == "none") {
            if (!c.value("scale", json()).is_number() || c.value("offset", 0.0) != 0.0)
                im.unsupported(where + ": only a Rescaling by one number and no offset is read (nnplay's rescale preprocessing)");
            pre = Preprocessing::from_config(json{{"type", "rescale"}, {"factor", c["scale"]}}, where);
            pre.fit(Mat(0, shape_size(input)));
        } else if (cls == "BatchNormalization" && layers.empty() && pre.kind == "none") {
            // A per-feature (x - mean) / sqrt(var + eps) * gamma + beta in front, as nnplay's TF.js export writes its
            // standardisation: nnplay's (x - offset) * scale when beta is 0. Images are flattened around it.
            const Index n = shape_size(input);
            const auto vec = [&](const char* param) {
                const WeightEntry& e = im.weight(lname, param, {n});
                Vec v(n);
                std::memcpy(v.data(), weights.data() + e.offset * sizeof(float), static_cast<std::size_t>(n) * sizeof(float));
                return v;
            };
            const double eps = c.value("epsilon", 1e-3);
            const Vec gamma = c.value("scale", true) ? vec("gamma") : Vec::Ones(n);
            const Vec beta = c.value("center", true) ? vec("beta") : Vec::Zero(n);
            if (!beta.isZero(0)) im.unsupported(where + ": a BatchNormalization with a non-zero beta is not a preprocessing nnplay has");
            pre.kind = "standardize";
            pre.offset = vec("moving_mean");
            pre.scale = (gamma.array() / (vec("moving_variance").array() + static_cast<float>(eps)).sqrt()).matrix();
            if (!pre.scale.allFinite()) im.fail(where + ": its variance makes the scale infinite");
        } else if (layers.empty() && input.size() == 3 &&
                   ((cls == "Flatten" && i + 1 < layers_in.size() && layers_in[i + 1].value("class_name", "") == "BatchNormalization") ||
                    (cls == "Reshape" && i > 0 && layers_in[i - 1].value("class_name", "") == "BatchNormalization"))) {
            continue;  // the flatten and reshape around a leading per-pixel BatchNormalization
        } else if (cls == "Dense") {
            const std::string act = activation_of(im, c, where);
            layers.push_back({{"type", "dense"}, {"units", c.value("units", json())}, {"activation", act}, {"use_bias", c.value("use_bias", true)}});
            copies.push_back({layers.size() - 1, "kernel", lname, {}});
            if (c.value("use_bias", true)) copies.push_back({layers.size() - 1, "bias", lname, {}});
        } else if (cls == "Conv2D") {
            if (c.value("data_format", "channels_last") != "channels_last") im.unsupported(where + ": channels_first data (nnplay's images are channels_last)");
            if (square(im, c.value("dilation_rate", json(1)), where + ": dilation_rate") != 1) im.unsupported(where + ": dilated convolutions are not supported");
            if (c.value("groups", json(1)) != json(1))  // compared as JSON: 1e53 read as an int would be undefined
                im.unsupported(where + ": grouped convolutions are not supported");
            const std::string act = activation_of(im, c, where);
            layers.push_back({{"type", "conv2d"}, {"filters", c.value("filters", json())}, {"kernel_size", c.value("kernel_size", json())},
                              {"strides", square(im, c.value("strides", json(1)), where + ": strides")}, {"padding", c.value("padding", "valid")},
                              {"activation", act}, {"use_bias", c.value("use_bias", true)}});
            copies.push_back({layers.size() - 1, "kernel", lname, {}});
            if (c.value("use_bias", true)) copies.push_back({layers.size() - 1, "bias", lname, {}});
        } else if (cls == "MaxPooling2D" || cls == "AveragePooling2D") {
            if (c.value("data_format", "channels_last") != "channels_last") im.unsupported(where + ": channels_first data (nnplay's images are channels_last)");
            const Index pool = square(im, c.value("pool_size", json(2)), where + ": pool_size");
            const json s = c.value("strides", json());
            layers.push_back({{"type", cls == "MaxPooling2D" ? "max_pooling2d" : "average_pooling2d"}, {"pool_size", pool},
                              {"strides", s.is_null() ? pool : square(im, s, where + ": strides")}, {"padding", c.value("padding", "valid")}});
        } else if (cls == "Flatten") {
            layers.push_back({{"type", "flatten"}});
        } else if (cls == "Dropout") {
            layers.push_back({{"type", "dropout"}, {"rate", c.value("rate", json())}});
        } else if (cls == "Activation") {
            layers.push_back({{"type", "activation"}, {"activation", activation_of(im, c, where)}});
        } else if (cls == "ReLU" || cls == "Softmax") {
            if (cls == "ReLU" && (!c.value("max_value", json()).is_null() || c.value("negative_slope", 0.0) != 0.0 || c.value("threshold", 0.0) != 0.0))
                im.unsupported(where + ": a ReLU with max_value, negative_slope or threshold (nnplay's relu is max(x, 0))");
            layers.push_back({{"type", cls == "ReLU" ? "relu" : "softmax"}});
        } else {
            im.unsupported(where + ": nnplay has no such layer (it reads " + std::string(kLayers) + ", and a leading Rescaling)");
        }
    }
    if (layers.empty()) im.fail("no layer with weights or shapes: nothing to import");

    SavedModel saved;
    try {
        saved.model = Model::plan({{"input", input}, {"layers", layers}}, {}, 1);
    } catch (const Error& e) {
        im.unsupported(std::string("the layers do not make a model nnplay can run: ") + e.what());
    }
    // Every weight's shape must be the layer's before anything is copied.
    std::vector<const WeightEntry*> sources;
    for (auto& cp : copies) {
        Layer& layer = saved.model->layer(cp.layer);
        for (const auto& p : layer.param_shapes())
            if (p.name == cp.param) {
                if (p.name == "bias") cp.shape = {p.cols};
                else if (layer.type() == "dense") cp.shape = {p.rows, p.cols};
                else {  // conv2d: HWIO, as nnplay's kernel rows are laid out
                    const json kc = layer.config()["kernel_size"];
                    const Index kh = kc[0], kw = kc[1];
                    cp.shape = {kh, kw, p.rows / (kh * kw), p.cols};
                }
            }
        sources.push_back(&im.weight(cp.keras, cp.param, cp.shape));
    }
    saved.model->allocate();
    for (std::size_t k = 0; k < copies.size(); ++k) {
        MatMap dst = saved.model->param(copies[k].layer, copies[k].param);
        std::memcpy(dst.data(), weights.data() + sources[k]->offset * sizeof(float), static_cast<std::size_t>(dst.size()) * sizeof(float));
    }
    saved.model->preprocessing() = pre;
    if (pre.kind == "none") saved.model->preprocessing().fit(Mat(0, saved.model->input_size()));

    importing::infer_training(saved, "TensorFlow.js Layers");
    const json meta = model.value("userDefinedMetadata", json::object());
    if (meta.is_object() && meta.value("nnplay", json()).is_object() && meta["nnplay"].value("classes", json()).is_string())
        importing::read_class_names(saved, meta["nnplay"]["classes"]);
    return saved;
}

}  // namespace

SavedModel import_tfjs(std::string_view model_json, std::span<const std::uint8_t> weights, const std::string& name) {
    try {
        return read_tfjs(model_json, weights, name);
    } catch (const json::exception& e) {  // a field of the wrong kind where the walk did not look first
        throw Error("import.malformed", name + ": a malformed TensorFlow.js model (" + e.what() + ")");
    }
}

}  // namespace nnplay
