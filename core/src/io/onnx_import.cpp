// ONNX -> nnplay. The ModelProto comes in protobuf's canonical JSON mapping (what libprotobuf and protobufjs
// turn a .onnx file into: int64 as strings, bytes as base64, camelCase fields), the same form the exporter
// writes. The graph must be one chain from the input to the output: each node takes the tensor before it and
// constants. Nodes become spec layers (an activation right after a Gemm or Conv joins that layer, a MatMul's
// Add becomes its bias, leading Sub/Add/Mul/Div by constants the preprocessing); the model is planned from
// that spec, which checks shapes and memory, and only then are the weights copied in. Conv and pooling are
// NCHW in ONNX: the graph's layout is followed through its transposes, and an NCHW input is read as nnplay's
// NHWC, reordering the weights of a dense layer that takes a flattened NCHW image.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "import_common.hpp"
#include "nnplay/error.hpp"
#include "nnplay/io/import.hpp"

namespace nnplay {

namespace {

constexpr const char* kOps =
    "Gemm, MatMul, Add (a MatMul's bias), Conv, MaxPool, AveragePool, Flatten, Reshape (to flat), Dropout, Relu, Sigmoid, "
    "Tanh, Softmax, Transpose, Identity, and Sub/Add/Mul/Div by constants before the first layer";
constexpr int kMinOpset = 7, kMaxOpset = 23;
constexpr std::uint64_t kCap = std::uint64_t{1} << 40;  // element counts saturate here: no overflow, no allocation

const char* type_name(int t) {
    switch (t) {
        case 1: return "float32";
        case 2: return "uint8";
        case 3: return "int8";
        case 6: return "int32";
        case 7: return "int64";
        case 10: return "float16";
        case 11: return "float64";
        case 16: return "bfloat16";
        default: return "a type nnplay does not read";
    }
}

// The TensorProto field that holds a data type's values when they are not in rawData (onnx.proto's comments);
// null for a type with no such rule (undefined, complex, or no type at all), which no reader decodes.
const char* values_field(int t) {
    switch (t) {
        case 1: return "floatData";
        case 7: return "int64Data";
        case 8: return "stringData";
        case 11: return "doubleData";
        case 12: case 13: return "uint64Data";
        case 2: case 3: case 4: case 5: case 6: case 9: case 10: case 16: return "int32Data";  // small ints, bool, 16-bit floats
        default: return nullptr;
    }
}

// Base64 (standard or URL alphabet, padding optional), as the JSON mapping writes bytes fields.
std::optional<std::string> base64(const std::string& in) {
    std::string out;
    out.reserve(in.size() / 4 * 3 + 3);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char ch : in) {
        int v;
        if (ch >= 'A' && ch <= 'Z') v = ch - 'A';
        else if (ch >= 'a' && ch <= 'z') v = ch - 'a' + 26;
        else if (ch >= '0' && ch <= '9') v = ch - '0' + 52;
        else if (ch == '+' || ch == '-') v = 62;
        else if (ch == '/' || ch == '_') v = 63;
        else if (ch == '=') break;
        else return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xff));
        }
    }
    return out;
}

// The decoded size of a base64 text, without decoding it.
std::uint64_t base64_size(const std::string& s) {
    std::size_t n = s.size();
    while (n > 0 && s[n - 1] == '=') --n;
    return n * 6 / 8;
}

std::int64_t int64_of(const json& v) {  // int64 fields are strings in the mapping; numbers are accepted too
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        char* end = nullptr;
        errno = 0;
        const long long x = std::strtoll(s.c_str(), &end, 10);
        if (!s.empty() && *end == '\0' && errno == 0) return x;
    }
    throw Error("'" + v.dump() + "' is not a 64-bit integer");
}

// An enum field (dataType, elemType) of an object, `fallback` when absent. A number that is no enum value (2.5,
// 1e53: a float to int conversion out of range is undefined) reads as -1, which is no type nnplay reads.
int enum_of(const json& obj, const char* key, int fallback) {
    const auto it = obj.find(key);
    if (it == obj.end()) return fallback;
    if (it->is_number_float()) return -1;
    const std::int64_t v = int64_of(*it);
    return v < 0 || v > std::numeric_limits<int>::max() ? -1 : static_cast<int>(v);
}

// obj[key] when it is there, else `fallback`: a reference, as the tensors found keep pointers into the model.
const json& member(const json& obj, const char* key, const json& fallback) {
    const auto it = obj.find(key);
    return it == obj.end() ? fallback : *it;
}
const json kNone, kEmpty = json::array();

// One initializer or Constant: its dims and values are checked against each other when it is first read.
struct Constant {
    std::string name;
    std::vector<std::int64_t> dims;
    int type = 0;
    const json* proto = nullptr;
    std::uint64_t count = 1;
};

