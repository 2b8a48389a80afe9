// Reads one JSON object of a spec with messages that name the field, its path and the allowed values.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <string>
#include <vector>

namespace nnplay {

using json = nlohmann::json;

class Fields {
public:
    // Throws when `obj` is not an object or has a key outside `allowed` ("did you mean ...?").
    Fields(const json& obj, std::string path, std::initializer_list<const char*> allowed);

    bool has(const char* key) const { return obj_.contains(key); }
    const json& raw(const char* key) const { return obj_.at(key); }
    std::string path(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

    double number(const char* key, double fallback, double lo, double hi) const;
    double number(const char* key, double lo, double hi) const;  // required
    std::int64_t integer(const char* key, std::int64_t fallback, std::int64_t lo, std::int64_t hi) const;
    std::int64_t integer(const char* key, std::int64_t lo, std::int64_t hi) const;  // required
    bool boolean(const char* key, bool fallback) const;
    std::string text(const char* key, const std::string& fallback) const;
    std::string text(const char* key) const;  // required
    // A string that must be one of `choices` (a core table, or a list written in place).
    std::string choice(const char* key, const std::string& fallback, std::span<const std::string_view> choices) const;
    std::string choice(const char* key, const std::string& fallback, std::initializer_list<const char*> choices) const;
    std::vector<std::string> texts(const char* key) const;  // optional list of strings

private:
    const json& require(const char* key) const;
    const json& obj_;
    std::string path_;
};

// The closest of `candidates` to `word` if it is a plausible typo of it, else "".
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace nnplay
