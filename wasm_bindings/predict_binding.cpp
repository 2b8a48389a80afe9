// Embind bindings of the inference-only module (nnplay-predict): a saved .nnp model in, predictions out. It binds
// no training, so the linker leaves the trainer, optimizers and data readers it does not reach out of the module.
// Errors are JavaScript Errors with the core's message and code, as in the training module (js_interop.hpp).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include "nnplay/data/columns.hpp"
#include "nnplay/data/csv.hpp"
#include "nnplay/data/images.hpp"
#include "nnplay/io/model_file.hpp"
#include "js_interop.hpp"

using emscripten::val;
using namespace nnplay;

namespace {

class Predictor {
public:
    Predictor(const val& bytes, const std::string& name)
        : name_(name), saved_(js::guarded([&] { return load_model(js::bytes_of(bytes), name); })) {}

    // What the file knows of its data (task, class names, features, column plan, input shape) and the model:
    // {"info": {...}, "model": summary, "loss", "input_size", "outputs"}.
    std::string info() const {
        return json{{"info", saved_.info},
                    {"model", saved_.model->summary()},
                    {"loss", to_string(saved_.loss)},
                    {"input_size", saved_.model->input_size()},
                    {"input_shape", saved_.model->input_shape()},
                    {"outputs", saved_.model->output_size()}}
            .dump();
    }

    // Raw inputs (rows x input size, flat) -> outputs (rows x outputs, flat).
    val predict(const val& input) {
        return js::guarded([&] { return outputs(js::rows_of(input, saved_.model->input_size(), name_)); });
    }

    // Rows of a CSV (a header naming the columns, in any order; the target may be absent) encoded by the column
    // plan saved with the model, as `nnplay predict` does -> outputs.
    val predict_csv(const val& text) {
        const std::string csv = js::utf8(text);
        return js::guarded([&] {
            if (!saved_.info.contains("plan"))
                throw Error("model_file.does_not_fit", name_ + ": the model keeps no column plan; give it numbers");
            const ColumnPlan plan = ColumnPlan::from_json(saved_.info["plan"], name_);
            return outputs(apply_plan(read_csv(csv, name_ + " input"), plan, kDefaultMemoryBudget).x);
        });
    }

    // A PNG or JPEG decoded and resized to the model's input (height, width, channels) as its training images
    // were -> {pixels: Float32Array, outputs: Float32Array}.
    val predict_image(const val& bytes, const std::string& file) {
        return js::guarded([&] {
            const Shape& shape = saved_.model->input_shape();  // [h, w] or [h, w, channels]
            if (shape.size() != 2 && shape.size() != 3)
                throw Error("model_file.does_not_fit", name_ + ": the model does not take images (its input is not height x width x channels)");
            const int channels = shape.size() == 3 ? static_cast<int>(shape[2]) : 1;
            const std::vector<float> pixels = image_pixels(js::bytes_of(bytes), static_cast<int>(shape[0]),
                                                           static_cast<int>(shape[1]), channels, file);
            val out = val::object();
            out.set("pixels", js::copy_out("Float32Array", pixels.data(), pixels.size()));
            out.set("outputs", outputs(Eigen::Map<const Mat>(pixels.data(), 1, static_cast<Index>(pixels.size()))));
            return out;
        });
    }

private:
    val outputs(const Mat& x) {
        const Mat out = saved_.model->predict(x);
        return js::copy_out("Float32Array", out.data(), static_cast<std::size_t>(out.size()));
    }

    std::string name_;
    SavedModel saved_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(nnplay_predict) {
    emscripten::class_<Predictor>("Predictor")
        .constructor<val, std::string>()
        .function("info", &Predictor::info)
        .function("predict", &Predictor::predict)
        .function("predictCsv", &Predictor::predict_csv)
        .function("predictImage", &Predictor::predict_image);
}