class Importer {
public:
    explicit Importer(std::string name) : name_(std::move(name)) {}
    [[noreturn]] void fail(const std::string& what) const { throw Error("import.malformed", name_ + ": " + what); }
    // A well-formed file asking for what nnplay does not have.
    [[noreturn]] void unsupported(const std::string& what) const { throw Error("import.unsupported", name_ + ": " + what); }

    // A TensorProto's dims and data sizes; nothing is decoded yet.
    Constant tensor(const json& t, const std::string& where) const {
        if (!t.is_object()) fail(where + ": not a tensor");
        Constant out{t.value("name", std::string()), {}, enum_of(t, "dataType", 0), &t, 1};
        const std::string label = where + " '" + out.name + "'";
        if (t.value("dataLocation", "") == "EXTERNAL" || t.contains("externalData"))
            unsupported(label + ": its data is in an external file; nnplay reads models whose weights are inside the .onnx file");
        for (const auto& d : t.value("dims", json::array())) {
            std::int64_t v = -1;
            try {
                v = int64_of(d);
            } catch (const Error&) {
            }
            if (v < 0 || v > (std::int64_t{1} << 31)) fail(label + ": impossible dims " + t["dims"].dump());
            out.dims.push_back(v);
            out.count = std::min<std::uint64_t>(kCap, out.count * static_cast<std::uint64_t>(v));  // < 2^40 * 2^31
        }
        const std::uint64_t size = out.type == 7 || out.type == 11 ? 8 : out.type == 10 || out.type == 16 ? 2 : out.type == 2 || out.type == 3 ? 1 : 4;
        std::uint64_t have = 0;
        if (t.contains("rawData")) {
            if (!t["rawData"].is_string()) fail(label + ": rawData is not base64 text");
            have = base64_size(t["rawData"]) / size;
            if (base64_size(t["rawData"]) % size) fail(label + ": rawData is not a whole number of " + type_name(out.type) + " values");
        } else {
            // The readers look for the values in their type's field only.
            const char* own = values_field(out.type);
            for (const char* f : {"floatData", "int64Data", "int32Data", "doubleData", "uint64Data", "stringData"})
                if (t.contains(f)) {
                    if (!t[f].is_array()) fail(label + ": " + f + " is not a list");
                    if (!own || std::strcmp(f, own) == 0) have = t[f].size();
                    else if (!t[f].empty())
                        fail(label + ": values in " + f + ", but its data type (" + type_name(out.type) + ") keeps them in " + own);
                }
        }
        if (have != out.count)
            fail(label + ": dims " + json(out.dims).dump() + " need " + (out.count == kCap ? "over 2^40" : std::to_string(out.count)) +
                 " values, it holds " + std::to_string(have));
        return out;
    }

    std::vector<float> floats(const Constant& t, const std::string& where) const {
        if (t.type != 1) unsupported(where + ": '" + t.name + "' is " + type_name(t.type) + "; only float32 weights can be read");
        std::vector<float> out(static_cast<std::size_t>(t.count));
        const json& p = *t.proto;
        if (p.contains("rawData")) {
            const auto bytes = base64(p["rawData"]);
            if (!bytes || bytes->size() != out.size() * sizeof(float)) fail(where + ": '" + t.name + "' has rawData that is not base64");
            std::memcpy(out.data(), bytes->data(), bytes->size());  // little-endian, as ONNX stores it
        } else {
            for (std::size_t k = 0; k < out.size(); ++k) {
                const json& v = p["floatData"][k];
                if (!v.is_number()) fail(where + ": '" + t.name + "' holds " + v.dump() + ", not a finite number");
                out[k] = v.get<float>();
            }
        }
        for (float v : out)
            if (!std::isfinite(v)) fail(where + ": '" + t.name + "' holds a value that is not a finite number");
        return out;
    }

    std::vector<std::int64_t> int64s(const Constant& t, const std::string& where) const {
        if (t.type != 7) fail(where + ": '" + t.name + "' is " + type_name(t.type) + ", not int64");
        std::vector<std::int64_t> out(static_cast<std::size_t>(t.count));
        const json& p = *t.proto;
        if (p.contains("rawData")) {
            const auto bytes = base64(p["rawData"]);
            if (!bytes || bytes->size() != out.size() * 8) fail(where + ": '" + t.name + "' has rawData that is not base64");
            std::memcpy(out.data(), bytes->data(), bytes->size());
        } else {
            for (std::size_t k = 0; k < out.size(); ++k) out[k] = int64_of(p["int64Data"][k]);
        }
        return out;
    }

