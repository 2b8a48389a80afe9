#pragma once
#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>

namespace nnplay {

// Every kind of problem a user can cause, by a stable code: the page translates a message by its code
// (web/i18n/<lang>/errors.js) and keeps the English message, whose specifics no translation repeats.
// A code names a kind of problem, not a sentence; a new kind gets a new code here, and nowhere else.
inline constexpr std::string_view kErrorCodes[] = {
    // CSV tables
    "csv.empty",             // no header, or a header and no rows
    "csv.ragged_row",        // a row with more or fewer fields than the header
    "csv.bad_quotes",        // a quoted field not closed, or text after its closing quote
    "csv.not_text",          // NUL bytes or text that is not UTF-8
    "csv.duplicate_column",  // the header names a column twice
    "csv.unknown_column",    // the target (or another named column) is not in the header
    "csv.target_empty",      // every value of the target column is missing
    "csv.not_numeric",       // text where numbers are needed
    "csv.too_large",         // more rows or encoded columns than memory or the format allow
    "csv.no_features",       // nothing is left to learn from besides the target
    // Data of any kind
    "data.not_classes",      // targets or labels that are not class numbers for a classification loss
    "data.no_rows_left",     // every row is dropped (missing values)
    "data.too_few_rows",     // too few rows for the splits (or none)
    "data.input_mismatch",   // the model's input size is not the data's
    "data.unsuitable",       // an option that this kind of data cannot take (e.g. augmentation of a table)
    // IDX files
    "idx.gzipped",           // still gzip-compressed
    "idx.bad_magic",         // not an IDX file
    "idx.bad_header",        // an unknown element type, rank or a zero dimension
    "idx.truncated",         // shorter than its header
    "idx.size_mismatch",     // the header's dimensions do not match the file's size
    "idx.not_finite",        // a value that is NaN or infinite
    "idx.labels_mismatch",   // the images and labels files do not go together
    // Images (folders of class folders)
    "image.no_images",       // no readable image at all
    "image.one_class",       // one class only: nothing to tell apart
    "image.too_large",       // more pixels or bytes than the memory budget
    // Zip files (read by the command line; the page reads them itself)
    "zip.broken",            // not a zip, or an entry that cannot be extracted
    "zip.too_large",         // more entries or bytes than allowed
    "zip.unsafe_path",       // an entry pointing outside the zip's folder
    // Specs
    "spec.not_json",         // the text is not JSON
    "spec.unknown_key",      // a field that does not exist (with a suggestion)
    "spec.missing_field",    // a required field is not there
    "spec.wrong_type",       // a field of the wrong type (a string for a number, ...)
    "spec.out_of_range",     // a number outside its allowed range
    "spec.unknown_choice",   // not one of the names allowed: layer type, activation, optimizer, loss, ...
    "spec.conflict",         // fields that do not go together
    // Models
    "model.bad_shape",       // a layer that cannot take its input's shape
    "model.too_large",       // over the memory budget
    "model.output_mismatch", // the last layer does not fit the loss or the number of classes
    "model.quantized",       // an int8 model asked to train, or to be quantized again
    // Model files (.nnp)
    "model_file.not_nnplay", // not an nnplay model file
    "model_file.version",    // a version this build does not read
    "model_file.truncated",  // cut short
    "model_file.corrupt",    // a checksum mismatch or contents that do not make sense
    "model_file.does_not_fit", // a good file whose model does not fit this data or lesson
    // Training
    "train.diverged",        // the loss became NaN or infinite
    // Models made elsewhere (ONNX, TensorFlow.js)
    "import.unsupported",    // an operator, layer or option nnplay does not have
    "import.malformed",      // a file that is not what its format says
    "export.unsupported",    // a model the target format cannot express
    // Resources
    "memory.out",            // the allocator (the browser tab) gave no more memory
};

// A code from kErrorCodes, checked when the program is compiled: a typo does not build.
class ErrorCode {
public:
    constexpr ErrorCode() = default;  // none: a failure no user causes
    consteval ErrorCode(const char* id) : id_(id) {  // NOLINT: implicit, so throw sites write the code as text
        if (std::find(std::begin(kErrorCodes), std::end(kErrorCodes), id_) == std::end(kErrorCodes))
            throw "not an error code listed in kErrorCodes";
    }
    constexpr std::string_view id() const { return id_; }

private:
    std::string_view id_;
};

// Every failure a user can cause (bad file, bad spec, diverging training) is an Error whose
// message names the thing at fault, and whose code says what kind of problem it is. Anything else
// escaping the core is a bug.
struct Error : std::runtime_error {
    explicit Error(const std::string& message) : std::runtime_error(message) {}
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    // The same kind of problem as `cause`, told with more context.
    Error(const Error& cause, const std::string& message) : std::runtime_error(message), code_(cause.code_) {}

    // "csv.ragged_row", or empty for an error without a code.
    std::string_view code() const noexcept { return code_.id(); }

private:
    ErrorCode code_;
};

}  // namespace nnplay
