#include "nnplay/data/images.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <set>

#include "nnplay/error.hpp"
#include "nnplay/io/choices.hpp"
#include "nnplay/model/model.hpp"
#include "nnplay/random.hpp"

// stb's implementations live here and nowhere else. PNG and JPEG only (integer decoders; the fewer
// formats, the less of stb a hostile file can reach), and no SIMD: stb's SSE2 JPEG path exists natively
// but not in wasm, and the two must give the same pixels.
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_NO_SIMD
// Zeroed allocations: a corrupt JPEG can make stb read memory it never wrote (a quantisation table the file
// never defines; found by tests/fuzz/fuzz_images), which would give different pixels run to run and
// between native and wasm.
#define STBI_MALLOC(size) std::calloc(1, size)
#define STBI_REALLOC(p, size) std::realloc(p, size)
#define STBI_FREE(p) std::free(p)
#define STBIR_MALLOC(size, context) ((void)(context), std::calloc(1, size))
#define STBIR_FREE(p, context) ((void)(context), std::free(p))
#define STBI_NO_STDIO
#define STBI_NO_HDR
#define STBI_NO_LINEAR
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_RESIZE_STATIC
#define STB_IMAGE_RESIZE_IMPLEMENTATION
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>
#pragma GCC diagnostic pop

namespace nnplay {

ImageOptions ImageOptions::from_json(const json& data) {
    ImageOptions o;
    if (!data.is_object()) return o;
    if (data.contains("color")) {
        const json& c = data["color"];
        if (!c.is_string()) throw Error("spec.wrong_type", "data.color: expected one of " + join_names(kColors) + ", found " + c.dump());
        o.color = choose(c.get<std::string>(), kColors, "data.color");
    }
    if (data.contains("image_size")) {
        const json& s = data["image_size"];
        const auto side = [](const json& v) {
            return v.is_number_integer() && v.get<std::int64_t>() >= 1 && v.get<std::int64_t>() <= kMaxImageSize;
        };
        if (!s.is_array() || s.size() != 2 || !side(s[0]) || !side(s[1]))
            throw Error("spec.wrong_type", "data.image_size: expected [height, width], whole numbers from 1 to " +
                        std::to_string(kMaxImageSize) + ", found " + s.dump());
        o.height = s[0].get<int>();
        o.width = s[1].get<int>();
    }
    return o;
}

namespace {

struct Candidate {  // a file whose header passed
    const ImageFile* file;
    int width, height, channels;  // channels in the file: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA
    bool decoded = false;
};

// The header pass: what is in the files, what size and channels to use, and the memory that needs.
struct Plan {
    std::vector<std::string> folders;  // every label seen, sorted
    std::vector<Candidate> candidates;  // in (label, name) order
    json skipped = json::array();
    int height = 0, width = 0, channels = 0;
};

// Debian's stb_image 2.27 writes past a Huffman table when a JPEG's DHT segment declares more than 256
// codes (fixed upstream in 2.28; found by tests/fuzz/fuzz_images). This walks the file as stb does (segments
// by their length, entropy-coded data up to the next marker) and checks every DHT stb could read; it may
// look at more places than stb, never fewer.
bool jpeg_tables_fit(const std::vector<std::uint8_t>& b) {
    const std::size_t n = b.size();
    if (n < 2 || b[0] != 0xFF) return true;  // not a JPEG (stb takes FF fill bytes before the FF D8 start)
    const auto at = [&](std::size_t i) -> unsigned { return i < n ? b[i] : 0; };  // stb reads zeros past the end
    std::size_t i = 0;
    while (i < n) {
        if (b[i] != 0xFF) {  // stb skips bytes between segments
            ++i;
            continue;
        }
        while (i < n && b[i] == 0xFF) ++i;  // fill bytes
        if (i >= n) break;
        const unsigned marker = b[i++];
        if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9)) continue;  // no length field
        const std::size_t length = (at(i) << 8) | at(i + 1);
        if (marker == 0xC4) {
            std::size_t p = i + 2;
            for (long left = static_cast<long>(length) - 2; left > 0 && p < n;) {
                const unsigned q = at(p++);
                if ((q >> 4) > 1 || (q & 15) > 3) break;  // stb refuses this table
                std::size_t codes = 0;
                for (int k = 0; k < 16; ++k) codes += at(p++);
                if (codes > 256) return false;
                p += codes;
                left -= 17 + static_cast<long>(codes);
            }
        }
        i += std::max<std::size_t>(length, 2);
        if (marker == 0xDA)  // a scan: entropy-coded data up to the next marker (FF 00 is a stuffed byte, FF Dx a restart)
            while (i + 1 < n && !(b[i] == 0xFF && b[i + 1] != 0x00 && b[i + 1] != 0xFF && (b[i + 1] < 0xD0 || b[i + 1] > 0xD7))) ++i;
    }
    return true;
}

