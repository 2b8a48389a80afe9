// Embind bindings of the training module: JSON strings and typed arrays in, JSON strings and typed-array copies
// out. Every C++ error is rethrown as a JavaScript Error carrying the core's message and, as `code`, its kind
// (nnplay::Error::code(): "csv.ragged_row", ...; empty for an error without one): js_interop.hpp.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <optional>

#include "nnplay/data/columns.hpp"
#include "nnplay/data/idx.hpp"
#include "nnplay/data/images.hpp"
#include "nnplay/error.hpp"
#include "nnplay/io/export.hpp"
#include "nnplay/io/import.hpp"
#include "nnplay/io/model_file.hpp"
#include "nnplay/model/choices.hpp"
#include "nnplay/model/quantize.hpp"
#include "nnplay/parallel.hpp"
#include "nnplay/train/closed_form.hpp"
#include "nnplay/train/cross_validation.hpp"
#include "nnplay/train/latency.hpp"
#include "nnplay/train/report.hpp"
#include "nnplay/train/session.hpp"
#include "nnplay/train/throughput.hpp"
#include "js_interop.hpp"

using emscripten::val;
using namespace nnplay;
using js::bytes_of, js::copy_out, js::guarded, js::utf8;

namespace {

// A JS array of {label: "cat", name: "cat/1.png", bytes: Uint8Array} (an empty name: an empty class folder).
std::vector<ImageFile> image_files(const val& files) {
    std::vector<ImageFile> out;
    const auto n = files["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) {
        const val f = files[i];
        out.push_back({f["label"].as<std::string>(), f["name"].as<std::string>(), bytes_of(f["bytes"])});
    }
    return out;
}

// The data report of image files, at the spec's data.color and data.image_size when a spec is given.
std::string inspect_images_js(const val& files, const std::string& spec_json) {
    return guarded([&] {
        const ImageOptions options = spec_json.empty() ? ImageOptions{} : parse_spec(spec_json).data.images;
        return inspect_images(image_files(files), options, "images", kDefaultMemoryBudget).dump();
    });
}

class SessionBinding {
public:
    explicit SessionBinding(const std::string& spec_json) : spec_(guarded([&] { return parse_spec(spec_json); })) {}

    std::string spec() const { return spec_.to_json().dump(); }

    void set_idx(const std::string& role, const val& images, const val& labels, const std::string& name) {
        guarded([&] {
            const auto img = bytes_of(images), lab = bytes_of(labels);
            raw(role) = dataset_from_idx(parse_idx(img, name + " images"), parse_idx(lab, name + " labels"),
                                         name + " images", name + " labels");
            return 0;
        });
    }

    // A raw table (text, categories, gaps); its column plan is fitted on the training split in prepare().
    void set_csv(const std::string& role, const val& text, const std::string& name, const std::string& target) {
        const std::string bytes = utf8(text);
        guarded([&] {
            raw(role) = TableData{read_csv(bytes, name), target.empty() ? spec_.data.target : target, spec_.data.drop};
            return 0;
        });
    }

    void set_images(const std::string& role, const val& files) {
        guarded([&] {
            raw(role) = dataset_from_images(image_files(files), spec_.data.images, "images", kDefaultMemoryBudget);
            return 0;
        });
    }

    std::string prepare(bool adapt_input) {
        return guarded([&] {
            if (!train_raw_) throw Error("no training data loaded (prepare takes the data: set it again to prepare again)");
            auto session = std::make_unique<Session>(spec_);
            // The data moves into the session (a copy would double the tab's memory, and wasm memory never
            // shrinks); a reset feeds the bytes again, which the worker keeps.
            session->prepare(std::move(*train_raw_), std::move(test_raw_), adapt_input);
            train_raw_.reset();
            test_raw_.reset();
            session_ = std::move(session);
            float_model_.clear();
            return session_->describe().dump();
        });
    }

