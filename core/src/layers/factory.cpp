#include "nnplay/error.hpp"
#include "nnplay/io/choices.hpp"
#include "nnplay/layers/basic.hpp"
#include "nnplay/layers/conv.hpp"
#include "nnplay/layers/dense.hpp"
#include "nnplay/limits.hpp"

namespace nnplay {

std::unique_ptr<Layer> make_layer(const json& cfg, const std::string& where) {
    if (!cfg.is_object() || !cfg.contains("type") || !cfg["type"].is_string())
        throw Error("spec.missing_field", where + ": a layer needs a \"type\", one of " + join_names(kLayerTypes));
    const std::string type = choose(cfg["type"].get<std::string>(), kLayerTypes, where + ".type");
    if (type == "dense") return Dense::from_config(cfg, where);
    if (type == "conv2d") return Conv2D::from_config(cfg, where);
    if (type == "max_pooling2d") return Pooling2D::from_config(cfg, where, true);
    if (type == "average_pooling2d") return Pooling2D::from_config(cfg, where, false);
    if (type == "dropout") {
        Fields f(cfg, where, {"type", "rate", "name"});
        return std::make_unique<Dropout>(static_cast<float>(f.number("rate", 0.0, limits::kMaxDropoutRate)));
    }
    if (type == "flatten") {
        Fields f(cfg, where, {"type", "name"});
        return std::make_unique<Flatten>();
    }
    if (type == "activation") {
        Fields f(cfg, where, {"type", "activation", "name"});
        return std::make_unique<ActivationLayer>(parse_activation(f.text("activation"), f.path("activation")));
    }
    // The remaining types are Keras' activation layers: ReLU(), Softmax() ...
    Fields f(cfg, where, {"type", "name"});
    return std::make_unique<ActivationLayer>(parse_activation(type, where + ".type"));
}

}  // namespace nnplay
