// The .nnp model file: magic "NNPM", u32 version, u32 metadata length, metadata JSON (model config,
// loss, metrics, preprocessing kind, data description), u64 parameter count, float32 parameters,
// u32 preprocessing length, its offsets and scales (float32), and a CRC-32 of everything before it.
// Little-endian throughout (x86-64 and WebAssembly both are).
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "nnplay/model/model.hpp"
#include "nnplay/train/loss.hpp"
#include "nnplay/train/metrics.hpp"

namespace nnplay {

inline constexpr std::uint32_t kModelFileVersion = 1;

struct SavedModel {
    std::unique_ptr<Model> model;
    LossKind loss = LossKind::categorical_crossentropy;
    std::vector<Metric> metrics;
    json info;  // what the trainer knew about the data: task, classes, features, target, input_shape
};

std::vector<std::uint8_t> save_model(const Model& model, LossKind loss, const std::vector<Metric>& metrics,
                                     const json& info);
// `name` is used in errors. A truncated, edited or foreign file is refused with the reason.
SavedModel load_model(std::span<const std::uint8_t> bytes, const std::string& name);

std::uint32_t crc32(std::span<const std::uint8_t> bytes);

}  // namespace nnplay
