#pragma once
#include <stdexcept>
#include <string>

namespace nnplay {

// Every failure a user can cause (bad file, bad spec, diverging training) is an Error whose
// message names the thing at fault. Anything else escaping the core is a bug.
struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace nnplay