// stb_image reserves a PNG's image data at the length its chunk declares before it reads the chunk: a few
// bytes claiming 2 GB made it allocate 2 GB (found by tests/fuzz/fuzz_images). This walks the chunks as stb
// does, up to IEND, and checks that each one's data is in the file.
bool png_chunks_fit(const std::vector<std::uint8_t>& b) {
    static constexpr std::uint8_t kSignature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (b.size() < 8 || !std::equal(std::begin(kSignature), std::end(kSignature), b.begin())) return true;  // not a PNG
    for (std::size_t i = 8; i + 8 <= b.size();) {
        const std::uint64_t length = (std::uint64_t{b[i]} << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3];
        if (length > b.size() - i - 8) return false;  // after the length and type fields
        if (std::equal(b.begin() + static_cast<long>(i) + 4, b.begin() + static_cast<long>(i) + 8, "IEND")) break;
        i += 12 + length;  // length, type, data, CRC
    }
    return true;
}

std::string pixel_text(std::uint64_t bytes) { return human_bytes(static_cast<double>(bytes)); }

void skip(Plan& plan, const ImageFile& f, const std::string& reason) {
    plan.skipped.push_back({{"file", f.name}, {"reason", reason}});
}

// Longest side at most `cap`, the aspect ratio kept (a square stays square).
std::pair<int, int> capped(int h, int w, int cap) {
    if (std::max(h, w) <= cap) return {h, w};
    const double scale = static_cast<double>(cap) / std::max(h, w);
    return {std::max(1, static_cast<int>(std::lround(h * scale))), std::max(1, static_cast<int>(std::lround(w * scale)))};
}

Plan plan_images(const std::vector<ImageFile>& files, const ImageOptions& options, std::uint64_t budget) {
    Plan plan;
    std::vector<const ImageFile*> sorted;
    for (const auto& f : files) sorted.push_back(&f);
    std::sort(sorted.begin(), sorted.end(), [](const ImageFile* a, const ImageFile* b) {
        return std::tie(a->label, a->name) < std::tie(b->label, b->name);
    });
    std::set<std::string> folders;
    std::map<std::pair<int, int>, int> sizes;
    bool colour = false;
    for (const ImageFile* f : sorted) {
        if (f->label.empty()) {
            if (!f->name.empty()) skip(plan, *f, "not inside a class folder");
            continue;
        }
        folders.insert(f->label);
        if (f->name.empty()) continue;  // the folder itself
        if (f->bytes.empty()) {
            skip(plan, *f, "empty file");
            continue;
        }
        if (f->bytes.size() > INT_MAX) {
            skip(plan, *f, "file over 2 GB");
            continue;
        }
        if (!jpeg_tables_fit(f->bytes)) {
            skip(plan, *f, "corrupt JPEG (a Huffman table declares more than 256 codes)");
            continue;
        }
        if (!png_chunks_fit(f->bytes)) {
            skip(plan, *f, "cannot be decoded (a PNG chunk runs past the end of the file): corrupt or truncated?");
            continue;
        }
        int w = 0, h = 0, c = 0;
        if (!stbi_info_from_memory(f->bytes.data(), static_cast<int>(f->bytes.size()), &w, &h, &c)) {
            skip(plan, *f, std::string("not a PNG or JPEG image (") + stbi_failure_reason() + ")");
            continue;
        }
        const std::uint64_t decoded = std::uint64_t(w) * std::uint64_t(h) * 4;
        if (w < 1 || h < 1 || w > kMaxImageSide || h > kMaxImageSide || decoded > budget) {
            skip(plan, *f, std::to_string(w) + "x" + std::to_string(h) + " pixels is too large: at most " +
                               std::to_string(kMaxImageSide) + " per side and " + pixel_text(budget) +
                               " decoded (this one needs " + pixel_text(decoded) + ")");
            continue;
        }
        plan.candidates.push_back({f, w, h, c});
        ++sizes[{h, w}];
        colour = colour || c >= 3;
    }
    plan.folders.assign(folders.begin(), folders.end());
    plan.channels = options.color == "rgb" ? 3 : options.color == "grayscale" ? 1 : colour ? 3 : 1;
    if (options.height > 0) {
        plan.height = options.height;
        plan.width = options.width;
    } else if (!sizes.empty()) {
        // The most common size; ties go to the larger image (std::map iterates sizes in ascending order).
        auto best = sizes.begin();
        for (auto it = sizes.begin(); it != sizes.end(); ++it)
            if (it->second >= best->second) best = it;
        std::tie(plan.height, plan.width) = capped(best->first.first, best->first.second, kDefaultImageCap);
    }
    return plan;
}

