// ONNX files for the CLI through libprotobuf and Debian's libonnx: the core's ModelProto JSON to the binary
// (and back), checked by onnx::checker.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "nnplay/io/fields.hpp"

namespace nnplay::cli {

// Canonical-JSON ModelProto -> checked binary .onnx. Throws Error with the parser's or checker's message.
std::vector<std::uint8_t> onnx_binary(const json& model);
// A binary .onnx file -> the same canonical JSON, for the core's reader. `name` is used in errors.
json onnx_json(const std::vector<std::uint8_t>& bytes, const std::string& name);
// The checker's verdict on a binary file: empty when valid, else its message.
std::string onnx_check(const std::vector<std::uint8_t>& bytes);

}  // namespace nnplay::cli