    // Runs up to max_batches; returns {"batches": [...], "epochs": [...], "state": {...}}.
    std::string train(int max_batches) {
        return guarded([&] {
            auto& t = trainer();
            json batches = json::array(), epochs = json::array();
            t.on_batch = [&](const BatchLog& b) { batches.push_back(to_json(b)); };
            t.on_epoch = [&](const EpochLog& e) { epochs.push_back(to_json(e)); };
            std::optional<Error> error;
            try {
                t.run(max_batches);
            } catch (const Error& e) {
                error = e;  // report the batches that did run, with the error
            }
            t.on_batch = nullptr;
            t.on_epoch = nullptr;
            json out{{"batches", batches}, {"epochs", epochs}, {"state", state_json()}};
            if (error) {
                out["error"] = error->what();
                out["code"] = std::string(error->code());
            }
            return out.dump();
        });
    }

    std::string state() { return guarded([&] { return state_json().dump(); }); }
    void set_learning_rate(double lr) { guarded([&] { trainer().set_learning_rate(lr); return 0; }); }
    void set_epochs(int epochs) {
        guarded([&] {
            trainer().set_epochs(epochs);
            return 0;
        });
    }
    std::string history() { return guarded([&] { return trainer().history().to_json().dump(); }); }

    std::string evaluate(const std::string& role) {
        return guarded([&] { return trainer().evaluate(data(role)).to_json().dump(); });
    }

    std::string report(int max_examples) {
        return guarded([&] { return test_report(session().model(), spec_.loss, session().test_data(), max_examples).dump(); });
    }

    // A k-fold session's scores on its held-out fold (see fold_scores).
    std::string fold_scores_json() { return guarded([&] { return fold_scores(session()).dump(); }); }

    // The loss and metrics on a split whose images are augmented as `augmentation_json` says (seeded).
    std::string evaluate_augmented(const std::string& role, const std::string& augmentation_json, double seed) {
        return guarded([&] {
            const Augmentation a = Augmentation::from_json(json::parse(augmentation_json), "augmentation");
            return trainer().evaluate(augmented_copy(data(role), a, static_cast<std::uint64_t>(seed))).to_json().dump();
        });
    }

    // Raw rows [start, start + count) of a split, augmented as evaluate_augmented does, flat.
    val augmented_samples(const std::string& role, const std::string& augmentation_json, double seed, int start, int count) {
        return guarded([&] {
            const Augmentation a = Augmentation::from_json(json::parse(augmentation_json), "augmentation");
            const Dataset& d = data(role);
            const auto [s, n] = clamp_rows(d, start, count);
            Dataset part{d.x.middleRows(s, n), d.y.middleRows(s, n), d.shape, {}, {}, {}};
            const Dataset out = augmented_copy(part, a, static_cast<std::uint64_t>(seed));
            return copy_out("Float32Array", out.x.data(), static_cast<std::size_t>(out.x.size()));
        });
    }

    // Raw inputs (rows x input size, flat) -> outputs (rows x outputs, flat).
    val predict(const val& input) {
        return guarded([&] {
            const Mat out = session().model().predict(js::rows_of(input, session().model().input_size(), "predict"));
            return copy_out("Float32Array", out.data(), static_cast<std::size_t>(out.size()));
        });
    }

    // The model's outputs for every row of a split, flat (rows x outputs).
    val predict_split(const std::string& role) {
        return guarded([&] {
            const Mat out = session().model().predict(data(role).x);
            return copy_out("Float32Array", out.data(), static_cast<std::size_t>(out.size()));
        });
    }

    // The least-squares solution on the training split with the model's preprocessing:
    // {"kernel": [...], "bias", "train_mse", "test_mse"}.
    std::string normal_equation() {
        return guarded([&] {
            const auto& pre = session().model().preprocessing();
            const LinearFit fit = least_squares(session().train_data(), pre);
            return json{{"kernel", fit.kernel}, {"bias", fit.bias}, {"train_mse", fit.mse},
                        {"test_mse", linear_mse(fit, session().test_data(), pre)}}
                .dump();
        });
    }

