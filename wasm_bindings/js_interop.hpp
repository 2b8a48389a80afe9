// What the Embind modules share: core errors rethrown as JavaScript Errors (the core's message, and its code
// as `code`), typed arrays in and copies out, a JS string's UTF-8 bytes.
#pragma once
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <new>
#include <string>
#include <vector>

#include "nnplay/error.hpp"
#include "nnplay/tensor.hpp"

namespace nnplay::js {

using emscripten::val;

[[noreturn]] inline void throw_js(const std::string& message, std::string_view code = {}) {
    val error = val::global("Error").new_(message);
    error.set("code", std::string(code));
    error.throw_();
}

// A JS string's UTF-8 bytes through the browser's TextEncoder: embind's std::string conversion walks the
// string in JS twice (length, then bytes), a third of the data report's time on a 30 MB CSV.
inline std::string utf8(const val& text) {
    if (!text.isString()) throw_js("the CSV text must be a string");
    const val bytes = val::global("TextEncoder").new_().call<val>("encode", text);
    std::string s(bytes["length"].as<std::size_t>(), '\0');
    val(emscripten::typed_memory_view(s.size(), reinterpret_cast<unsigned char*>(s.data()))).call<void>("set", bytes);
    return s;
}

template <class F>
auto guarded(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const std::bad_alloc&) {
        throw_js("out of memory: the browser tab could not give the model or data more memory", "memory.out");
    } catch (const Error& e) {
        throw_js(e.what(), e.code());
    } catch (const std::exception& e) {
        throw_js(e.what());
    }
}

inline std::vector<std::uint8_t> bytes_of(const val& array) {
    return emscripten::convertJSArrayToNumberVector<std::uint8_t>(array);
}

template <class T>
val copy_out(const char* type, const T* data, std::size_t n) {  // a copy: heap views die when memory grows
    return val::global(type).new_(emscripten::typed_memory_view(n, data));
}

// A flat typed array of raw samples as rows of `cols` values (a model's input size).
inline Mat rows_of(const val& input, Index cols, const std::string& what) {
    const auto values = emscripten::convertJSArrayToNumberVector<float>(input);
    if (values.empty() || values.size() % static_cast<std::size_t>(cols) != 0)
        throw Error("data.input_mismatch", what + ": " + std::to_string(values.size()) +
                                               " values is not a whole number of samples of " + std::to_string(cols));
    return Eigen::Map<const Mat>(values.data(), static_cast<Index>(values.size()) / cols, cols);
}

}  // namespace nnplay::js