// The decode pass: every candidate decoded to plan.channels and resized to the plan's size;
// `sink(candidate index, pixels)` gets each usable image in order, which is marked `decoded`.
template <class Sink>
void decode_all(Plan& plan, Sink&& sink) {
    const int h = plan.height, w = plan.width, c = plan.channels;
    std::vector<std::uint8_t> resized(static_cast<std::size_t>(h) * w * c);
    for (std::size_t i = 0; i < plan.candidates.size(); ++i) {
        Candidate& cand = plan.candidates[i];
        const ImageFile& f = *cand.file;
        int fw = 0, fh = 0, fc = 0;
        std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
            stbi_load_from_memory(f.bytes.data(), static_cast<int>(f.bytes.size()), &fw, &fh, &fc, c), stbi_image_free);
        if (!pixels) {
            skip(plan, f, std::string("cannot be decoded (") + stbi_failure_reason() + "): corrupt or truncated?");
            continue;
        }
        const stbi_uc* out = pixels.get();
        if (fw != w || fh != h) {
            // Area average when shrinking, bilinear when growing; the resize's float maths is plain IEEE
            // (no FMA is contracted here: see CMakeLists.txt), so wasm and native round alike.
            const stbir_filter filter = w <= fw && h <= fh ? STBIR_FILTER_BOX : STBIR_FILTER_TRIANGLE;
            if (!stbir_resize_uint8_generic(pixels.get(), fw, fh, 0, resized.data(), w, h, 0, c, STBIR_ALPHA_CHANNEL_NONE,
                                            0, STBIR_EDGE_CLAMP, filter, STBIR_COLORSPACE_LINEAR, nullptr))
                throw std::bad_alloc();  // stb_image_resize fails only when its buffers cannot be allocated
            out = resized.data();
        }
        sink(i, out);
        cand.decoded = true;
    }
}

std::uint64_t fnv1a(std::uint64_t hash, const std::uint8_t* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) hash = (hash ^ p[i]) * 0x100000001b3ull;
    return hash;
}

std::string plural(std::size_t n, const std::string& word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

// The report, and in `refusal` why the images cannot train a classifier (none if they can).
json make_report(const Plan& plan, const std::string& name, std::uint64_t hash, std::optional<Error>& refusal) {
    std::map<std::string, std::size_t> per_class;
    std::size_t images = 0;
    for (const auto& folder : plan.folders) per_class[folder] = 0;
    for (const Candidate& c : plan.candidates) per_class[c.file->label] += c.decoded, images += c.decoded;
    json classes = json::array(), counts = json::array(), notes = json::array();
    for (const auto& [folder, n] : per_class) {
        counts.push_back({{"name", folder}, {"images", n}});
        if (n > 0) classes.push_back(folder);
        else notes.push_back("class folder '" + folder + "' has no usable image: left out");
    }
    std::map<std::pair<int, int>, std::size_t> sizes;
    std::set<int> channels_found;
    bool resized = false, alpha = false;
    for (const Candidate& c : plan.candidates) {
        if (!c.decoded) continue;
        ++sizes[{c.width, c.height}];
        channels_found.insert(c.channels);
        resized = resized || c.width != plan.width || c.height != plan.height;
        alpha = alpha || c.channels == 2 || c.channels == 4;
    }
    json size_list = json::array();
    for (const auto& [wh, n] : sizes) size_list.push_back({{"width", wh.first}, {"height", wh.second}, {"count", n}});
    if (resized) notes.push_back("images resized to " + std::to_string(plan.height) + "x" + std::to_string(plan.width));
    if (plan.channels == 1 && (channels_found.count(3) || channels_found.count(4)))
        notes.push_back("colour images converted to grayscale");
    if (plan.channels == 3 && (channels_found.count(1) || channels_found.count(2)))
        notes.push_back("grayscale images repeated into the three RGB channels");
    if (alpha) notes.push_back("transparency (the alpha channel) is dropped");
    if (!plan.skipped.empty()) notes.push_back(plural(plan.skipped.size(), "file") + " skipped (listed under skipped)");

    if (images == 0)
        refusal = Error("image.no_images",
                        name + ": no usable image" +
                            (plan.skipped.empty() ? std::string(" (give one folder per class holding PNG or JPEG files)")
                                                  : " (" + plural(plan.skipped.size(), "file") + " skipped, the first: " +
                                                        plan.skipped[0]["file"].get<std::string>() + ": " +
                                                        plan.skipped[0]["reason"].get<std::string>() + ")"));
    else if (classes.size() < 2)
        refusal = Error("image.one_class", name + ": only one class ('" + classes[0].get<std::string>() + "', " +
                                               plural(images, "image") + "); a classifier needs at least two class folders, one per class");
    if (refusal) notes.push_back("cannot train: " + std::string(refusal->what()));

    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return {{"kind", "images"},
            {"name", name},
            {"images", images},
            {"classes", classes},
            {"per_class", counts},
            {"sizes", size_list},
            {"channels_found", json(channels_found)},
            {"chosen", {{"height", plan.height}, {"width", plan.width}, {"channels", plan.channels}}},
            {"skipped", plan.skipped},
            {"notes", notes},
            {"pixels_fnv1a", hex}};
}

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ull;

}  // namespace

