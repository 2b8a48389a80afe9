#include "nnplay/error.hpp"
#include "nnplay/layers/basic.hpp"
#include "nnplay/layers/conv.hpp"
#include "nnplay/layers/dense.hpp"

namespace nnplay {

std::unique_ptr<Layer> make_layer(const json& cfg, const std::string& where) {
    if (!cfg.is_object() || !cfg.contains("type") || !cfg["type"].is_string())
        throw Error(where + ": a layer needs a \"type\" (dense, conv2d, max_pooling2d, average_pooling2d, dropout, flatten, activation)");
    const std::string type = cfg["type"].get<std::string>();
    if (type == "dense") return Dense::from_config(cfg, where);
    if (type == "conv2d") return Conv2D::from_config(cfg, where);
    if (type == "max_pooling2d") return Pooling2D::from_config(cfg, where, true);
    if (type == "average_pooling2d") return Pooling2D::from_config(cfg, where, false);
    if (type == "dropout") {
        Fields f(cfg, where, {"type", "rate", "name"});
        return std::make_unique<Dropout>(static_cast<float>(f.number("rate", 0.0, 0.95)));
    }
    if (type == "flatten") {
        Fields f(cfg, where, {"type", "name"});
        return std::make_unique<Flatten>();
    }
    if (type == "activation") {
        Fields f(cfg, where, {"type", "activation", "name"});
        return std::make_unique<ActivationLayer>(parse_activation(f.text("activation"), f.path("activation")));
    }
    for (const char* act : {"relu", "sigmoid", "tanh", "softmax"})  // Keras' ReLU(), Softmax() ... layers
        if (type == act) {
            Fields f(cfg, where, {"type", "name"});
            return std::make_unique<ActivationLayer>(parse_activation(type, where));
        }
    std::string msg = where + ".type: '" + type + "' is not one of dense, conv2d, max_pooling2d, average_pooling2d, dropout, "
                      "flatten, activation, relu, sigmoid, tanh or softmax";
    if (auto near = closest_match(type, {"dense", "conv2d", "max_pooling2d", "average_pooling2d", "dropout", "flatten",
                                         "activation", "relu", "sigmoid", "tanh", "softmax"});
        !near.empty())
        msg += " (did you mean '" + near + "'?)";
    throw Error(msg);
}

}  // namespace nnplay
