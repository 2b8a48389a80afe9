#include "export_walk.hpp"

#include "nnplay/error.hpp"

namespace nnplay::exporting {

std::vector<LayerView> layers_of(Model& model, const std::string& format) {
    std::vector<LayerView> out;
    Shape in = model.input_shape();
    for (std::size_t i = 0; i < model.layer_count(); ++i) {
        Layer& layer = model.layer(i);
        LayerView v{i, layer.type(), layer.config(), in, model.output_shape(i), {}, int8_kernel(layer)};
        const std::string where = "layer " + std::to_string(i) + " (" + v.type + ")";
        static const char* kKnown[] = {"dense", "conv2d", "max_pooling2d", "average_pooling2d", "dropout", "flatten", "activation"};
        bool known = false;
        for (const char* k : kKnown) known = known || v.type == k;
        if (!known) throw Error("export.unsupported", where + ": no " + format + " export for this layer type");
        // nnplay's softmax normalises a whole sample; on an image tensor the formats' softmax takes one axis.
        if (v.type == "activation" && v.config.value("activation", "") == "softmax" && in.size() != 1)
            throw Error("export.unsupported", where + ": softmax over an image-shaped sample (nnplay normalises all its values, " + format +
                        " only one axis): flatten before it");
        for (const auto& p : layer.param_shapes()) {
            const MatMap w = model.param(i, p.name);
            v.params.push_back({p.name, p.rows, p.cols, w.data()});
        }
        in = v.out;
        out.push_back(std::move(v));
    }
    return out;
}

void check_preprocessing(const Preprocessing& pre, const std::string& format) {
    if (pre.kind != "none" && pre.kind != "rescale" && pre.kind != "standardize" && pre.kind != "minmax")
        throw Error("export.unsupported", "preprocessing '" + pre.kind + "': no " + format + " export for it");
    if ((pre.kind == "standardize" || pre.kind == "minmax") && !pre.fitted())
        throw Error("preprocessing '" + pre.kind + "' has no fitted statistics (train the model first)");
}

std::vector<std::pair<std::string, std::string>> metadata(const Model& model, const json& info) {
    std::vector<std::pair<std::string, std::string>> m;
    const std::string task = info.value("task", "");
    if (!task.empty()) m.emplace_back("task", task);
    if (info.contains("class_names")) m.emplace_back("classes", info["class_names"].dump());
    if (info.contains("features")) m.emplace_back("features", info["features"].dump());
    if (info.contains("target")) m.emplace_back("target", info["target"].get<std::string>());
    std::string output = "values";
    const Activation act = model.output_activation();
    if (act == Activation::softmax) output = "probabilities of the classes (softmax)";
    else if (act == Activation::sigmoid) output = model.output_size() == 1 ? "probability of the second class (sigmoid)" : "probabilities (sigmoid)";
    m.emplace_back("output", output);
    const auto& pre = model.preprocessing();
    m.emplace_back("preprocessing", pre.kind == "none" ? "none"
                                    : pre.kind == "rescale" ? "rescale: x * " + json(pre.factor).dump()
                                                            : pre.kind + ": (x - offset) * scale, fitted on the training split, inside the model");
    if (info.contains("plan"))
        m.emplace_back("input", "the encoded columns of 'features' (numbers as they are, categories one-hot), before preprocessing");
    return m;
}

}  // namespace nnplay::exporting