    std::string name_;
};

// A node's attributes by name.
class Attributes {
public:
    Attributes(const Importer& im, const json& node, std::string where) : im_(im), where_(std::move(where)) {
        for (const auto& a : member(node, "attribute", kEmpty))
            if (a.is_object() && a.contains("name") && a["name"].is_string()) by_name_[a["name"]] = &a;
    }
    bool has(const std::string& n) const { return by_name_.count(n) > 0; }
    std::int64_t i(const std::string& n, std::int64_t fallback) const {
        if (!has(n)) return fallback;
        try {
            return int64_of(by_name_.at(n)->value("i", json("0")));
        } catch (const Error& e) {
            im_.fail(where_ + ": attribute " + n + ": " + e.what());
        }
    }
    float f(const std::string& n, float fallback) const { return has(n) ? by_name_.at(n)->value("f", 0.0f) : fallback; }
    std::vector<std::int64_t> ints(const std::string& n, std::vector<std::int64_t> fallback) const {
        if (!has(n)) return fallback;
        std::vector<std::int64_t> out;
        try {
            for (const auto& v : by_name_.at(n)->value("ints", json::array())) out.push_back(int64_of(v));
        } catch (const Error& e) {
            im_.fail(where_ + ": attribute " + n + ": " + e.what());
        }
        return out;
    }
    std::string s(const std::string& n, const std::string& fallback) const {
        if (!has(n)) return fallback;
        const auto text = base64(by_name_.at(n)->value("s", std::string()));
        if (!text) im_.fail(where_ + ": attribute " + n + " is not base64");
        return *text;
    }
    const json* t(const std::string& n) const { return has(n) && by_name_.at(n)->contains("t") ? &(*by_name_.at(n))["t"] : nullptr; }

private:
    const Importer& im_;
    std::string where_;
    std::map<std::string, const json*> by_name_;
};

struct Copy {
    std::size_t layer;
    std::string param;
    std::vector<float> values;  // in nnplay's order
};

// The walk's state: the spec's layers so far and where the graph's tensor stands.
struct Walk {
    Shape input;              // nnplay's sample shape
    Shape shape;              // nnplay's shape of the tensor so far
    json layers = json::array();
    std::vector<Copy> copies;
    bool nchw = false;        // whether the ONNX tensor (rank 4) is NCHW; nnplay's is always NHWC
    std::size_t rank = 0;     // of the ONNX tensor, batch included
    Shape chw;                // set while a flat tensor is a flattened NCHW image (C, H, W), until a dense layer
    Vec offset, scale;        // the preprocessing so far: (x - offset) * scale, in nnplay's feature order
    bool affine = false;
    std::optional<std::size_t> fusable;  // a dense or conv layer whose activation the next one may be
    std::optional<std::size_t> bias_for;  // a MatMul's dense layer, whose bias the next Add may be
};

// Adds a spec layer, planned alone on the shape so far (each node costs the same however long the graph).
void push(const Importer& im, Walk& w, json layer, const std::string& where) {
    try {
        auto m = Model::plan({{"input", w.shape}, {"layers", {layer, {{"type", "flatten"}}}}}, {}, 1);  // a model must end flat
        w.shape = m->output_shape(0);
    } catch (const Error& e) {
        im.unsupported(where + ": not a layer nnplay can run here: " + e.what());
    }
    w.layers.push_back(std::move(layer));
}

// The ONNX tensor's dims of one sample, for nnplay's shape `s`: the same but for NCHW images and [batch, H, W] inputs.
std::vector<Index> onnx_dims_of_sample(const Walk& w, const Shape& s) {
    if (w.rank == 4 && w.nchw) return {s[2], s[0], s[1]};
    if (w.rank == 3) return {s[0], s[1]};  // [batch, H, W], read as one channel
    return {s.begin(), s.end()};
}

