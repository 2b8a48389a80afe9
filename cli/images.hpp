// Folders of images for the native fronts: a directory or a .zip with one subfolder per class (possibly
// inside one top folder) read into the core's ImageFile list. Hidden files and __MACOSX are ignored.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "nnplay/data/images.hpp"

namespace nnplay::cli {

// A directory, or a file named *.zip.
bool is_image_source(const std::string& path);

// Refuses a source over `budget` bytes in all, before reading (a zip: by its declared sizes, before
// extracting), and a zip that is corrupt or has a path outside its root ("..", absolute), naming the entry.
std::vector<ImageFile> read_image_source(const std::string& path, std::uint64_t budget);
std::vector<ImageFile> read_image_zip(const std::vector<std::uint8_t>& zip, const std::string& name, std::uint64_t budget);

// The dataset of a directory or zip, with the spec's data options; notes go to stderr.
Dataset load_images(const std::string& path, const ImageOptions& options);

// `nnplay inspect DIR_OR_ZIP [--json]`: the data report, as text or as one JSON object. Returns the exit code.
int inspect_images_command(const std::string& path, bool json);

}  // namespace nnplay::cli
