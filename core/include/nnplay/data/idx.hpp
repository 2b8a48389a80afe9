// The IDX format (MNIST's): magic 0x0000 <type> <rank>, big-endian u32 dimensions, then the values.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "nnplay/data/dataset.hpp"

namespace nnplay {

struct IdxArray {
    std::vector<std::int64_t> dims;
    Mat values;  // dims[0] rows of the remaining dimensions' values, converted from the file's element type
};

// `name` is used in errors ("train-images.idx: ..."). Every header field is checked against the
// byte count before anything is allocated.
IdxArray parse_idx(std::span<const std::uint8_t> bytes, const std::string& name);

// Images (N x H x W or N x H x W x C) and labels (N) into a dataset with one class index per row.
// The images' values move into the dataset: MNIST is 188 MB as floats, and a copy would double it.
Dataset dataset_from_idx(IdxArray images, const IdxArray& labels, const std::string& images_name,
                         const std::string& labels_name);

}  // namespace nnplay
