// The ONNX graph of a model, written as a ModelProto in protobuf's canonical JSON mapping (int64 as strings,
// enums by name, camelCase fields), so that libprotobuf (the CLI) and protobufjs (the page) serialise the same
// message. The graph keeps nnplay's NHWC layout between layers; convolutions and pooling, NCHW in ONNX, are
// wrapped in transposes (onnxruntime folds adjacent pairs away). Weights go in floatData: exact, no base64.
// A quantized layer is in QDQ form: QuantizeLinear + DequantizeLinear on its input (per tensor) and a
// DequantizeLinear of its int8 kernel (per output channel); with power-of-two scales the float graph
// computes what nnplay's integer kernels do.
#include <string>

#include "export_walk.hpp"
#include "nnplay/error.hpp"
#include "nnplay/io/export.hpp"

namespace nnplay {

namespace {

constexpr int kFloat = 1, kInt8 = 3;  // TensorProto.DataType

json ints(const std::vector<Index>& v) {
    json a = json::array();
    for (Index x : v) a.push_back(std::to_string(x));
    return a;
}

json attr_ints(const std::string& name, const std::vector<Index>& v) { return {{"name", name}, {"type", "INTS"}, {"ints", ints(v)}}; }
json attr_int(const std::string& name, Index v) { return {{"name", name}, {"type", "INT"}, {"i", std::to_string(v)}}; }

class GraphBuilder {
public:
    // A constant tensor; returns its name.
    std::string constant(const std::string& name, const std::vector<Index>& dims, const float* data, Index n) {
        json values = json::array();
        for (Index k = 0; k < n; ++k) values.push_back(data[k]);
        inits_.push_back({{"name", name}, {"dims", ints(dims)}, {"dataType", kFloat}, {"floatData", std::move(values)}});
        return name;
    }
    // An int8 constant (int8 values travel in int32Data).
    std::string int8_constant(const std::string& name, const std::vector<Index>& dims, const std::int8_t* data, Index n) {
        json values = json::array();
        for (Index k = 0; k < n; ++k) values.push_back(static_cast<int>(data[k]));
        inits_.push_back({{"name", name}, {"dims", ints(dims)}, {"dataType", kInt8}, {"int32Data", std::move(values)}});
        return name;
    }
    // A node off the chain (e.g. dequantizing a constant); returns its output's name.
    std::string side_node(const std::string& op, const std::string& name, std::vector<std::string> inputs, json attrs = json::array()) {
        json n{{"opType", op}, {"name", name}, {"input", std::move(inputs)}, {"output", {name}}};
        if (!attrs.empty()) n["attribute"] = std::move(attrs);
        nodes_.push_back(std::move(n));
        return name;
    }
    // One node on the current tensor (and extra inputs); the current tensor becomes its output.
    void node(const std::string& op, const std::string& name, std::vector<std::string> extra = {}, json attrs = json::array()) {
        std::vector<std::string> inputs{current_};
        inputs.insert(inputs.end(), extra.begin(), extra.end());
        current_ = name;
        json n{{"opType", op}, {"name", name}, {"input", inputs}, {"output", {name}}};
        if (!attrs.empty()) n["attribute"] = std::move(attrs);
        nodes_.push_back(std::move(n));
    }
    const std::string& current() const { return current_; }
    json nodes() { return std::move(nodes_); }
    json initializers() { return std::move(inits_); }

private:
    std::string current_ = "input";
    json nodes_ = json::array(), inits_ = json::array();
};

const char* onnx_activation(const std::string& a) {
    if (a == "relu") return "Relu";
    if (a == "sigmoid") return "Sigmoid";
    if (a == "tanh") return "Tanh";
    if (a == "softmax") return "Softmax";
    return nullptr;  // linear
}

void add_activation(GraphBuilder& g, const std::string& act, const std::string& prefix, std::size_t rank) {
    const char* op = onnx_activation(act);
    if (!op) return;
    json attrs = json::array();
    if (act == "softmax") attrs.push_back(attr_int("axis", static_cast<Index>(rank)));  // the sample's one axis
    g.node(op, prefix + "_" + act, {}, std::move(attrs));
}

// TensorFlow's 'same' padding: the odd pixel at the end. pads = [top, left, bottom, right].
std::vector<Index> pads(const Shape& in, const Shape& out, Index kh, Index kw, Index stride, bool same) {
    if (!same) return {0, 0, 0, 0};
    const auto total = [&](Index i, Index o, Index k) { return std::max<Index>((o - 1) * stride + k - i, 0); };
    const Index th = total(in[0], out[0], kh), tw = total(in[1], out[1], kw);
    return {th / 2, tw / 2, th - th / 2, tw - tw / 2};
}

Index at(const json& v, std::size_t k) { return v.is_array() ? v[k].get<Index>() : v.get<Index>(); }

// The position in ONNX's OIHW kernel of each value of nnplay's HWIO one (rows kh*kw*c, one column per filter).
std::vector<std::size_t> oihw_order(Index kh, Index kw, Index ch, Index filters) {
    std::vector<std::size_t> to(static_cast<std::size_t>(kh * kw * ch * filters));
    for (Index y = 0; y < kh; ++y)
        for (Index x = 0; x < kw; ++x)
            for (Index i = 0; i < ch; ++i)
                for (Index o = 0; o < filters; ++o)
                    to[static_cast<std::size_t>(((y * kw + x) * ch + i) * filters + o)] = static_cast<std::size_t>(((o * ch + i) * kh + y) * kw + x);
    return to;
}

// A quantized layer's input goes through QuantizeLinear and DequantizeLinear with its calibrated scale.
void quantize_input(GraphBuilder& g, const exporting::LayerView& l, const std::string& p) {
    const std::int8_t zero = 0;
    const std::string scale = g.constant(p + "_input_scale", {}, &l.int8->input_scale, 1);
    const std::string zp = g.int8_constant(p + "_input_zero_point", {}, &zero, 1);
    g.node("QuantizeLinear", p + "_input_q", {scale, zp});
    g.node("DequantizeLinear", p + "_input_dq", {scale, zp});
}

// The kernel as a constant: float, or int8 (`dims`' layout, values placed by `order`, identity when empty)
// dequantized per output channel along `axis`.
std::string kernel_constant(GraphBuilder& g, const exporting::LayerView& l, const std::string& p, const std::vector<Index>& dims,
                            const std::vector<std::size_t>& order, Index axis) {
    const auto& w = l.params[0];
    const auto n = static_cast<std::size_t>(w.rows * w.cols);
    const auto place = [&](auto value, auto& out) {  // value(r, c) of nnplay's kernel into out in ONNX's layout
        for (Index r = 0; r < w.rows; ++r)
            for (Index c = 0; c < w.cols; ++c) {
                const auto from = static_cast<std::size_t>(r * w.cols + c);
                out[order.empty() ? from : order[from]] = value(r, c);
            }
    };
    if (!l.int8) {
        std::vector<float> v(n);
        place([&](Index r, Index c) { return w.data[r * w.cols + c]; }, v);
        return g.constant(p + "_kernel", dims, v.data(), w.rows * w.cols);
    }
    std::vector<std::int8_t> q(n);
    place([&](Index r, Index c) { return l.int8->weights[static_cast<std::size_t>(c * w.rows + r)]; }, q);
    const std::string kernel = g.int8_constant(p + "_kernel_int8", dims, q.data(), w.rows * w.cols);
    const std::string scales = g.constant(p + "_kernel_scale", {w.cols}, l.int8->scales.data(), w.cols);
    return g.side_node("DequantizeLinear", p + "_kernel", {kernel, scales}, json::array({attr_int("axis", axis)}));
}

void add_layer(GraphBuilder& g, const exporting::LayerView& l) {
    const std::string p = "layer" + std::to_string(l.index) + "_" + l.type;
    const json& c = l.config;
    if (l.int8) quantize_input(g, l, p);
    if (l.type == "dense") {
        const auto& w = l.params[0];
        const std::string kernel = kernel_constant(g, l, p, {w.rows, w.cols}, {}, 1);
        if (l.params.size() > 1)
            g.node("Gemm", p, {kernel, g.constant(p + "_bias", {w.cols}, l.params[1].data, w.cols)});
        else
            g.node("MatMul", p, {kernel});
        add_activation(g, c["activation"], p, 1);
    } else if (l.type == "conv2d" || l.type == "max_pooling2d" || l.type == "average_pooling2d") {
        const bool conv = l.type == "conv2d";
        const Index kh = conv ? at(c["kernel_size"], 0) : c["pool_size"].get<Index>();
        const Index kw = conv ? at(c["kernel_size"], 1) : kh;
        const Index stride = c["strides"].get<Index>();
        json attrs = json::array({attr_ints("kernel_shape", {kh, kw}), attr_ints("strides", {stride, stride}),
                                  attr_ints("pads", pads(l.in, l.out, kh, kw, stride, c["padding"] == "same"))});
        g.node("Transpose", p + "_nchw", {}, json::array({attr_ints("perm", {0, 3, 1, 2})}));
        if (conv) {
            // nnplay's kernel is HWIO (rows kh*kw*c, one column per filter); ONNX wants OIHW.
            const Index ch = l.in[2], filters = l.params[0].cols;
            std::vector<std::string> inputs{kernel_constant(g, l, p, {filters, ch, kh, kw}, oihw_order(kh, kw, ch, filters), 0)};
            if (l.params.size() > 1) inputs.push_back(g.constant(p + "_bias", {filters}, l.params[1].data, filters));
            g.node("Conv", p, inputs, attrs);
        } else if (l.type == "max_pooling2d") {
            g.node("MaxPool", p, {}, attrs);
        } else {
            attrs.push_back(attr_int("count_include_pad", 0));  // TensorFlow averages over the real pixels only
            g.node("AveragePool", p, {}, attrs);
        }
        g.node("Transpose", p + "_nhwc", {}, json::array({attr_ints("perm", {0, 2, 3, 1})}));
        if (conv) add_activation(g, c["activation"], p, 3);
    } else if (l.type == "flatten") {
        g.node("Flatten", p, {}, json::array({attr_int("axis", 1)}));
    } else if (l.type == "dropout") {
        // Identity at inference; kept so the graph shows the layer (and an import gets it back).
        const float rate = c["rate"].get<float>();
        g.node("Dropout", p, {g.constant(p + "_ratio", {}, &rate, 1)});
    } else if (l.type == "activation") {
        add_activation(g, c["activation"], p, l.in.size());
    }
}

json value_info(const std::string& name, const Shape& sample) {
    json dims = json::array({json{{"dimParam", "batch"}}});
    for (Index d : sample) dims.push_back({{"dimValue", std::to_string(d)}});
    return {{"name", name}, {"type", {{"tensorType", {{"elemType", kFloat}, {"shape", {{"dim", dims}}}}}}}};
}

}  // namespace

json onnx_model(Model& model, const json& info) {
    const std::string format = "ONNX";
    exporting::check_preprocessing(model.preprocessing(), format);
    const auto layers = exporting::layers_of(model, format);
    GraphBuilder g;
    const auto& pre = model.preprocessing();
    std::vector<Index> sample(model.input_shape().begin(), model.input_shape().end());
    if (pre.kind == "rescale") {
        g.node("Mul", "rescale", {g.constant("rescale_factor", {}, &pre.factor, 1)});
    } else if (pre.kind != "none") {  // the same two float operations as Preprocessing::apply, per feature
        g.node("Sub", pre.kind + "_center", {g.constant(pre.kind + "_offset", sample, pre.offset.data(), pre.offset.size())});
        g.node("Mul", pre.kind + "_scaled", {g.constant(pre.kind + "_scale", sample, pre.scale.data(), pre.scale.size())});
    }
    for (const auto& l : layers) add_layer(g, l);
    // The graph's output gets a stable name: the last node's output is renamed to "output".
    if (g.current() == "input") g.node("Identity", "output");
    json nodes = g.nodes();
    nodes.back()["output"][0] = "output";

    json props = json::array();
    for (const auto& [k, v] : exporting::metadata(model, info)) props.push_back({{"key", "nnplay." + k}, {"value", v}});
    json graph{{"name", "nnplay"},
               {"node", std::move(nodes)},
               {"initializer", g.initializers()},
               {"input", {value_info("input", model.input_shape())}},
               {"output", {value_info("output", {model.output_size()})}}};
    return {{"irVersion", "7"},  // the IR of opset 13 (ONNX 1.8), which every onnxruntime since 1.6 reads
            {"opsetImport", {{{"domain", ""}, {"version", std::to_string(kOnnxOpset)}}}},
            {"producerName", "nnplay"},
            {"producerVersion", "0.1.0"},
            {"docString", "Exported by nnplay: raw inputs in, the preprocessing and the output activation inside the graph."},
            {"graph", std::move(graph)},
            {"metadataProps", std::move(props)}};
}

}  // namespace nnplay
