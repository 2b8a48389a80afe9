#include "nnplay/data/idx.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "nnplay/error.hpp"

namespace nnplay {

namespace {
std::uint32_t be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

int element_size(std::uint8_t type) {
    switch (type) {
        case 0x08: case 0x09: return 1;  // unsigned / signed byte
        case 0x0B: return 2;             // short
        case 0x0C: case 0x0D: return 4;  // int, float
        case 0x0E: return 8;             // double
        default: return 0;
    }
}

float element(std::uint8_t type, const std::uint8_t* p) {
    switch (type) {
        case 0x08: return p[0];
        case 0x09: return static_cast<std::int8_t>(p[0]);
        case 0x0B: return static_cast<std::int16_t>((p[0] << 8) | p[1]);
        case 0x0C: return static_cast<float>(static_cast<std::int32_t>(be32(p)));
        case 0x0D: {
            const std::uint32_t bits = be32(p);
            float f;
            std::memcpy(&f, &bits, 4);
            return f;
        }
        default: {
            const std::uint64_t bits = (std::uint64_t{be32(p)} << 32) | be32(p + 4);
            double d;
            std::memcpy(&d, &bits, 8);
            return static_cast<float>(d);
        }
    }
}
}  // namespace

IdxArray parse_idx(std::span<const std::uint8_t> bytes, const std::string& name) {
    if (bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        throw Error("idx.gzipped", name + ": the file is gzip-compressed; decompress it first (gunzip)");
    if (bytes.size() < 4) throw Error("idx.truncated", name + ": too short for an IDX file (" + std::to_string(bytes.size()) + " bytes)");
    if (bytes[0] != 0 || bytes[1] != 0)
        throw Error("idx.bad_magic", name + ": not an IDX file (the magic number must start with two zero bytes)");
    const std::uint8_t type = bytes[2];
    const int esize = element_size(type);
    if (esize == 0) {
        char hex[8];  // in hex, as the IDX description lists the types (0x08 ... 0x0E)
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(type));
        throw Error("idx.bad_header", name + ": unknown IDX element type " + hex + " at byte 2");
    }
    const int rank = bytes[3];
    if (rank < 1 || rank > 4) throw Error("idx.bad_header", name + ": IDX rank " + std::to_string(rank) + " at byte 3 is not between 1 and 4");
    const std::size_t header = 4 + 4 * static_cast<std::size_t>(rank);
    if (bytes.size() < header)
        throw Error("idx.truncated", name + ": truncated header: " + std::to_string(rank) + " dimensions need " + std::to_string(header) +
                    " bytes, the file has " + std::to_string(bytes.size()));
    IdxArray out;
    std::uint64_t count = 1;
    for (int i = 0; i < rank; ++i) {
        const std::uint32_t d = be32(bytes.data() + 4 + 4 * i);
        if (d == 0) throw Error("idx.bad_header", name + ": dimension " + std::to_string(i) + " is 0");
        out.dims.push_back(d);
        count *= d;  // at most 4 factors below 2^32 each: checked against the size below before use
        if (count > bytes.size()) break;
    }
    const std::uint64_t need = header + count * static_cast<std::uint64_t>(esize);
    if (count > bytes.size() || need != bytes.size()) {
        std::string dims;
        for (std::size_t i = 0; i < out.dims.size(); ++i) {
            if (i) dims += 'x';
            dims += std::to_string(out.dims[i]);
        }
        throw Error("idx.size_mismatch", name + ": the header promises " + dims + " values (" +
                    (count > bytes.size() ? std::string("more than the file holds") : std::to_string(need) + " bytes") +
                    ") but the file has " + std::to_string(bytes.size()) + " bytes" +
                    (need > bytes.size() || count > bytes.size() ? " (truncated?)" : " (trailing data?)"));
    }
    out.values.resize(static_cast<Index>(out.dims[0]), static_cast<Index>(count / static_cast<std::uint64_t>(out.dims[0])));
    float* v = out.values.data();
    const std::uint8_t* p = bytes.data() + header;
    if (type == 0x08) {
        for (std::uint64_t i = 0; i < count; ++i) v[i] = p[i];
    } else {
        for (std::uint64_t i = 0; i < count; ++i) {
            v[i] = element(type, p + i * esize);
            if (!std::isfinite(v[i]))
                throw Error("idx.not_finite", name + ": value " + std::to_string(i) + " (byte " + std::to_string(header + i * esize) +
                            ") is not a finite number");
        }
    }
    return out;
}

Dataset dataset_from_idx(IdxArray images, const IdxArray& labels, const std::string& images_name,
                         const std::string& labels_name) {
    if (images.dims.size() < 2)
        throw Error("idx.labels_mismatch", images_name + ": images need at least 2 dimensions (count x features), found " +
                    std::to_string(images.dims.size()));
    if (labels.dims.size() != 1)
        throw Error("idx.labels_mismatch", labels_name + ": labels must have 1 dimension, found " + std::to_string(labels.dims.size()));
    if (labels.dims[0] != images.dims[0])
        throw Error("idx.labels_mismatch", labels_name + " has " + std::to_string(labels.dims[0]) + " labels but " + images_name + " has " +
                    std::to_string(images.dims[0]) + " images");
    Dataset ds;
    const Index n = images.dims[0];
    for (std::size_t i = 1; i < images.dims.size(); ++i) ds.shape.push_back(images.dims[i]);
    if (ds.shape.size() == 2) ds.shape.push_back(1);  // H x W -> H x W x 1 (channels last)
    ds.x = std::move(images.values);  // parse_idx laid it out as n rows of one image each
    ds.y.resize(n, 1);
    for (Index i = 0; i < n; ++i) {
        const float v = labels.values(i, 0);
        if (v < 0 || v != std::floor(v) || v > 65535)
            throw Error("data.not_classes", labels_name + ": label " + std::to_string(i) + " is " + std::to_string(v) + ", not a class number");
        ds.y(i, 0) = v;
    }
    return ds;
}

}  // namespace nnplay