    // Raw input rows [start, start + count) of a split, flat.
    val samples(const std::string& role, int start, int count) {
        return guarded([&] {
            const Dataset& d = data(role);
            const auto [s, n] = clamp_rows(d, start, count);
            return copy_out("Float32Array", d.x.data() + s * d.x.cols(), static_cast<std::size_t>(n * d.x.cols()));
        });
    }

    // Class index or target value of rows [start, start + count) of a split.
    val targets(const std::string& role, int start, int count) {
        return guarded([&] {
            const Dataset& d = data(role);
            const auto [s, n] = clamp_rows(d, start, count);
            return copy_out("Float32Array", d.y.data() + s, static_cast<std::size_t>(n));
        });
    }

    val export_model() { return model_file(true); }
    // The model alone, without where training stood (the optimizer's state, the row order): the file a deployed
    // model needs, a third of an Adam-trained one's.
    val export_inference_model() { return model_file(false); }

    // The ONNX ModelProto as canonical protobuf JSON (the page serialises it with protobufjs).
    std::string export_onnx() { return guarded([&] { return onnx_model(session().model(), session().describe()).dump(); }); }

    // {model: model.json text, weights: the weights file's bytes}.
    val export_tfjs() {
        return guarded([&] {
            const TfjsModel m = tfjs_model(session().model(), session().describe());
            val out = val::object();
            out.set("model", m.model.dump());
            out.set("weights", copy_out("Uint8Array", m.weights.data(), m.weights.size()));
            return out;
        });
    }

    std::string import_model(const val& bytes, const std::string& name) {
        return guarded([&] {
            SavedModel saved = load_model(bytes_of(bytes), name);
            // The lesson's loss trains the model on the lesson's labels: a softmax model fits either cross-entropy,
            // so one imported from a format that names no loss (read as the sparse one) trains on in a categorical lesson.
            const auto softmax_ce = [](LossKind l) { return l == LossKind::categorical_crossentropy || l == LossKind::sparse_categorical_crossentropy; };
            if (saved.loss != spec_.loss && !(softmax_ce(saved.loss) && softmax_ce(spec_.loss)))
                throw Error("model_file.does_not_fit", name + ": the model was trained with " + to_string(saved.loss) +
                                                           ", this lesson uses " + to_string(spec_.loss));
            const std::string not_resumed = session().adopt(std::move(saved.model), saved.training);
            float_model_.clear();
            json out{{"info", saved.info}, {"model", session().model().summary()}};
            // Training continues from the file's epoch when it carries a state that fits this lesson's data.
            out["resumed"] = saved.training && not_resumed.empty();
            if (!not_resumed.empty()) out["not_resumed"] = not_resumed;
            return out.dump();
        });
    }

    // A copy of one layer's parameter tensor ("kernel" or "bias"), row-major.
    val weights(int layer, const std::string& name) {
        return guarded([&] {
            auto& model = session().model();
            if (layer < 0 || static_cast<std::size_t>(layer) >= model.layer_count())
                throw Error("weights: there is no layer " + std::to_string(layer));
            const MatMap w = model.param(static_cast<std::size_t>(layer), name);
            return copy_out("Float32Array", w.data(), static_cast<std::size_t>(w.size()));
        });
    }

    // What one layer outputs for raw samples (flat), e.g. a convolution's feature maps for a digit.
    val layer_output(int layer, const val& input) {
        return guarded([&] {
            if (layer < 0) throw Error("layerOutput: there is no layer " + std::to_string(layer));
            const Mat out = session().model().layer_output(js::rows_of(input, session().model().input_size(), "layerOutput"), static_cast<std::size_t>(layer));
            return copy_out("Float32Array", out.data(), static_cast<std::size_t>(out.size()));
        });
    }

