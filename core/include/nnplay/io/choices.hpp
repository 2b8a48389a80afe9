// Every named choice of a spec (activation, loss, optimizer, padding, layer type, ...) is read through
// these helpers, so every refusal lists the allowed values and adds "did you mean" for a likely typo.
// The tables behind them are also what choices() hands the page's editor.
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nnplay {

// One spelling of a choice. An alias ("mse", "acc") is accepted and hinted, but not listed.
template <class T>
struct Named {
    std::string_view name;
    T value;
    bool alias = false;
};

// "a, b or c"
std::string join_names(std::span<const std::string_view> names);

// "'relux' is not one of relu, sigmoid, tanh, softmax or linear (did you mean 'relu'?)": `allowed` is listed,
// the hint is the closest of `allowed` and `aliases`.
std::string not_one_of(std::string_view word, std::span<const std::string_view> allowed,
                       std::span<const std::string_view> aliases = {});

// `word` if it is one of `allowed`; else throws Error("<where>: " + not_one_of(...)).
std::string choose(std::string_view word, std::span<const std::string_view> allowed, const std::string& where);

template <class T, std::size_t N>
std::vector<std::string_view> listed_names(const Named<T> (&table)[N]) {
    std::vector<std::string_view> out;
    for (const auto& n : table)
        if (!n.alias) out.push_back(n.name);
    return out;
}

[[noreturn]] void refuse_choice(const std::string& where, std::string_view word, std::span<const std::string_view> allowed,
                                std::span<const std::string_view> aliases);

template <class T, std::size_t N>
T parse_named(std::string_view word, const Named<T> (&table)[N], const std::string& where) {
    for (const auto& n : table)
        if (n.name == word) return n.value;
    std::vector<std::string_view> aliases;
    for (const auto& n : table)
        if (n.alias) aliases.push_back(n.name);
    refuse_choice(where, word, listed_names(table), aliases);
}

// The listed (not alias) name of `value`.
template <class T, std::size_t N>
std::string name_of(T value, const Named<T> (&table)[N]) {
    for (const auto& n : table)
        if (!n.alias && n.value == value) return std::string(n.name);
    return std::string(table[0].name);
}

}  // namespace nnplay
