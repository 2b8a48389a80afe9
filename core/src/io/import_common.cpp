#include "import_common.hpp"

namespace nnplay::importing {

void infer_training(SavedModel& saved, const std::string& format) {
    const Model& m = *saved.model;
    const Activation out = m.output_activation();
    saved.loss = out == Activation::softmax                              ? LossKind::sparse_categorical_crossentropy
                 : out == Activation::sigmoid && m.output_size() == 1 ? LossKind::binary_crossentropy
                                                                        : LossKind::mean_squared_error;
    saved.metrics = {is_classification(saved.loss) ? Metric::accuracy : Metric::mae};
    saved.info = {{"task", is_classification(saved.loss) ? "classification" : "regression"}, {"input_shape", m.input_shape()},
                  {"imported_from", format}};
}

void read_class_names(SavedModel& saved, const std::string& text) {
    const json names = json::parse(text, nullptr, false);
    if (!names.is_array()) return;
    for (const auto& n : names)
        if (!n.is_string()) return;
    saved.info["class_names"] = names;
    saved.info["classes"] = names.size();
}

}  // namespace nnplay::importing
