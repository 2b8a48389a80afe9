#include "images.hpp"

#include <zip.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "files.hpp"
#include "nnplay/error.hpp"
#include "nnplay/model/model.hpp"

namespace nnplay::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxEntries = 1'000'000;

std::vector<std::string> components(const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        if (end > start) out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

// macOS' resource forks (__MACOSX/, ._x) and hidden files (.DS_Store, .git/) are not data.
bool ignored(const std::vector<std::string>& parts) {
    return std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p[0] == '.' || p == "__MACOSX"; });
}

// One file or folder of the source, by its path below the root.
struct Entry {
    std::vector<std::string> parts;
    bool folder;
    std::uint64_t index;  // the zip entry, or the position in the directory listing
};

// Class folders may sit inside one top folder (a zip of "pets/" holding "cats/" and "dogs/"): look inside it.
void strip_single_top(std::vector<Entry>& entries) {
    while (true) {
        std::string top;
        bool nested = false;
        for (const Entry& e : entries) {
            if (e.parts.size() == 1 && !e.folder) return;  // a file at the root
            if (!top.empty() && e.parts[0] != top) return;
            top = e.parts[0];
            nested = nested || e.parts.size() > 2 || (e.parts.size() == 2 && e.folder);
        }
        if (top.empty() || !nested) return;
        std::vector<Entry> inner;
        for (Entry& e : entries)
            if (e.parts.size() > 1) inner.push_back({{e.parts.begin() + 1, e.parts.end()}, e.folder, e.index});
        entries = std::move(inner);
    }
}

// Entries into image files; `read(entry)` gives a file's bytes.
template <class Read>
std::vector<ImageFile> to_image_files(std::vector<Entry> entries, Read&& read) {
    strip_single_top(entries);
    std::vector<ImageFile> files;
    for (const Entry& e : entries) {
        std::string rel = e.parts[0];
        for (std::size_t i = 1; i < e.parts.size(); ++i) rel += "/" + e.parts[i];
        if (e.folder) {
            if (e.parts.size() == 1) files.push_back({rel, "", {}});  // the class exists, even if empty
        } else {
            files.push_back({e.parts.size() > 1 ? e.parts[0] : "", rel, read(e)});
        }
    }
    return files;
}

std::string too_big(const std::string& name, std::uint64_t bytes, std::uint64_t budget) {
    return name + ": " + human_bytes(static_cast<double>(bytes)) + " of files is over the memory budget of " +
           human_bytes(static_cast<double>(budget));
}

std::vector<ImageFile> read_image_dir(const std::string& root, std::uint64_t budget) {
    std::vector<Entry> entries;
    std::vector<fs::path> paths;
    std::uint64_t total = 0;
    std::error_code ec;
    fs::recursive_directory_iterator it(root, ec), end;
    if (ec) throw Error(root + ": cannot read the folder (" + ec.message() + ")");
    for (; it != end; it.increment(ec)) {
        if (ec) throw Error(root + ": cannot read the folder (" + ec.message() + ")");
        const auto parts = components(fs::relative(it->path(), root).generic_string());
        if (ignored(parts)) {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        const bool folder = it->is_directory();
        if (!folder && !it->is_regular_file()) continue;
        if (!folder && (total += it->file_size()) > budget) throw Error("image.too_large", too_big(base_name(root), total, budget));
        if (entries.size() >= kMaxEntries) throw Error(root + ": more than " + std::to_string(kMaxEntries) + " files");
        entries.push_back({parts, folder, paths.size()});
        paths.push_back(it->path());
    }
    return to_image_files(std::move(entries), [&](const Entry& e) { return read_file(paths[e.index].string(), budget); });
}

struct ZipCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
    void operator()(zip_file_t* f) const { zip_fclose(f); }
};

}  // namespace

bool is_image_source(const std::string& path) {
    if (fs::is_directory(path)) return true;
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".zip";
}

