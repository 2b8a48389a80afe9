// What the importers share once a model is built: the loss and metric its output implies, what the model file
// keeps of its data, and the class names an nnplay export wrote into the format's metadata. Internal to core/src/io.
#pragma once
#include <string>

#include "nnplay/io/model_file.hpp"

namespace nnplay::importing {

// Softmax: sparse categorical cross-entropy, one sigmoid unit: binary cross-entropy, else mean squared error;
// saved.info gets the task, the input shape and `format` as where the model came from.
void infer_training(SavedModel& saved, const std::string& format);
// Class names from the JSON text of a list (the exporters' "classes" metadata); anything else is ignored.
void read_class_names(SavedModel& saved, const std::string& text);

}  // namespace nnplay::importing