    // The model in int8, calibrated on the training split; the float one is kept for dequantize().
    // {"float_bytes", "int8_bytes": .nnp file sizes, "float", "int8": test loss and metrics}.
    std::string quantize_model() {
        return guarded([&] {
            Model& m = session().model();
            const TrainingState training = trainer().state();
            auto float_file = save_model(m, spec_.loss, spec_.metrics, session().describe(), &training);
            const Evaluation before = trainer().evaluate(session().test_data());
            quantize(m, session().train_data().x);
            float_model_ = std::move(float_file);
            const auto int8_file = save_model(m, spec_.loss, spec_.metrics, session().describe());
            return json{{"float_bytes", float_model_.size()}, {"int8_bytes", int8_file.size()}, {"float", before.to_json()},
                        {"int8", trainer().evaluate(session().test_data()).to_json()}}
                .dump();
        });
    }

    // Back to the float model quantize() started from, where its training stood.
    void dequantize() {
        guarded([&] {
            if (float_model_.empty()) throw Error("dequantize: the model was not quantized here");
            SavedModel saved = load_model(float_model_, "float model");
            session().adopt(std::move(saved.model), saved.training);
            float_model_.clear();
            return 0;
        });
    }

    // What a prediction costs on the test split's rows (the core's Latency JSON).
    std::string latency() { return guarded([&] { return measure_latency(session().model(), session().test_data().x).to_json().dump(); }); }

    double step_flops(int batch) { return guarded([&] { return nnplay::step_flops(session().model(), batch); }); }

private:
    val model_file(bool with_training) {
        return guarded([&] {
            const TrainingState training = trainer().state();
            // An int8 model is inference only: there is no training state to keep.
            const bool keep = with_training && !session().model().quantized();
            const auto bytes = save_model(session().model(), spec_.loss, spec_.metrics, session().describe(),
                                          keep ? &training : nullptr);
            return copy_out("Uint8Array", bytes.data(), bytes.size());
        });
    }

    std::optional<RawData>& raw(const std::string& role) {
        if (role == "train") return train_raw_;
        if (role == "test") return test_raw_;
        throw Error("data role must be train or test, not '" + role + "'");
    }
    Session& session() {
        if (!session_) throw Error("no data prepared yet");
        return *session_;
    }
    Trainer& trainer() { return session().trainer(); }
    const Dataset& data(const std::string& role) {
        if (role == "train") return session().train_data();
        if (role == "validation") return session().validation_data();
        if (role == "test") return session().test_data();
        throw Error("split must be train, validation or test, not '" + role + "'");
    }
    static std::pair<Index, Index> clamp_rows(const Dataset& d, int start, int count) {
        const Index s = std::clamp<Index>(start, 0, d.size());
        return {s, std::clamp<Index>(count, 0, d.size() - s)};
    }
    json state_json() {
        auto& t = trainer();
        return {{"epoch", t.epoch()},           {"batch", t.batch()},           {"batches", t.batches_per_epoch()},
                {"epochs", t.epochs()},         {"finished", t.finished()},     {"learning_rate", t.learning_rate()},
                {"stopped_early", t.stopped_early()}, {"best_epoch", t.best_epoch()}};
    }