// A constant broadcast against one sample, in nnplay's feature order.
Vec per_feature(const Importer& im, const Walk& w, const Constant& t, const std::vector<float>& v, const std::string& where) {
    const Shape& s = w.shape;
    const std::vector<Index> d = onnx_dims_of_sample(w, s);
    std::vector<std::int64_t> cd = t.dims;
    if (cd.size() == d.size() + 1 && cd[0] == 1) cd.erase(cd.begin());  // a batch axis of 1
    if (cd.size() > d.size()) im.fail(where + ": constant '" + t.name + "' of dims " + json(t.dims).dump() + " does not fit the sample");
    cd.insert(cd.begin(), d.size() - cd.size(), 1);
    for (std::size_t k = 0; k < d.size(); ++k)
        if (cd[k] != 1 && cd[k] != d[k])
            im.fail(where + ": constant '" + t.name + "' of dims " + json(t.dims).dump() + " does not fit the sample " + json(d).dump());
    const Index n = shape_size(s);
    Vec out(n);
    for (Index f = 0; f < n; ++f) {
        // nnplay's (y, x, c) or flat index -> the ONNX sample's multi-index -> the constant's flat index.
        std::vector<Index> at(d.size());
        if (d.size() == 3) {
            const Index c = f % s[2], x = (f / s[2]) % s[1], y = f / (s[2] * s[1]);
            at = w.rank == 4 && w.nchw ? std::vector<Index>{c, y, x} : std::vector<Index>{y, x, c};
        } else {
            Index r = f;
            for (std::size_t k = d.size(); k-- > 0;) at[k] = r % d[k], r /= d[k];
        }
        Index ci = 0;
        for (std::size_t k = 0; k < d.size(); ++k) ci = ci * cd[k] + (cd[k] == 1 ? 0 : at[k]);
        out[f] = v[static_cast<std::size_t>(ci)];
    }
    return out;
}

// ONNX pads [top, left, bottom, right] (or auto_pad) as nnplay's 'valid' or TensorFlow's 'same', else refused.
std::string padding(const Importer& im, const Attributes& a, const Shape& in, Index kh, Index kw, Index stride, const std::string& where) {
    const std::string autopad = a.s("auto_pad", "NOTSET");
    const auto total = [&](Index i, Index k) { return std::max<Index>((((i + stride - 1) / stride) - 1) * stride + k - i, 0); };
    const Index th = total(in[0], kh), tw = total(in[1], kw);
    const std::vector<std::int64_t> same{th / 2, tw / 2, th - th / 2, tw - tw / 2};
    if (autopad == "VALID") return "valid";
    if (autopad == "SAME_UPPER" || (autopad == "SAME_LOWER" && th % 2 == 0 && tw % 2 == 0)) return "same";
    if (autopad != "NOTSET") im.unsupported(where + ": auto_pad " + autopad + " puts the odd padding first (nnplay pads as TensorFlow's 'same')");
    const auto pads = a.ints("pads", {0, 0, 0, 0});
    if (pads == std::vector<std::int64_t>{0, 0, 0, 0}) return "valid";
    if (pads == same) return "same";
    im.unsupported(where + ": pads " + json(pads).dump() + " are neither none ('valid') nor TensorFlow's 'same' " + json(same).dump());
}

Index square(const Importer& im, const std::vector<std::int64_t>& v, const std::string& what) {
    if (v.size() != 2 || v[0] != v[1] || v[0] < 1)
        im.unsupported(what + " " + json(v).dump() + ": nnplay takes equal sizes on both axes only");
    return v[0];
}

const char* activation_of(const std::string& op) {
    if (op == "Relu") return "relu";
    if (op == "Sigmoid") return "sigmoid";
    if (op == "Tanh") return "tanh";
    if (op == "Softmax") return "softmax";
    return nullptr;
}

