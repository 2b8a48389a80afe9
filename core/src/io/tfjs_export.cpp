// A TensorFlow.js Layers model: a Keras Sequential topology (class names and snake_case configs as Keras
// writes them, so tensorflowjs_converter can turn it into a Keras model) and one float32 weights file.
// The preprocessing becomes Keras layers: Rescaling for a factor, and for per-feature statistics a
// BatchNormalization whose moving mean is the offset, variance 1, epsilon 0 and gamma the scale (images
// are flattened around it and reshaped back): the same (x - offset) * scale as nnplay computes.
#include <cstring>
#include <map>

#include "export_walk.hpp"
#include "nnplay/error.hpp"
#include "nnplay/io/export.hpp"

namespace nnplay {

namespace {

json keras_initializer(const json& c) {
    const std::string type = c.is_string() ? c.get<std::string>() : c.value("type", "glorot_uniform");
    static const std::map<std::string, std::string> kNames = {
        {"glorot_uniform", "GlorotUniform"}, {"glorot_normal", "GlorotNormal"}, {"he_normal", "HeNormal"},
        {"he_uniform", "HeUniform"},         {"random_normal", "RandomNormal"}, {"random_uniform", "RandomUniform"},
        {"zeros", "Zeros"}};
    const auto it = kNames.find(type);
    if (it == kNames.end()) throw Error("export.unsupported", "kernel_initializer '" + type + "': no Keras name for it");
    json config{{"seed", nullptr}};
    if (type == "random_normal") config = {{"mean", 0.0}, {"stddev", c["stddev"]}, {"seed", nullptr}};
    if (type == "random_uniform") config = {{"minval", -c["limit"].get<double>()}, {"maxval", c["limit"]}, {"seed", nullptr}};
    if (type == "zeros") config = json::object();
    return {{"class_name", it->second}, {"config", config}};
}

json keras_regularizer(const json& c) {
    if (c.is_null()) return nullptr;
    return {{"class_name", "L1L2"}, {"config", {{"l1", c["l1"]}, {"l2", c["l2"]}}}};
}

class SequentialBuilder {
public:
    explicit SequentialBuilder(const Shape& input) {
        batch_input_shape_ = json::array({nullptr});
        for (Index d : input) batch_input_shape_.push_back(d);
    }
    // Adds a layer named as Keras names them (dense, dense_1, ...); returns the name.
    std::string layer(const std::string& class_name, const std::string& base, json config) {
        const int n = counts_[base]++;
        const std::string name = n == 0 ? base : base + "_" + std::to_string(n);
        config["name"] = name;
        config["trainable"] = true;
        config["dtype"] = "float32";
        if (layers_.empty()) config["batch_input_shape"] = batch_input_shape_;
        layers_.push_back({{"class_name", class_name}, {"config", std::move(config)}});
        return name;
    }
    void weight(const std::string& layer, const std::string& name, const std::vector<Index>& shape, const float* data) {
        Index n = 1;
        for (Index d : shape) n *= d;
        manifest_.push_back({{"name", layer + "/" + name}, {"shape", shape}, {"dtype", "float32"}});
        const auto* b = reinterpret_cast<const std::uint8_t*>(data);
        bytes_.insert(bytes_.end(), b, b + static_cast<std::size_t>(n) * sizeof(float));
    }
    TfjsModel finish(const std::string& weights_file, const std::vector<std::pair<std::string, std::string>>& meta) {
        json user = json::object();
        for (const auto& [k, v] : meta) user[k] = v;
        json topology{{"class_name", "Sequential"},
                      {"config", {{"name", "nnplay"}, {"layers", std::move(layers_)}}},
                      {"keras_version", "2.15.0"},
                      {"backend", "tensorflow"}};
        json model{{"format", "layers-model"},
                   {"generatedBy", "nnplay 0.1.0"},
                   {"convertedBy", nullptr},
                   {"modelTopology", std::move(topology)},
                   {"weightsManifest", {{{"paths", {weights_file}}, {"weights", std::move(manifest_)}}}},
                   {"userDefinedMetadata", {{"nnplay", std::move(user)}}}};
        return {std::move(model), std::move(bytes_)};
    }

private:
    json batch_input_shape_, layers_ = json::array(), manifest_ = json::array();
    std::map<std::string, int> counts_;
    std::vector<std::uint8_t> bytes_;
};

json pair_of(Index a, Index b) { return json::array({a, b}); }

void add_preprocessing(SequentialBuilder& s, const Preprocessing& pre, const Shape& input) {
    if (pre.kind == "none") return;
    if (pre.kind == "rescale") {
        s.layer("Rescaling", "rescaling", {{"scale", pre.factor}, {"offset", 0.0}});
        return;
    }
    const Index n = shape_size(input);
    if (input.size() != 1) s.layer("Flatten", "flatten", {{"data_format", "channels_last"}});
    const std::string bn = s.layer("BatchNormalization", "batch_normalization",
                                   {{"axis", -1}, {"momentum", 0.99}, {"epsilon", 0.0}, {"center", true}, {"scale", true},
                                    {"beta_initializer", {{"class_name", "Zeros"}, {"config", json::object()}}},
                                    {"gamma_initializer", {{"class_name", "Ones"}, {"config", json::object()}}},
                                    {"moving_mean_initializer", {{"class_name", "Zeros"}, {"config", json::object()}}},
                                    {"moving_variance_initializer", {{"class_name", "Ones"}, {"config", json::object()}}}});
    const std::vector<float> zeros(static_cast<std::size_t>(n), 0.0f), ones(static_cast<std::size_t>(n), 1.0f);
    s.weight(bn, "gamma", {n}, pre.scale.data());
    s.weight(bn, "beta", {n}, zeros.data());
    s.weight(bn, "moving_mean", {n}, pre.offset.data());
    s.weight(bn, "moving_variance", {n}, ones.data());
    if (input.size() != 1) s.layer("Reshape", "reshape", {{"target_shape", input}});
}

void add_layer(SequentialBuilder& s, const exporting::LayerView& l) {
    const json& c = l.config;
    const auto kernel_bias = [&](const std::string& name, const std::vector<Index>& kernel_shape) {
        s.weight(name, "kernel", kernel_shape, l.params[0].data);
        if (l.params.size() > 1) s.weight(name, "bias", {l.params[1].cols}, l.params[1].data);
    };
    const auto weighted = [&](json config) {
        config["activation"] = c["activation"];
        config["use_bias"] = c["use_bias"];
        config["kernel_initializer"] = keras_initializer(c["kernel_initializer"]);
        config["bias_initializer"] = {{"class_name", "Zeros"}, {"config", json::object()}};
        config["kernel_regularizer"] = keras_regularizer(c.value("kernel_regularizer", json()));
        config["bias_regularizer"] = nullptr;
        config["activity_regularizer"] = nullptr;
        config["kernel_constraint"] = nullptr;
        config["bias_constraint"] = nullptr;
        return config;
    };
    if (l.type == "dense") {
        const auto name = s.layer("Dense", "dense", weighted({{"units", c["units"]}}));
        kernel_bias(name, {l.params[0].rows, l.params[0].cols});
    } else if (l.type == "conv2d") {
        const Index kh = c["kernel_size"][0], kw = c["kernel_size"][1], st = c["strides"];
        const auto name = s.layer("Conv2D", "conv2d",
                                  weighted({{"filters", c["filters"]}, {"kernel_size", pair_of(kh, kw)}, {"strides", pair_of(st, st)},
                                            {"padding", c["padding"]}, {"data_format", "channels_last"}, {"dilation_rate", pair_of(1, 1)},
                                            {"groups", 1}}));
        kernel_bias(name, {kh, kw, l.in[2], c["filters"].get<Index>()});  // nnplay's kernel rows are already HWIO
    } else if (l.type == "max_pooling2d" || l.type == "average_pooling2d") {
        const Index p = c["pool_size"], st = c["strides"];
        const bool max = l.type == "max_pooling2d";
        s.layer(max ? "MaxPooling2D" : "AveragePooling2D", l.type,
                {{"pool_size", pair_of(p, p)}, {"strides", pair_of(st, st)}, {"padding", c["padding"]}, {"data_format", "channels_last"}});
    } else if (l.type == "flatten") {
        s.layer("Flatten", "flatten", {{"data_format", "channels_last"}});
    } else if (l.type == "dropout") {
        s.layer("Dropout", "dropout", {{"rate", c["rate"]}, {"noise_shape", nullptr}, {"seed", nullptr}});
    } else if (l.type == "activation") {
        s.layer("Activation", "activation", {{"activation", c["activation"]}});
    }
}

}  // namespace

TfjsModel tfjs_model(Model& model, const json& info, const std::string& weights_file) {
    const std::string format = "TensorFlow.js";
    exporting::check_preprocessing(model.preprocessing(), format);
    const auto layers = exporting::layers_of(model, format);
    SequentialBuilder s(model.input_shape());
    add_preprocessing(s, model.preprocessing(), model.input_shape());
    for (const auto& l : layers) add_layer(s, l);
    return s.finish(weights_file, exporting::metadata(model, info));
}

}  // namespace nnplay