    Spec spec_;
    std::optional<RawData> train_raw_, test_raw_;
    std::unique_ptr<Session> session_;
    std::vector<std::uint8_t> float_model_;  // the .nnp of the float model while the session's is int8
};

// The data report of a CSV (the contract's JSON), with the spec's target, loss and policies when given.
// An empty target: the spec's, else the last column. Without a spec the task is inferred from the target.
std::string inspect_csv_js(const val& text, const std::string& name, const std::string& target, const std::string& spec_json) {
    const std::string bytes = utf8(text);
    return guarded([&] { return inspect_csv(bytes, name, target, spec_json).dump(); });
}

// The spec's named choices and limits from the core's tables, for the page's editor.
std::string choices_js() { return spec_choices().dump(); }
// Each fold's scores (a JSON array of foldScores) -> their mean, spread and range (summarize_folds).
std::string summarize_folds_js(const std::string& folds_json) {
    return guarded([&] { return summarize_folds(json::parse(folds_json)).dump(); });
}

// A model made elsewhere -> the bytes of an .nnp file, which Session.importModel then takes like any other.
val nnp_of(const SavedModel& saved) {
    const auto bytes = save_model(*saved.model, saved.loss, saved.metrics, saved.info);
    return copy_out("Uint8Array", bytes.data(), bytes.size());
}
// The ONNX ModelProto as canonical protobuf JSON (the page decodes the file with protobufjs).
val import_onnx_js(const std::string& model_json, const std::string& name) {
    return guarded([&] {
        const json model = json::parse(model_json, nullptr, false);
        if (model.is_discarded()) throw Error("import.malformed", name + ": the decoded ONNX model is not JSON");
        return nnp_of(import_onnx(model, name));
    });
}
// model.json's text and the weights files it names, concatenated in the manifest's order.
val import_tfjs_js(const std::string& model_json, const val& weights, const std::string& name) {
    return guarded([&] { return nnp_of(import_tfjs(model_json, bytes_of(weights), name)); });
}

}  // namespace

EMSCRIPTEN_BINDINGS(nnplay) {
    emscripten::class_<SessionBinding>("Session")
        .constructor<std::string>()
        .function("spec", &SessionBinding::spec)
        .function("setIdx", &SessionBinding::set_idx)
        .function("setCsv", &SessionBinding::set_csv)
        .function("prepare", &SessionBinding::prepare)
        .function("train", &SessionBinding::train)
        .function("state", &SessionBinding::state)
        .function("setLearningRate", &SessionBinding::set_learning_rate)
        .function("setEpochs", &SessionBinding::set_epochs)
        .function("history", &SessionBinding::history)
        .function("evaluate", &SessionBinding::evaluate)
        .function("report", &SessionBinding::report)
        .function("predict", &SessionBinding::predict)
        .function("samples", &SessionBinding::samples)
        .function("targets", &SessionBinding::targets)
        .function("exportModel", &SessionBinding::export_model)
        .function("exportInferenceModel", &SessionBinding::export_inference_model)
        .function("importModel", &SessionBinding::import_model)
        .function("exportOnnx", &SessionBinding::export_onnx)
        .function("exportTfjs", &SessionBinding::export_tfjs)
        .function("weights", &SessionBinding::weights)
        .function("layerOutput", &SessionBinding::layer_output)
        .function("predictSplit", &SessionBinding::predict_split)
        .function("normalEquation", &SessionBinding::normal_equation)
        .function("stepFlops", &SessionBinding::step_flops)
        .function("quantize", &SessionBinding::quantize_model)
        .function("dequantize", &SessionBinding::dequantize)
        .function("latency", &SessionBinding::latency)
        .function("setImages", &SessionBinding::set_images)
        .function("foldScores", &SessionBinding::fold_scores_json)
        .function("evaluateAugmented", &SessionBinding::evaluate_augmented)
        .function("augmentedSamples", &SessionBinding::augmented_samples);
    // For benchmarks: the wasm GEMM throughput at a shape, to compare the training step with.
    emscripten::function("gemmGflops", &gemm_gflops);
    // Threads for the parts of parallel.hpp: the threaded module has a pool of workers for the count the
    // page asked for when it loaded the module (createNnplay({threads})); any count gives the same numbers.
    emscripten::function("threads", &threads);
    emscripten::function("setThreads", +[](int n) { guarded([&] { set_threads(n); return 0; }); });
    emscripten::function("inspectImages", &inspect_images_js);
    emscripten::function("inspectCsv", &inspect_csv_js);
    emscripten::function("choices", &choices_js);
    emscripten::function("summarizeFolds", &summarize_folds_js);
    emscripten::function("importOnnx", &import_onnx_js);
    emscripten::function("importTfjs", &import_tfjs_js);
}