json inspect_images(const std::vector<ImageFile>& files, const ImageOptions& options, const std::string& name,
                    std::uint64_t budget) {
    Plan plan = plan_images(files, options, budget);
    const std::size_t n = static_cast<std::size_t>(plan.height) * plan.width * plan.channels;
    std::uint64_t hash = kFnvOffset;
    decode_all(plan, [&](std::size_t, const std::uint8_t* p) { hash = fnv1a(hash, p, n); });
    std::optional<Error> refusal;
    return make_report(plan, name, hash, refusal);
}

Dataset dataset_from_images(const std::vector<ImageFile>& files, const ImageOptions& options, const std::string& name,
                            std::uint64_t budget, json* report) {
    Plan plan = plan_images(files, options, budget);
    const std::size_t n = static_cast<std::size_t>(plan.height) * plan.width * plan.channels;
    const std::size_t count = plan.candidates.size();
    const double bytes = 4.0 * static_cast<double>(n) * static_cast<double>(count);
    if (bytes > static_cast<double>(budget))
        throw Error("image.too_large", name + ": " + plural(count, "image") + " of " + std::to_string(plan.height) + "x" +
                    std::to_string(plan.width) + "x" + std::to_string(plan.channels) + " need " + human_bytes(bytes) +
                    ", over the memory budget of " + pixel_text(budget) + "; use fewer or smaller images (data.image_size)");
    // Rows in a fixed shuffled order, not folder by folder: validation_split takes the last rows as they come,
    // which would otherwise all be one class. Image i goes to row slot[i]; the rows of skipped files close up.
    std::vector<std::size_t> slot(count), at_slot(count, count);
    std::iota(slot.begin(), slot.end(), std::size_t{0});
    Rng(0x1a9e5ULL).shuffle(slot);
    Dataset ds;
    ds.x.resize(static_cast<Index>(count), static_cast<Index>(n));
    std::uint64_t hash = kFnvOffset;
    decode_all(plan, [&](std::size_t i, const std::uint8_t* p) {
        hash = fnv1a(hash, p, n);
        float* dst = ds.x.row(static_cast<Index>(slot[i])).data();
        for (std::size_t k = 0; k < n; ++k) dst[k] = p[k];
        at_slot[slot[i]] = i;
    });
    std::optional<Error> refusal;
    json r = make_report(plan, name, hash, refusal);
    if (report) *report = r;
    if (refusal) throw *refusal;

    for (const auto& c : r["classes"]) ds.class_names.push_back(c.get<std::string>());
    std::vector<float> y;
    Index rows = 0;
    for (std::size_t s = 0; s < count; ++s) {
        if (at_slot[s] == count) continue;  // a file that did not decode
        if (static_cast<Index>(s) != rows) ds.x.row(rows) = ds.x.row(static_cast<Index>(s));
        const std::string& label = plan.candidates[at_slot[s]].file->label;
        y.push_back(static_cast<float>(std::lower_bound(ds.class_names.begin(), ds.class_names.end(), label) -
                                       ds.class_names.begin()));
        ++rows;
    }
    ds.x.conservativeResize(rows, static_cast<Index>(n));
    ds.y = Eigen::Map<const Mat>(y.data(), rows, 1);
    ds.shape = {plan.height, plan.width, plan.channels};
    return ds;
}

std::vector<float> image_pixels(const std::vector<std::uint8_t>& bytes, int height, int width, int channels,
                                const std::string& name) {
    if (channels != 1 && channels != 3) throw Error("model_file.does_not_fit", name + ": images have 1 or 3 channels, not " + std::to_string(channels));
    const std::vector<ImageFile> files{{"image", name, bytes}};
    ImageOptions options;
    options.color = channels == 3 ? "rgb" : "grayscale";
    options.height = height;
    options.width = width;
    Plan plan = plan_images(files, options, kDefaultMemoryBudget);
    std::vector<float> out;
    decode_all(plan, [&](std::size_t, const std::uint8_t* p) { out.assign(p, p + std::size_t(height) * width * channels); });
    if (out.empty())
        throw Error("image.no_images", name + ": " + (plan.skipped.empty() ? std::string("no image")
                                                                           : plan.skipped[0]["reason"].get<std::string>()));
    return out;
}

}  // namespace nnplay
