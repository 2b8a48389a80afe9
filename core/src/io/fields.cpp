#include "nnplay/io/fields.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "nnplay/error.hpp"
#include "nnplay/io/choices.hpp"

namespace nnplay {

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string describe(const json& v) {
    std::string s = v.dump();
    return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}
}  // namespace

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_d = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto& c : candidates) {
        const auto d = edit_distance(word, c);
        if (d < best_d) best_d = d, best = c;
    }
    return best;
}

Fields::Fields(const json& obj, std::string path, std::initializer_list<const char*> allowed)
    : obj_(obj), path_(std::move(path)) {
    if (!obj_.is_object())
        throw Error("spec.wrong_type", (path_.empty() ? std::string("spec") : path_) + ": expected an object, got " + describe(obj_));
    std::vector<std::string> names(allowed.begin(), allowed.end());
    for (const auto& [key, value] : obj_.items()) {
        if (std::find(names.begin(), names.end(), key) != names.end()) continue;
        std::string msg = (path_.empty() ? "" : path_ + ": ") + "unknown field '" + key + "'";
        if (auto near = closest_match(key, names); !near.empty()) msg += " (did you mean '" + near + "'?)";
        const std::vector<std::string_view> listed(allowed.begin(), allowed.end());
        throw Error("spec.unknown_key", msg + "; allowed: " + join_names(listed));
    }
}

const json& Fields::require(const char* key) const {
    if (!obj_.contains(key)) throw Error("spec.missing_field", path(key) + ": required field is missing");
    return obj_.at(key);
}

double Fields::number(const char* key, double lo, double hi) const {
    const json& v = require(key);
    if (!v.is_number()) throw Error("spec.wrong_type", path(key) + ": expected a number, got " + describe(v));
    const double x = v.get<double>();
    if (!std::isfinite(x) || x < lo || x > hi) {
        std::ostringstream msg;
        msg << path(key) << ": " << describe(v) << " is outside the allowed range [" << lo << ", " << hi << "]";
        throw Error("spec.out_of_range", msg.str());
    }
    return x;
}

double Fields::number(const char* key, double fallback, double lo, double hi) const {
    return has(key) ? number(key, lo, hi) : fallback;
}

std::int64_t Fields::integer(const char* key, std::int64_t lo, std::int64_t hi) const {
    const json& v = require(key);
    const bool whole = v.is_number_integer() || (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
    if (!whole) throw Error("spec.wrong_type", path(key) + ": expected a whole number, got " + describe(v));
    const double x = v.get<double>();  // compare as double: 1e12 or -5 must not wrap
    if (x < static_cast<double>(lo) || x > static_cast<double>(hi)) {
        std::ostringstream msg;
        msg << path(key) << ": " << describe(v) << " is outside the allowed range [" << lo << ", " << hi << "]";
        throw Error("spec.out_of_range", msg.str());
    }
    return static_cast<std::int64_t>(x);
}

std::int64_t Fields::integer(const char* key, std::int64_t fallback, std::int64_t lo, std::int64_t hi) const {
    return has(key) ? integer(key, lo, hi) : fallback;
}

bool Fields::boolean(const char* key, bool fallback) const {
    if (!has(key)) return fallback;
    const json& v = raw(key);
    if (!v.is_boolean()) throw Error("spec.wrong_type", path(key) + ": expected true or false, got " + describe(v));
    return v.get<bool>();
}

std::string Fields::text(const char* key) const {
    const json& v = require(key);
    if (!v.is_string()) throw Error("spec.wrong_type", path(key) + ": expected a string, got " + describe(v));
    return v.get<std::string>();
}

std::string Fields::text(const char* key, const std::string& fallback) const {
    return has(key) ? text(key) : fallback;
}

std::string Fields::choice(const char* key, const std::string& fallback, std::span<const std::string_view> choices) const {
    return choose(text(key, fallback), choices, path(key));
}

std::string Fields::choice(const char* key, const std::string& fallback,
                           std::initializer_list<const char*> choices) const {
    const std::vector<std::string_view> names(choices.begin(), choices.end());
    return choice(key, fallback, names);
}

std::vector<std::string> Fields::texts(const char* key) const {
    std::vector<std::string> out;
    if (!has(key)) return out;
    const json& v = raw(key);
    if (!v.is_array()) throw Error("spec.wrong_type", path(key) + ": expected a list of strings, got " + describe(v));
    for (const auto& item : v) {
        if (!item.is_string()) throw Error("spec.wrong_type", path(key) + ": expected a list of strings, got " + describe(item));
        out.push_back(item.get<std::string>());
    }
    return out;
}

}  // namespace nnplay
