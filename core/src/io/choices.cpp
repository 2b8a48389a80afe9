#include "nnplay/io/choices.hpp"

#include "nnplay/error.hpp"
#include "nnplay/io/fields.hpp"

namespace nnplay {

std::string join_names(std::span<const std::string_view> names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out.append(i + 1 == names.size() ? " or " : ", ");
        out.append(names[i]);
    }
    return out;
}

std::string not_one_of(std::string_view word, std::span<const std::string_view> allowed,
                       std::span<const std::string_view> aliases) {
    std::string msg = "'";
    msg.append(word).append("' is not one of ").append(join_names(allowed));
    std::vector<std::string> spellings(allowed.begin(), allowed.end());
    spellings.insert(spellings.end(), aliases.begin(), aliases.end());
    if (auto near = closest_match(std::string(word), spellings); !near.empty()) msg.append(" (did you mean '").append(near).append("'?)");
    return msg;
}

void refuse_choice(const std::string& where, std::string_view word, std::span<const std::string_view> allowed,
                   std::span<const std::string_view> aliases) {
    throw Error("spec.unknown_choice", where + ": " + not_one_of(word, allowed, aliases));
}

std::string choose(std::string_view word, std::span<const std::string_view> allowed, const std::string& where) {
    for (auto a : allowed)
        if (a == word) return std::string(word);
    refuse_choice(where, word, allowed, {});
}

}  // namespace nnplay
