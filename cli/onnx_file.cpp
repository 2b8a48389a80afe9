#include "onnx_file.hpp"

#include <google/protobuf/util/json_util.h>
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>

#include "nnplay/error.hpp"

namespace nnplay::cli {

namespace {
std::string check(const onnx::ModelProto& proto) {
    try {
        onnx::checker::check_model(proto);
        return "";
    } catch (const std::exception& e) {  // onnx::checker::ValidationError
        return e.what();
    }
}
}  // namespace

std::vector<std::uint8_t> onnx_binary(const json& model) {
    onnx::ModelProto proto;
    const auto status = google::protobuf::util::JsonStringToMessage(model.dump(), &proto);
    if (!status.ok()) throw Error("ONNX export: the model does not fit ONNX's schema: " + std::string(status.message()));
    if (const std::string problem = check(proto); !problem.empty()) throw Error("ONNX export: the ONNX checker refuses it: " + problem);
    std::string bytes;
    if (!proto.SerializeToString(&bytes)) throw Error("ONNX export: the model is too large for one protobuf message (2 GiB)");
    return {bytes.begin(), bytes.end()};
}

json onnx_json(const std::vector<std::uint8_t>& bytes, const std::string& name) {
    onnx::ModelProto proto;
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX) || !proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        throw Error(name + ": not an ONNX file (its bytes are not a protobuf ModelProto: truncated or of another format)");
    std::string text;
    const auto status = google::protobuf::util::MessageToJsonString(proto, &text);
    if (!status.ok()) throw Error(name + ": the ONNX model cannot be read: " + std::string(status.message()));
    return json::parse(text);
}

std::string onnx_check(const std::vector<std::uint8_t>& bytes) {
    onnx::ModelProto proto;
    if (!proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return "not a valid ONNX protobuf message";
    return check(proto);
}

}  // namespace nnplay::cli