SavedModel read_onnx(const json& model, const std::string& name) {
    Importer im(name);
    if (!model.is_object()) im.fail("not an ONNX model");
    std::int64_t opset = -1;
    for (const auto& o : model.value("opsetImport", json::array()))
        if (o.is_object() && o.value("domain", "") == "" && o.contains("version")) {
            try {
                opset = int64_of(o["version"]);
            } catch (const Error&) {
            }
        }
    if (opset < 0) im.fail("no opset of the default ONNX domain (opsetImport): not an ONNX model, or a truncated one");
    if (opset < kMinOpset || opset > kMaxOpset)
        im.unsupported("opset " + std::to_string(opset) + ": nnplay reads opsets " + std::to_string(kMinOpset) + " to " + std::to_string(kMaxOpset));
    const json& graph = member(model, "graph", kNone);
    if (!graph.is_object()) im.fail("no graph");

    std::map<std::string, Constant> constants;
    for (const auto& t : member(graph, "initializer", kEmpty)) {
        Constant x = im.tensor(t, "initializer");
        constants[x.name] = x;
    }
    // The one input that is not an initializer (older files list the initializers among the inputs too).
    const json* input = nullptr;
    for (const auto& v : member(graph, "input", kEmpty))
        if (v.is_object() && !constants.count(v.value("name", ""))) {
            if (input) im.unsupported("the graph has more than one input ('" + (*input).value("name", "") + "', '" + v.value("name", "") + "')");
            input = &v;
        }
    if (!input) im.fail("the graph has no input");
    const json& outputs = member(graph, "output", kEmpty);
    if (!outputs.is_array() || outputs.size() != 1 || !outputs[0].is_object())
        im.unsupported("the graph has " + std::to_string(outputs.is_array() ? outputs.size() : 0) + " outputs; nnplay reads models with one");

    Walk w;
    const std::string in_name = input->value("name", "");
    {
        const json type = input->value("type", json::object()).value("tensorType", json::object());
        if (const int elem = enum_of(type, "elemType", 1); elem != 1)
            im.unsupported("input '" + in_name + "' is " + type_name(elem) + "; nnplay reads float32 inputs");
        const json dims = type.value("shape", json::object()).value("dim", json::array());
        if (dims.size() < 2 || dims.size() > 4)
            im.unsupported("input '" + in_name + "' has " + std::to_string(dims.size()) + " dimensions; nnplay reads [batch, features] or [batch, C, H, W] / [batch, H, W, C]");
        std::vector<Index> d;
        for (std::size_t k = 1; k < dims.size(); ++k) {
            std::int64_t v = -1;
            try {
                v = dims[k].is_object() && dims[k].contains("dimValue") ? int64_of(dims[k]["dimValue"]) : -1;
            } catch (const Error&) {
            }
            if (v < 1 || v > 65536) im.fail("input '" + in_name + "': size " + dims[k].dump() + " of axis " + std::to_string(k) + " is not a number between 1 and 65536");
            d.push_back(v);
        }
        w.rank = dims.size();
        if (w.rank == 4) {
            // NHWC when the graph transposes to NCHW before anything else; NCHW when a Conv or pool takes it as it
            // is; for a Flatten first, the channels are the smaller end.
            bool decided = false;
            for (const auto& n : member(graph, "node", kEmpty)) {
                const std::string op = n.value("opType", "");
                if (op == "Transpose") {
                    w.nchw = Attributes(im, n, "").ints("perm", {}) != std::vector<std::int64_t>{0, 3, 1, 2};
                } else if (op == "Conv" || op == "MaxPool" || op == "AveragePool") {
                    w.nchw = true;
                } else if (op == "Flatten" || op == "Reshape") {
                    w.nchw = d[0] < d[2];
                } else {
                    continue;
                }
                decided = true;
                break;
            }
            if (!decided) w.nchw = d[0] < d[2];
            w.input = w.nchw ? Shape{d[1], d[2], d[0]} : Shape{d[0], d[1], d[2]};
        } else {
            w.input = d.size() == 2 ? Shape{d[0], d[1], 1} : Shape{d[0]};  // [batch, H, W]: one channel
        }
    }
    try {  // the sample must fit the memory budget before the preprocessing's vectors are sized by it
        Model::plan({{"input", w.input}, {"layers", {{{"type", "flatten"}}}}}, {}, 1);
    } catch (const Error& e) {
        im.unsupported("input '" + in_name + "': " + e.what());
    }
    w.shape = w.input;
    const Index features = shape_size(w.input);
    w.offset = Vec::Zero(features);
    w.scale = Vec::Ones(features);

    std::string current = in_name;
    std::set<std::string> computed{in_name};  // the tensors nodes so far produce
    const json& nodes = member(graph, "node", kEmpty);
    if (!nodes.is_array()) im.fail("the graph's nodes are not a list");
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const json& n = nodes[i];
        if (!n.is_object()) im.fail("node " + std::to_string(i) + " is not a node");
        const std::string op = n.value("opType", "");
        const std::string where = "node " + std::to_string(i) + " '" + n.value("name", "") + "' (" + op + ")";
        const std::string domain = n.value("domain", "");
        if (domain != "" && domain != "ai.onnx") im.unsupported(where + ": operator of the domain '" + domain + "', which nnplay does not read");
        const Attributes a(im, n, where);
        const json outs = n.value("output", json::array());
        if (!outs.is_array() || outs.empty() || !outs[0].is_string()) im.fail(where + ": no output");
        if (op == "Constant") {
            const json* t = a.t("value");
            if (!t) im.unsupported(where + ": only a Constant holding a tensor (value) is read");
            Constant x = im.tensor(*t, where);
            x.name = outs[0];
            constants[x.name] = x;
            continue;
        }
        // Inputs: the tensor before this node first (Add and Mul may take it second), then constants.
        std::vector<std::string> ins;
        for (const auto& v : n.value("input", json::array())) ins.push_back(v.is_string() ? v.get<std::string>() : "");
        if ((op == "Add" || op == "Mul") && ins.size() == 2 && ins[1] == current) std::swap(ins[0], ins[1]);
        if (ins.empty() || ins[0] != current)
            im.unsupported(where + ": the graph is not one chain of layers (this node does not take '" + current + "', the tensor before it)");
        std::vector<const Constant*> k;  // the constant inputs, null where absent
        for (std::size_t j = 1; j < ins.size(); ++j) {
            if (ins[j].empty()) {
                k.push_back(nullptr);
                continue;
            }
            const auto it = constants.find(ins[j]);
            if (it == constants.end() && !computed.count(ins[j]))
                im.fail(where + ": missing weights: no initializer or Constant named '" + ins[j] + "'");
            if (it == constants.end())
                im.unsupported(where + ": input '" + ins[j] + "' is computed in the graph; nnplay reads chains whose other inputs are constants");
            k.push_back(&it->second);
        }
        const auto arg = [&](std::size_t j, const char* what) -> const Constant& {
            if (j >= k.size() || !k[j]) im.fail(where + ": no " + what);
            return *k[j];
        };
        current = outs[0];
        for (const auto& o : outs)
            if (o.is_string()) computed.insert(o.get<std::string>());
        const std::optional<std::size_t> fusable = w.fusable, bias_for = w.bias_for;
        w.fusable.reset();
        w.bias_for.reset();
        const Shape s = w.shape;  // before this node

        if (op == "Identity") {
            w.fusable = fusable;
        } else if (op == "Transpose") {
            const auto perm = a.ints("perm", {});
            if (w.rank == 4 && !w.nchw && perm == std::vector<std::int64_t>{0, 3, 1, 2}) w.nchw = true;
            else if (w.rank == 4 && w.nchw && perm == std::vector<std::int64_t>{0, 2, 3, 1}) w.nchw = false;
            else im.unsupported(where + ": perm " + json(perm).dump() + " is not a change between NHWC and NCHW of an image");
            w.fusable = fusable;
        } else if ((op == "Add" || op == "Sub" || op == "Mul" || op == "Div") && w.layers.empty()) {
            const Constant& c = arg(0, "constant");
            const Vec v = per_feature(im, w, c, im.floats(c, where), where);
            if (op == "Mul") w.scale.array() *= v.array();
            else if (op == "Div") w.scale.array() /= v.array();
            else w.offset.array() += (op == "Sub" ? 1.0f : -1.0f) * v.array() / w.scale.array();
            if (!w.scale.allFinite() || !w.offset.allFinite()) im.fail(where + ": the preprocessing divides by zero");
            w.affine = true;
        } else if (op == "Add" && bias_for && arg(0, "bias").count == static_cast<std::uint64_t>(s[0])) {
            w.layers[*bias_for]["use_bias"] = true;
            w.copies.push_back({*bias_for, "bias", im.floats(*k[0], where)});
            w.fusable = *bias_for;
        } else if (op == "Gemm" || op == "MatMul") {
            if (w.rank != 2) im.unsupported(where + ": takes a tensor of rank " + std::to_string(w.rank) + " (flatten it first)");
            const bool gemm = op == "Gemm";
            if (gemm && a.i("transA", 0) != 0) im.unsupported(where + ": transA is set (the input must not be transposed)");
            const bool transB = gemm && a.i("transB", 0) != 0;
            const Constant& b = arg(0, "weights");
            if (b.dims.size() != 2 || b.dims[transB ? 1 : 0] != s[0])
                im.fail(where + ": weights '" + b.name + "' of dims " + json(b.dims).dump() + " do not take " + std::to_string(s[0]) + " inputs");
            const Index in = s[0], units = transB ? b.dims[0] : b.dims[1];
            const std::vector<float> raw = im.floats(b, where);
            std::vector<float> kernel(raw.size());
            const float alpha = gemm ? a.f("alpha", 1.0f) : 1.0f;
            for (Index r = 0; r < in; ++r) {
                // A flattened NCHW image: ONNX's input row (c, y, x) is nnplay's (y, x, c).
                Index to = r;
                if (!w.chw.empty()) {
                    const Index C = w.chw[0], H = w.chw[1], W = w.chw[2], c = r / (H * W), y = (r / W) % H, x = r % W;
                    to = (y * W + x) * C + c;
                }
                for (Index u = 0; u < units; ++u)
                    kernel[static_cast<std::size_t>(to * units + u)] = alpha * raw[static_cast<std::size_t>(transB ? u * in + r : r * units + u)];
            }
            w.chw.clear();
            const std::size_t layer = w.layers.size();
            push(im, w, {{"type", "dense"}, {"units", units}, {"activation", "linear"}, {"use_bias", false}}, where);
            w.copies.push_back({layer, "kernel", std::move(kernel)});
            if (gemm && k.size() > 1 && k[1]) {
                const Constant& c = *k[1];
                if (c.count != static_cast<std::uint64_t>(units) || c.dims.size() > 2)
                    im.fail(where + ": bias '" + c.name + "' of dims " + json(c.dims).dump() + " is not one value per unit (" + std::to_string(units) + ")");
                std::vector<float> bias = im.floats(c, where);
                for (float& v : bias) v *= a.f("beta", 1.0f);
                w.layers[layer]["use_bias"] = true;
                w.copies.push_back({layer, "bias", std::move(bias)});
            }
            w.fusable = layer;
            if (!gemm) w.bias_for = layer;
        } else if (op == "Conv") {
            if (w.rank != 4 || !w.nchw) im.unsupported(where + ": takes an NCHW image (ONNX's Conv layout)");
            if (a.i("group", 1) != 1) im.unsupported(where + ": grouped convolutions are not supported");
            for (auto d : a.ints("dilations", {1, 1}))
                if (d != 1) im.unsupported(where + ": dilated convolutions are not supported");
            const Constant& wt = arg(0, "weights");
            if (wt.dims.size() != 4 || wt.dims[1] != s[2])
                im.fail(where + ": weights '" + wt.name + "' of dims " + json(wt.dims).dump() + " do not take " + std::to_string(s[2]) + " channels");
            const Index filters = wt.dims[0], ch = wt.dims[1], kh = wt.dims[2], kw = wt.dims[3];
            if (a.has("kernel_shape") && a.ints("kernel_shape", {}) != std::vector<std::int64_t>{kh, kw})
                im.fail(where + ": kernel_shape does not match the weights' dims " + json(wt.dims).dump());
            const Index stride = square(im, a.ints("strides", {1, 1}), where + ": strides");
            const std::vector<float> oihw = im.floats(wt, where);
            std::vector<float> hwio(oihw.size());
            for (Index o = 0; o < filters; ++o)
                for (Index c = 0; c < ch; ++c)
                    for (Index y = 0; y < kh; ++y)
                        for (Index x = 0; x < kw; ++x)
                            hwio[static_cast<std::size_t>(((y * kw + x) * ch + c) * filters + o)] = oihw[static_cast<std::size_t>(((o * ch + c) * kh + y) * kw + x)];
            const std::size_t layer = w.layers.size();
            push(im, w, {{"type", "conv2d"}, {"filters", filters}, {"kernel_size", {kh, kw}}, {"strides", stride},
                         {"padding", padding(im, a, s, kh, kw, stride, where)}, {"activation", "linear"}, {"use_bias", false}}, where);
            w.copies.push_back({layer, "kernel", std::move(hwio)});
            if (k.size() > 1 && k[1]) {
                if (k[1]->count != static_cast<std::uint64_t>(filters)) im.fail(where + ": bias '" + k[1]->name + "' is not one value per filter");
                w.layers[layer]["use_bias"] = true;
                w.copies.push_back({layer, "bias", im.floats(*k[1], where)});
            }
            w.fusable = layer;
        } else if (op == "MaxPool" || op == "AveragePool") {
            if (w.rank != 4 || !w.nchw) im.unsupported(where + ": takes an NCHW image (ONNX's pooling layout)");
            const Index pool = square(im, a.ints("kernel_shape", {}), where + ": kernel_shape");
            const Index stride = square(im, a.ints("strides", {1, 1}), where + ": strides");
            for (auto d : a.ints("dilations", {1, 1}))
                if (d != 1) im.unsupported(where + ": dilated pooling is not supported");
            if (a.i("storage_order", 0) != 0) im.unsupported(where + ": storage_order 1 (column-major indices) is not supported");
            const std::string pad = padding(im, a, s, pool, pool, stride, where);
            if (a.i("ceil_mode", 0) != 0 && pad == "valid" && ((s[0] - pool) % stride != 0 || (s[1] - pool) % stride != 0))
                im.unsupported(where + ": ceil_mode makes a partial window at the edge, which nnplay's pooling does not");
            if (op == "AveragePool" && pad == "same" && a.i("count_include_pad", 0) != 0)
                im.unsupported(where + ": count_include_pad averages over the padding (nnplay, as TensorFlow, over the real pixels only)");
            push(im, w, {{"type", op == "MaxPool" ? "max_pooling2d" : "average_pooling2d"}, {"pool_size", pool}, {"strides", stride}, {"padding", pad}}, where);
        } else if (op == "Flatten" || op == "Reshape") {
            if (op == "Flatten" && a.i("axis", 1) != 1) im.unsupported(where + ": axis " + std::to_string(a.i("axis", 1)) + " (nnplay flattens each sample: axis 1)");
            if (op == "Reshape") {
                const auto shape = im.int64s(arg(0, "shape"), where);
                const Index size = shape_size(s);
                const bool flat = shape.size() == 2 && (shape[0] == 0 || shape[0] == -1 || shape[0] == 1) && (shape[1] == -1 || shape[1] == size) &&
                                  !(shape[0] == -1 && shape[1] == -1);
                if (!flat) im.unsupported(where + ": to " + json(shape).dump() + "; nnplay reshapes only to [batch, " + std::to_string(size) + "] (a flatten)");
            }
            if (w.rank == 4 && w.nchw && s[2] > 1 && s[0] * s[1] > 1) w.chw = {s[2], s[0], s[1]};
            if (w.rank > 2) push(im, w, {{"type", "flatten"}}, where);
            w.rank = 2;
        } else if (op == "Dropout") {
            float rate = a.f("ratio", 0.5f);
            if (k.size() > 0 && k[0]) {
                const auto r = im.floats(*k[0], where);
                if (r.size() != 1) im.fail(where + ": ratio is not one number");
                rate = r[0];
            }
            // The float32 ratio back to the decimal it was written as (0.2f, not 0.200000003).
            char text[32];
            std::snprintf(text, sizeof text, "%.7g", rate);
            push(im, w, {{"type", "dropout"}, {"rate", std::strtod(text, nullptr)}}, where);
        } else if (const char* act = activation_of(op)) {
            if (op == "Softmax") {
                const std::int64_t axis = a.i("axis", opset < 13 ? 1 : -1);
                if (w.rank != 2 || (axis != 1 && axis != -1))
                    im.unsupported(where + ": a softmax over one axis of an image (nnplay's softmax spans the whole sample: flatten before it)");
            }
            if (fusable && w.layers[*fusable]["activation"] == "linear" && (op != "Softmax" || w.layers[*fusable]["type"] == "dense")) {
                w.layers[*fusable]["activation"] = act;
            } else {
                push(im, w, {{"type", "activation"}, {"activation", act}}, where);
            }
        } else {
            im.unsupported(where + ": nnplay has no such operator here (it reads " + std::string(kOps) + ")");
        }
    }
    if (current != outputs[0].value("name", ""))
        im.fail("the last node's output '" + current + "' is not the graph's output '" + outputs[0].value("name", "") + "'");
    if (w.layers.empty()) im.fail("no layers: nothing to import");
    if (!w.chw.empty()) im.unsupported("the output is a flattened NCHW image, which nnplay's flatten orders differently");

    SavedModel saved;
    try {
        saved.model = Model::plan({{"input", w.input}, {"layers", w.layers}}, {}, 1);
    } catch (const Error& e) {
        im.unsupported(std::string("the layers do not make a model nnplay can run: ") + e.what());
    }
    for (const auto& c : w.copies) {  // every size checked before the model's memory is claimed
        for (const auto& p : saved.model->layer(c.layer).param_shapes())
            if (p.name == c.param && static_cast<std::size_t>(p.rows * p.cols) != c.values.size())
                im.fail("layer " + std::to_string(c.layer) + ": its " + c.param + " holds " + std::to_string(c.values.size()) +
                        " values, the layer needs " + std::to_string(p.rows * p.cols));
    }
    saved.model->allocate();
    for (const auto& c : w.copies) {
        MatMap dst = saved.model->param(c.layer, c.param);
        std::memcpy(dst.data(), c.values.data(), c.values.size() * sizeof(float));
    }

    std::map<std::string, std::string> meta;
    for (const auto& p : model.value("metadataProps", json::array()))
        if (p.is_object() && p.value("key", json()).is_string() && p.value("value", json()).is_string()) meta[p["key"]] = p["value"];
    Preprocessing& pre = saved.model->preprocessing();
    if (w.affine && w.offset.isZero(0) && (w.scale.array() == w.scale[0]).all()) {
        pre = Preprocessing::from_config(json{{"type", "rescale"}, {"factor", w.scale[0]}}, "preprocessing");
        pre.fit(Mat(0, features));
    } else if (w.affine) {
        pre.kind = meta["nnplay.preprocessing"].rfind("minmax", 0) == 0 ? "minmax" : "standardize";
        pre.offset = w.offset;
        pre.scale = w.scale;
    } else {
        pre.fit(Mat(0, features));
    }
    importing::infer_training(saved, "ONNX");
    if (meta.count("nnplay.classes")) importing::read_class_names(saved, meta["nnplay.classes"]);
    if (meta.count("nnplay.target")) saved.info["target"] = meta["nnplay.target"];
    return saved;
}

}  // namespace

SavedModel import_onnx(const json& model, const std::string& name) {
    try {
        return read_onnx(model, name);
    } catch (const json::exception& e) {  // a field of the wrong kind where the walk did not look first
        throw Error("import.malformed", name + ": a malformed ONNX model (" + e.what() + ")");
    }
}

}  // namespace nnplay
