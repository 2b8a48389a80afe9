// The .nnp model file: magic "NNPM", u32 version, u32 metadata length, metadata JSON (model config,
// loss, metrics, preprocessing kind, data description), u64 parameter count, float32 parameters,
// u32 preprocessing length, its offsets and scales (float32), and a CRC-32 of everything before it.
// Version 2 adds, before the CRC, the training state: u32 JSON length (0: none) and its JSON, then
// u64 count and float32 optimizer values, u64 count and u32 training-row order. Version 3 adds, after the
// metadata, the int8 kernels of a quantized model: u32 count, then per kernel u32 layer index (increasing),
// float32 input scale, float32 scale per output, int8 weights (output by output: the kernel transposed);
// the float parameters then leave those kernels out. Versions 1 and 2 still load.
// Little-endian throughout (x86-64 and WebAssembly both are).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "nnplay/model/model.hpp"
#include "nnplay/train/loss.hpp"
#include "nnplay/train/metrics.hpp"
#include "nnplay/train/trainer.hpp"

namespace nnplay {

inline constexpr std::uint32_t kModelFileVersion = 3;

struct SavedModel {
    std::unique_ptr<Model> model;
    LossKind loss = LossKind::categorical_crossentropy;
    std::vector<Metric> metrics;
    json info;  // what the trainer knew about the data: task, classes, features, target, input_shape
    std::optional<TrainingState> training;  // where training stood (absent in version 1 files)
};

// With `training`, a loaded model continues training where this one stood.
std::vector<std::uint8_t> save_model(const Model& model, LossKind loss, const std::vector<Metric>& metrics,
                                     const json& info, const TrainingState* training = nullptr);
// `name` is used in errors. A truncated, edited or foreign file is refused with the reason.
SavedModel load_model(std::span<const std::uint8_t> bytes, const std::string& name);

std::uint32_t crc32(std::span<const std::uint8_t> bytes);

}  // namespace nnplay
