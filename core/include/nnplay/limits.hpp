// The spec's numeric limits, defined once: the spec parser, the Trainer's setters, the binding and the
// CLI check against these, and choices() hands them to the page's editor.
#pragma once
#include <cstdint>

namespace nnplay::limits {

inline constexpr int kMaxEpochs = 100000;                 // train.epochs, and the live epochs setting
inline constexpr std::int64_t kMaxBatchSize = 1 << 20;    // train.batch_size
inline constexpr std::int64_t kMaxUnits = 1 << 24;        // a dense layer's units
inline constexpr std::int64_t kMaxFilters = 1 << 16;      // a conv2d layer's filters
inline constexpr std::int64_t kMaxInputSide = 1 << 24;    // each size of model.input
inline constexpr double kMaxLearningRate = 1e3;           // learning rates lie in (0, kMaxLearningRate]
inline constexpr double kMaxSplit = 0.9;                  // train.validation_split and train.test_split
inline constexpr double kMaxDropoutRate = 0.95;           // a dropout layer's rate
inline constexpr std::int64_t kMaxSeed = 1ll << 53;       // seeds stay exact as JavaScript numbers
inline constexpr int kMaxPatience = kMaxEpochs;           // early stopping's patience and start_from_epoch

}  // namespace nnplay::limits