std::vector<ImageFile> read_image_zip(const std::vector<std::uint8_t>& bytes, const std::string& name, std::uint64_t budget) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    std::unique_ptr<zip_t, ZipCloser> zip(source ? zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error) : nullptr);
    if (!zip) {
        zip_source_free(source);  // an opened zip owns its source; a failed open leaves it to us
        const std::string why = zip_error_strerror(&error);
        zip_error_fini(&error);
        throw Error("zip.broken", name + ": not a readable zip file (" + why + ")");
    }
    zip_error_fini(&error);

    const zip_int64_t count = zip_get_num_entries(zip.get(), 0);
    if (count < 0 || static_cast<std::uint64_t>(count) > kMaxEntries)
        throw Error("zip.too_large", name + ": " + std::to_string(count) + " entries is more than the " + std::to_string(kMaxEntries) + " allowed");
    // Every entry's declared size is checked against the budget before anything is extracted (a zip bomb
    // declares little or lies: reading stops at the declared size, and libzip checks each entry's CRC).
    std::vector<Entry> entries;
    std::vector<std::uint64_t> sizes(static_cast<std::size_t>(count));
    std::uint64_t total = 0;
    for (zip_int64_t i = 0; i < count; ++i) {
        zip_stat_t st;
        if (zip_stat_index(zip.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) ||
            !(st.valid & ZIP_STAT_SIZE))
            throw Error("zip.broken", name + ": entry " + std::to_string(i) + " is unreadable (" + zip_strerror(zip.get()) + ")");
        std::string path = st.name;
        std::replace(path.begin(), path.end(), '\\', '/');
        const auto parts = components(path);
        const bool outside = path[0] == '/' || (path.size() > 1 && path[1] == ':') ||
                             std::find(parts.begin(), parts.end(), "..") != parts.end();
        if (outside) throw Error("zip.unsafe_path", name + ": entry '" + st.name + "' points outside the zip's folder; the zip is refused");
        if (parts.empty() || ignored(parts)) continue;
        total += st.size;
        if (total > budget) throw Error("zip.too_large", too_big(name, total, budget) + " (as its entries declare, up to '" + st.name + "')");
        sizes[static_cast<std::size_t>(i)] = st.size;
        entries.push_back({parts, path.back() == '/', static_cast<std::uint64_t>(i)});
    }
    return to_image_files(std::move(entries), [&](const Entry& e) {
        std::unique_ptr<zip_file_t, ZipFileCloser> f(zip_fopen_index(zip.get(), e.index, 0));
        const std::string entry = zip_get_name(zip.get(), e.index, 0);
        if (!f) throw Error("zip.broken", name + ": cannot extract '" + entry + "' (" + zip_strerror(zip.get()) + ")");
        std::vector<std::uint8_t> data(sizes[e.index]);
        std::uint64_t got = 0;
        while (got < data.size()) {
            const zip_int64_t n = zip_fread(f.get(), data.data() + got, data.size() - got);
            if (n < 0) throw Error("zip.broken", name + ": cannot extract '" + entry + "' (" + zip_file_strerror(f.get()) + ")");
            if (n == 0) break;
            got += static_cast<std::uint64_t>(n);
        }
        if (got != data.size())
            throw Error("zip.broken", name + ": '" + entry + "' holds " + std::to_string(got) + " bytes, its header declares " +
                        std::to_string(data.size()) + " (corrupt zip)");
        return data;
    });
}

std::vector<ImageFile> read_image_source(const std::string& path, std::uint64_t budget) {
    if (fs::is_directory(path)) return read_image_dir(path, budget);
    return read_image_zip(read_file(path, budget), base_name(path), budget);
}

Dataset load_images(const std::string& path, const ImageOptions& options) {
    json report;
    Dataset ds = dataset_from_images(read_image_source(path, kDefaultMemoryBudget), options, base_name(path),
                                     kDefaultMemoryBudget, &report);
    for (const auto& note : report["notes"]) std::fprintf(stderr, "%s: %s\n", base_name(path).c_str(), note.get<std::string>().c_str());
    return ds;
}

int inspect_images_command(const std::string& path, bool as_json) {
    const std::string name = base_name(path);
    const json r = inspect_images(read_image_source(path, kDefaultMemoryBudget), {}, name, kDefaultMemoryBudget);
    if (as_json) {
        std::cout << r.dump() << std::endl;
        return 0;
    }
    const auto& chosen = r["chosen"];
    std::printf("%s: %d images in %zu classes; each becomes %dx%d with %d channel%s\n", name.c_str(), r["images"].get<int>(),
                r["classes"].size(), chosen["height"].get<int>(), chosen["width"].get<int>(), chosen["channels"].get<int>(),
                chosen["channels"] == 1 ? "" : "s");
    std::printf("\n%-24s %8s\n", "class", "images");
    for (const auto& c : r["per_class"]) std::printf("%-24s %8d\n", c["name"].get<std::string>().c_str(), c["images"].get<int>());
    std::printf("\nsizes found (width x height):");
    for (const auto& s : r["sizes"])
        std::printf(" %dx%d (%d)", s["width"].get<int>(), s["height"].get<int>(), s["count"].get<int>());
    std::printf("\n");
    if (!r["skipped"].empty()) std::printf("\nskipped:\n");
    for (const auto& s : r["skipped"])
        std::printf("  %s: %s\n", s["file"].get<std::string>().c_str(), s["reason"].get<std::string>().c_str());
    if (!r["notes"].empty()) std::printf("\nnotes:\n");
    for (const auto& n : r["notes"]) std::printf("  %s\n", n.get<std::string>().c_str());
    return 0;
}

}  // namespace nnplay::cli
