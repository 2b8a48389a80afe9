// Folders of images (one folder per class) into a dataset: decoded with stb_image (PNG, JPEG),
// converted to grayscale or RGB and resized to one size with stb_image_resize. Integer decoders, no SIMD
// and a float resize without FMA contraction: the same bytes give the same pixels natively and in wasm.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/data/dataset.hpp"
#include "nnplay/io/fields.hpp"

namespace nnplay {

// One file of a class folder. An entry with an empty `name` only says the folder `label` exists
// (an empty folder is noted in the report).
struct ImageFile {
    std::string label;  // the class: the folder's name
    std::string name;   // for messages, e.g. "cats/1.png"
    std::vector<std::uint8_t> bytes;
};

// Refused before decoding: a side over this many pixels.
inline constexpr int kMaxImageSide = 8192;
// A chosen or given size is at most this per side; the default from the data is capped at 64.
inline constexpr int kMaxImageSize = 512;
inline constexpr int kDefaultImageCap = 64;

inline constexpr std::string_view kColors[] = {"auto", "grayscale", "rgb"};

struct ImageOptions {
    std::string color = "auto";  // "grayscale", "rgb" or "auto" (rgb if any image has colour)
    int height = 0, width = 0;   // 0: from the data (the most common size, capped at 64x64)

    // From a spec's "data" object: {"color": ..., "image_size": [H, W]}; other keys are left to the spec parser.
    static ImageOptions from_json(const json& data);
};

// The data report (see the contract in the brief): per-class counts, sizes and channels found, the size
// chosen, the skipped files and why, notes; plus "pixels_fnv1a", a checksum of the decoded pixels in
// row order (the native == wasm check). Never throws for bad files: a refusal is in "notes".
json inspect_images(const std::vector<ImageFile>& files, const ImageOptions& options, const std::string& name,
                    std::uint64_t budget);

// x: one row per usable image, 0..255 in HWC order; y: the class index; class_names: the labels with at
// least one usable image, sorted. Rows are sorted by (label, name), whatever order `files` come in.
// Throws naming `name` when no image is usable, when fewer than two classes have one, or when the pixels
// would not fit `budget` bytes (checked before allocating). `report`, if given, receives inspect_images' report.
Dataset dataset_from_images(const std::vector<ImageFile>& files, const ImageOptions& options, const std::string& name,
                            std::uint64_t budget, json* report = nullptr);

// One image decoded and resized as dataset_from_images does, to height x width x channels (1: grayscale, 3: RGB):
// 0..255 in HWC order, a row for a model trained on such images. Throws naming `name` when it cannot be read.
std::vector<float> image_pixels(const std::vector<std::uint8_t>& bytes, int height, int width, int channels,
                                const std::string& name);

}  // namespace nnplay
