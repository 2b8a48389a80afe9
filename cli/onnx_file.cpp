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

std::string onnx_check(const std::vector<std::uint8_t>& bytes) {
    onnx::ModelProto proto;
    if (!proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return "not a valid ONNX protobuf message";
    return check(proto);
}

}  // namespace nnplay::cli
