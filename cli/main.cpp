// nnplay: train, evaluate and predict from the command line with the same core the page runs.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>

#include "export.hpp"
#include "files.hpp"
#include "images.hpp"
#include "import.hpp"
#include "nnplay/error.hpp"
#include "nnplay/data/columns.hpp"
#include "nnplay/io/model_file.hpp"
#include "nnplay/limits.hpp"
#include "nnplay/model/quantize.hpp"
#include "nnplay/parallel.hpp"
#include "nnplay/train/cross_validation.hpp"
#include "nnplay/train/latency.hpp"
#include "nnplay/train/report.hpp"
#include "nnplay/train/session.hpp"
#include "progress.hpp"

using namespace nnplay;

namespace {

const char* kUsage = R"(usage:
  nnplay train SPEC.json [options]        train the model a spec describes (see presets/)
  nnplay evaluate MODEL.nnp --data FILE [--labels FILE | --target COLUMN]
  nnplay predict MODEL.nnp --data FILE [--labels FILE | --target COLUMN] [--limit N] [--json]
  nnplay inspect FILE.csv [--target COLUMN] [--spec SPEC.json] [--json]   the data report: types, gaps, plan
  nnplay summary SPEC.json                 the model's layers and parameter counts
  nnplay export MODEL.nnp --format onnx|tfjs --output PATH   ONNX (opset 13) file, or a TF.js Layers folder
  nnplay import model.json|model.onnx --output MODEL.nnp   a TF.js Layers or ONNX model as an nnplay model
  nnplay quantize MODEL.nnp --output SMALL.nnp --calibration FILE [--calibration-labels FILE]
                  [--data FILE [--labels FILE | --target COLUMN]]   int8 weights and activations, calibrated
                                           on FILE (training data); with --data, test scores before and after
  nnplay inspect DIR_OR_ZIP [--json]       the data report of a folder (or .zip) of class folders of images

train options:
  --data FILE [--target COLUMN] [--drop A,B]   a CSV file instead of the spec's data
  --data IMAGES --labels LABELS                an IDX images/labels pair instead of the spec's data
  --data DIR_OR_ZIP                            a folder (or .zip) with one folder of images per class
  --test-data FILE [--test-labels FILE]        a separate test set (else a seeded test split)
  --epochs N  --batch-size N  --learning-rate X  --seed S  --validation-split F
  --save MODEL.nnp                             save the trained model (with its training state)
  --resume MODEL.nnp                           continue a saved run where it stopped, up to --epochs in all
                                               (Keras' initial_epoch, with the optimizer's state)
  --kfold K                                    k-fold cross-validation (as train.kfold): K models, each
                                               validated on one fold; prints each fold's scores, their
                                               mean and spread (replaces validation_split)
  --max-batches N                              stop after N training batches
  --json                                       one JSON object per epoch, then a summary line
  --batch-log                                  with --json, also one object per batch (the page's batch log)

every command:
  --threads N                                  threads to use (default: the cores, at most 8); any count
                                               gives the same numbers
)";

struct Args {
    std::string command, target_file;
    std::map<std::string, std::string> opts;
    bool json = false, batch_log = false;
};

Args parse_args(int argc, char** argv) {
    Args a;
    if (argc < 2) throw Error(std::string("missing command\n") + kUsage);
    a.command = argv[1];
    static const char* kValued[] = {"--data", "--labels", "--target", "--drop", "--test-data", "--test-labels",
                                    "--epochs", "--batch-size", "--learning-rate", "--seed", "--save",
                                    "--validation-split", "--limit", "--max-batches", "--spec", "--resume",
                                    "--threads", "--kfold", "--format", "--output", "--calibration",
                                    "--calibration-labels"};
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--json") {
            a.json = true;
        } else if (arg == "--batch-log") {
            a.batch_log = true;
        } else if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            std::exit(0);
        } else if (arg.rfind("--", 0) == 0) {
            bool known = false;
            for (const char* v : kValued) known = known || arg == v;
            if (!known) throw Error("unknown option " + arg + "\n" + kUsage);
            if (i + 1 >= argc) throw Error(arg + " needs a value");
            a.opts[arg] = argv[++i];
        } else if (a.target_file.empty()) {
            a.target_file = arg;
        } else {
            throw Error("unexpected argument '" + arg + "'");
        }
    }
    if (a.target_file.empty()) throw Error(a.command + ": which file? " + std::string(kUsage));
    return a;
}

std::string opt(const Args& a, const std::string& key) {
    const auto it = a.opts.find(key);
    return it == a.opts.end() ? "" : it->second;
}

double number(const Args& a, const std::string& key) {
    const std::string v = opt(a, key);
    char* end = nullptr;
    const double x = std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0' || !std::isfinite(x)) throw Error(key + ": '" + v + "' is not a finite number");
    return x;
}

// A whole number in [lo, hi]; checked before any cast (casting 1e12 to int is undefined).
std::int64_t integer(const Args& a, const std::string& key, double lo, double hi) {
    const double x = number(a, key);
    if (x != static_cast<double>(static_cast<std::int64_t>(x)) || x < lo || x > hi) {
        std::ostringstream msg;
        msg << key << ": '" << opt(a, key) << "' is not a whole number between " << lo << " and " << hi;
        throw Error(msg.str());
    }
    return static_cast<std::int64_t>(x);
}

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

cli::DataFiles data_files(const Args& a, const std::string& data_key, const std::string& labels_key,
                          const std::string& default_target, const ImageOptions& images) {
    const std::string target = opt(a, "--target");
    return {opt(a, data_key), opt(a, labels_key), target.empty() ? default_target : target, split_commas(opt(a, "--drop")),
            images};
}

// Images for a trained model come in at the size and colour of its input.
ImageOptions input_images(const Model& model) {
    const Shape& s = model.input_shape();
    if (s.size() != 3) return {};
    return {s[2] == 1 ? "grayscale" : "rgb", static_cast<int>(s[0]), static_cast<int>(s[1])};
}

Spec load_spec(const std::string& path) {
    const auto bytes = cli::read_file(path, 1 << 20);
    try {
        return parse_spec(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    } catch (const Error& e) {
        throw Error(cli::base_name(path) + ": " + e.what());
    }
}

void print_summary(const json& summary, std::FILE* out) {
    std::fprintf(out, "%-4s %-12s %-16s %10s\n", "#", "layer", "output shape", "params");
    int i = 0;
    for (const auto& l : summary["layers"])
        std::fprintf(out, "%-4d %-12s %-16s %10zu\n", i++, l["type"].get<std::string>().c_str(),
                     l["output_shape"].dump().c_str(), l["params"].get<std::size_t>());
    std::fprintf(out, "total parameters: %zu\n", summary["total_params"].get<std::size_t>());
}

// Puts a saved run's weights and training state into the prepared session; an explicit --learning-rate
// replaces the saved one.
void resume(Session& session, const std::string& path, const std::string& learning_rate, std::FILE* log) {
    SavedModel saved = load_model(cli::read_file(path), cli::base_name(path));
    const std::string name = cli::base_name(path);
    if (saved.loss != session.spec().loss)
        throw Error("--resume: " + name + " was trained with " + to_string(saved.loss) + ", the spec uses " +
                    to_string(session.spec().loss));
    if (saved.model->quantized()) throw Error("model.quantized", "--resume: " + name + ": " + kQuantizedTraining);
    if (!saved.training) throw Error("--resume: " + name + " holds no training state (a version 1 file)");
    const std::string not_resumed = session.adopt(std::move(saved.model), saved.training);
    if (!not_resumed.empty()) throw Error("--resume: " + name + ": " + not_resumed);
    if (!learning_rate.empty()) session.trainer().set_learning_rate(session.spec().optimizer.learning_rate);
    std::fprintf(log, "resumed %s at epoch %d of %d\n", name.c_str(), session.trainer().epoch() + 1, session.trainer().epochs());
}

// k-fold cross-validation: a line per fold as it ends, then each score's mean, spread and range
// (--json: one object per epoch and per fold, then the summary).
int cross_validate_cmd(const Args& a, const Spec& spec, const RawData& train, const std::optional<RawData>& test, bool own_data) {
    if (!opt(a, "--save").empty() || !opt(a, "--max-batches").empty())
        throw Error("--kfold trains one model per fold: --save and --max-batches do not apply (train without --kfold to keep a model)");
    const int k = spec.train.kfold;
    std::FILE* log = a.json ? stderr : stdout;
    const auto t0 = std::chrono::steady_clock::now();
    const json cv = cross_validate(spec, train, test, own_data, [&](int fold, Session& s) {
        std::fprintf(log, "fold %d/%d: training on %lld rows, validating on %lld\n", fold + 1, k,
                     static_cast<long long>(s.train_data().size()), static_cast<long long>(s.validation_data().size()));
        if (a.json)
            s.trainer().on_epoch = [fold](const EpochLog& e) {
                json j = e.logs;
                j["fold"] = fold + 1;
                j["epoch"] = e.epoch + 1;
                std::cout << j.dump() << std::endl;
            };
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (a.json) {
        json out = cv;
        out["seconds"] = seconds;
        std::cout << out.dump() << std::endl;
        return 0;
    }
    std::vector<std::string> keys;
    for (const auto& [key, v] : cv["mean"].items()) keys.push_back(key);
    std::printf("\n%-6s", "fold");
    for (const auto& key : keys) std::printf("  %14s", key.c_str());
    std::printf("\n");
    for (const auto& f : cv["folds"]) {
        std::printf("%-6d", f["fold"].get<int>() + 1);
        for (const auto& key : keys) std::printf("  %14.4f", f[key].get<double>());
        std::printf("\n");
    }
    for (const char* row : {"mean", "std", "min", "max"}) {
        std::printf("%-6s", row);
        for (const auto& key : keys) std::printf("  %14.4f", cv[row][key].get<double>());
        std::printf("\n");
    }
    std::printf("%d folds in %.1fs\n", k, seconds);
    return 0;
}

int train(const Args& a) {
    Spec spec = load_spec(a.target_file);
    if (!opt(a, "--epochs").empty()) spec.train.epochs = static_cast<int>(integer(a, "--epochs", 1, limits::kMaxEpochs));
    if (!opt(a, "--batch-size").empty()) spec.train.batch_size = integer(a, "--batch-size", 1, limits::kMaxBatchSize);
    if (!opt(a, "--seed").empty()) spec.train.seed = static_cast<std::uint64_t>(integer(a, "--seed", 0, static_cast<double>(limits::kMaxSeed)));
    if (!opt(a, "--validation-split").empty()) spec.train.validation_split = number(a, "--validation-split");
    if (!opt(a, "--learning-rate").empty()) spec.optimizer.learning_rate = number(a, "--learning-rate");
    if (!opt(a, "--kfold").empty()) {
        spec.train.kfold = static_cast<int>(integer(a, "--kfold", 2, 100));
        spec.train.validation_split = 0;  // each fold in turn validates
    }
    // Re-validate overrides through the one spec parser, so they get its messages.
    spec = spec_from_json(spec.to_json());

    const bool own_data = !opt(a, "--data").empty();
    std::pair<RawData, std::optional<RawData>> data;
    if (own_data) {
        data.first = cli::load_files(data_files(a, "--data", "--labels", spec.data.target, spec.data.images));
        if (!opt(a, "--test-data").empty())
            data.second = cli::load_files(data_files(a, "--test-data", "--test-labels", spec.data.target, spec.data.images));
    } else {
        data = cli::load_spec_data(spec);
    }
    if (spec.train.kfold) return cross_validate_cmd(a, spec, data.first, data.second, own_data);
    Session session(spec);
    session.prepare(std::move(data.first), std::move(data.second), own_data);
    const json info = session.describe();
    std::FILE* log = a.json ? stderr : stdout;
    std::fprintf(log, "%s: %s", spec.name.empty() ? cli::base_name(a.target_file).c_str() : spec.name.c_str(),
                 info["task"].get<std::string>().c_str());
    if (session.classification()) {
        std::string names;
        for (const auto& n : info["class_names"]) names += (names.empty() ? "" : ", ") + n.get<std::string>();
        std::fprintf(log, " (%lld classes: %s)", static_cast<long long>(session.classes()),
                     names.size() > 200 ? (names.substr(0, 200) + " ...").c_str() : names.c_str());
    }
    if (info.contains("target")) std::fprintf(log, " of column '%s'", info["target"].get<std::string>().c_str());
    std::fprintf(log, " with %s; %lld train / %lld validation / %lld test rows\n", to_string(spec.loss).c_str(),
                 static_cast<long long>(session.train_data().size()), static_cast<long long>(session.validation_data().size()),
                 static_cast<long long>(session.test_data().size()));
    print_summary(info["model"], log);
    if (info.value("filled", 0) > 0)
        std::fprintf(log, "filled %zu missing values (data.missing is \"impute\")\n", info["filled"].get<std::size_t>());
    if (const auto& d = info.value("dropped_rows", json::object()); d.value("missing_target", 0) + d.value("missing_values", 0) > 0)
        std::fprintf(log, "dropped %zu rows without a target and %zu rows with missing values\n",
                     d["missing_target"].get<std::size_t>(), d["missing_values"].get<std::size_t>());
    if (info.contains("corruption")) std::fprintf(log, "data.corruption did: %s\n", info["corruption"].dump().c_str());

    if (const std::string from = opt(a, "--resume"); !from.empty()) resume(session, from, opt(a, "--learning-rate"), log);
    Trainer& trainer = session.trainer();
    cli::Progress progress(stderr, !a.json && isatty(STDERR_FILENO), trainer.epochs(), session.train_data().size());
    double samples = 0;
    trainer.on_batch = [&](const BatchLog& b) {
        samples += static_cast<double>(b.size);
        if (a.json && a.batch_log) std::cout << to_json(b).dump() << '\n';
        progress.batch(b);
    };
    trainer.on_epoch = [&](const EpochLog& e) {
        if (a.json) {
            std::cout << to_json(e).dump() << std::endl;
        } else {
            progress.epoch(e, trainer.batches_per_epoch());
        }
    };
    double seconds = 0;
    const auto t0 = std::chrono::steady_clock::now();
    const int max_batches = opt(a, "--max-batches").empty() ? std::numeric_limits<int>::max()
                                                            : static_cast<int>(integer(a, "--max-batches", 1, 1e9));
    trainer.run(max_batches);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    const Evaluation test = session.evaluate_test();
    const double sps = samples / seconds;
    if (a.json) {
        json final{{"test_loss", test.loss}, {"seconds", seconds}, {"samples_per_second", sps},
                   {"history", trainer.history().to_json()}};
        for (const auto& [k, v] : test.metrics) final["test_" + k] = v;
        std::cout << final.dump() << std::endl;
    } else {
        std::printf("test loss: %.4f", test.loss);
        for (const auto& [k, v] : test.metrics) std::printf(" - test %s: %.4f", k.c_str(), v);
        std::printf("\ntrained in %.1fs (%.0f samples/s)\n", seconds, sps);
    }
    if (const std::string out = opt(a, "--save"); !out.empty()) {
        const TrainingState state = trainer.state();
        cli::write_file(out, save_model(session.model(), spec.loss, spec.metrics, info, &state));
        std::fprintf(log, "saved %s\n", out.c_str());
    }
    return 0;
}

SavedModel load_saved(const std::string& path) { return load_model(cli::read_file(path), cli::base_name(path)); }

// A raw CSV goes through the model's saved column plan (files saved before plans existed: numeric columns).
// The data comes from `data_key` (and `labels_key` for IDX images).
Dataset saved_model_data(const Args& a, const SavedModel& saved, const std::string& data_key = "--data",
                         const std::string& labels_key = "--labels") {
    if (opt(a, data_key).empty()) throw Error(a.command + " needs " + data_key + " FILE (and " + labels_key + " or --target)");
    RawData raw = cli::load_files(data_files(a, data_key, labels_key, saved.info.value("target", ""), input_images(*saved.model)));
    if (auto* ds = std::get_if<Dataset>(&raw)) return std::move(*ds);
    const auto& t = std::get<TableData>(raw);
    if (!saved.info.contains("plan"))
        return dataset_from_table(t.table, {t.target, t.drop, is_classification(saved.loss), "impute", "none"}, kDefaultMemoryBudget);
    EncodeCounts counts;
    Dataset ds = apply_plan(t.table, ColumnPlan::from_json(saved.info["plan"], cli::base_name(a.target_file)), kDefaultMemoryBudget, &counts);
    if (counts.filled) std::fprintf(stderr, "note: %zu missing values filled as in training\n", counts.filled);
    if (counts.unseen)
        std::fprintf(stderr, "warning: %zu values are categories not seen in training; they are encoded as all zeros\n", counts.unseen);
    return ds;
}

// The core's classification report as a table: one row per class, the macro means, the balanced
// accuracy and, for two classes, the ROC AUC.
void print_classification(const json& report) {
    const json& c = report["classification"];
    const auto& names = report["class_names"];
    std::size_t width = 9;  // "macro avg"
    for (const auto& n : names) width = std::max(width, n.get<std::string>().size());
    std::printf("\n%-*s  precision  recall     f1  support\n", static_cast<int>(width), "class");
    for (std::size_t i = 0; i < c["per_class"].size(); ++i) {
        const json& k = c["per_class"][i];
        std::printf("%-*s  %9.4f  %6.4f  %.4f  %7lld\n", static_cast<int>(width), names[i].get<std::string>().c_str(),
                    k["precision"].get<double>(), k["recall"].get<double>(), k["f1"].get<double>(),
                    k["support"].get<long long>());
    }
    const json& m = c["macro"];
    std::printf("%-*s  %9.4f  %6.4f  %.4f\n", static_cast<int>(width), "macro avg", m["precision"].get<double>(),
                m["recall"].get<double>(), m["f1"].get<double>());
    std::printf("balanced accuracy: %.4f\n", c["balanced_accuracy"].get<double>());
    if (report.contains("roc")) {
        if (report["roc"]["auc"].is_null()) std::printf("ROC AUC: undefined (the data has one class only)\n");
        else std::printf("ROC AUC: %.4f\n", report["roc"]["auc"].get<double>());
    }
}

int evaluate_cmd(const Args& a) {
    SavedModel saved = load_saved(a.target_file);
    const Dataset data = saved_model_data(a, saved);
    const Evaluation e = evaluate_raw(*saved.model, saved.loss, saved.metrics, data);
    const Latency latency = measure_latency(*saved.model, data.x);
    json report;
    if (is_classification(saved.loss)) report = test_report(*saved.model, saved.loss, data, 0);
    if (a.json) {
        json j = e.to_json();
        j["latency"] = latency.to_json();
        if (!report.is_null()) j["classification"] = report["classification"], j["class_names"] = report["class_names"],
                               j["confusion"] = report["confusion"];
        if (report.contains("roc")) j["roc"] = report["roc"];
        std::cout << j.dump() << std::endl;
    } else {
        std::printf("loss: %.4f", e.loss);
        for (const auto& [k, v] : e.metrics) std::printf(" - %s: %.4f", k.c_str(), v);
        std::printf("\nlatency: %.3f ms per sample at batch 1 (median; p95 %.3f ms), %.0f samples/s at batch 256\n",
                    latency.batch1_median_ms, latency.batch1_p95_ms, latency.batch256_samples_per_second);
        if (!report.is_null()) print_classification(report);
    }
    return 0;
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

int predict_cmd(const Args& a) {
    SavedModel saved = load_saved(a.target_file);
    Dataset data = saved_model_data(a, saved);
    if (!opt(a, "--limit").empty()) keep_head(data, integer(a, "--limit", 1, 1e12));
    const Mat out = saved.model->predict(data.x);
    // With --json, the last line says what a prediction costs (on the rows just predicted).
    const auto print_latency = [&] { std::cout << json{{"latency", measure_latency(*saved.model, data.x).to_json()}}.dump() << '\n'; };
    const bool classes = is_classification(saved.loss);
    std::vector<std::string> names = saved.info.value("class_names", std::vector<std::string>{});
    const Index k = out.cols() == 1 ? 2 : out.cols();
    for (auto c = static_cast<Index>(names.size()); c < k; ++c) names.push_back(std::to_string(c));
    const auto truth = [&](Index r) -> json {
        const float y = data.y(r, 0);
        if (std::isnan(y)) return nullptr;
        if (classes && y >= 0 && y < static_cast<float>(names.size())) return names[static_cast<std::size_t>(y)];
        return y;
    };
    const MatMap view(const_cast<float*>(out.data()), out.rows(), out.cols());
    if (a.json) {
        for (Index r = 0; r < out.rows(); ++r) {
            json row{{"row", r}, {"true", truth(r)}};
            if (!classes) {
                row["predicted"] = out(r, 0);
            } else {
                row["predicted"] = names[static_cast<std::size_t>(predicted_class(view, r))];
                json p = json::object();
                if (out.cols() == 1) p[names[0]] = 1.0f - out(r, 0), p[names[1]] = out(r, 0);
                else
                    for (Index c = 0; c < out.cols(); ++c) p[names[static_cast<std::size_t>(c)]] = out(r, c);
                row["probabilities"] = p;
            }
            std::cout << row.dump() << '\n';
        }
        print_latency();
        return 0;
    }
    std::printf("row,predicted,true");
    if (classes && out.cols() > 1)
        for (Index c = 0; c < out.cols(); ++c) std::printf(",%s", csv_field("p(" + names[static_cast<std::size_t>(c)] + ")").c_str());
    std::printf("\n");
    for (Index r = 0; r < out.rows(); ++r) {
        const json t = truth(r);
        const std::string true_text = t.is_null() ? "" : t.is_string() ? csv_field(t.get<std::string>()) : t.dump();
        if (classes)
            std::printf("%lld,%s,%s", static_cast<long long>(r),
                        csv_field(names[static_cast<std::size_t>(predicted_class(view, r))]).c_str(), true_text.c_str());
        else
            std::printf("%lld,%g,%s", static_cast<long long>(r), out(r, 0), true_text.c_str());
        if (classes && out.cols() > 1)
            for (Index c = 0; c < out.cols(); ++c) std::printf(",%.4f", out(r, c));
        std::printf("\n");
    }
    return 0;
}

// The model in int8, calibrated on training data: the file sizes and, with test data, the scores before and after.
int quantize_cmd(const Args& a) {
    const std::string out = opt(a, "--output");
    if (out.empty()) throw Error("quantize needs --output SMALL.nnp");
    SavedModel saved = load_saved(a.target_file);
    const Dataset calibration = saved_model_data(a, saved, "--calibration", "--calibration-labels");
    const auto file = [&] { return save_model(*saved.model, saved.loss, saved.metrics, saved.info); };
    const std::size_t before = file().size();
    std::optional<Dataset> test;
    std::optional<Evaluation> float_scores;
    if (!opt(a, "--data").empty()) {
        test = saved_model_data(a, saved);
        float_scores = evaluate_raw(*saved.model, saved.loss, saved.metrics, *test);
    }
    quantize(*saved.model, calibration.x);
    const auto bytes = file();
    cli::write_file(out, bytes);
    const std::optional<Evaluation> int8_scores =
        test ? std::optional<Evaluation>(evaluate_raw(*saved.model, saved.loss, saved.metrics, *test)) : std::nullopt;
    if (a.json) {
        json j{{"float_bytes", before}, {"int8_bytes", bytes.size()}};
        if (test) j["float"] = float_scores->to_json(), j["int8"] = int8_scores->to_json();
        std::cout << j.dump() << std::endl;
        return 0;
    }
    std::printf("size: %s -> %s (%.2fx smaller)\n", human_bytes(static_cast<double>(before)).c_str(),
                human_bytes(static_cast<double>(bytes.size())).c_str(), static_cast<double>(before) / static_cast<double>(bytes.size()));
    if (test) {
        std::printf("test loss: %.4f -> %.4f", float_scores->loss, int8_scores->loss);
        for (const auto& [k, v] : float_scores->metrics) std::printf(" - test %s: %.4f -> %.4f", k.c_str(), v, int8_scores->metrics.at(k));
        std::printf("\n");
    }
    std::printf("saved %s\n", out.c_str());
    return 0;
}

// Characters (UTF-8 code points) shown; control characters (a quoted line break) become spaces first.
std::size_t display_width(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// `s` on one line, cut to `max` characters with "..." at the end when longer.
std::string cut(std::string s, std::size_t max) {
    for (auto& ch : s)
        if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';  // a quoted line break must not break the table
    if (display_width(s) <= max) return s;
    std::size_t kept = 0, at = 0;
    for (; at < s.size(); ++at)
        if ((static_cast<unsigned char>(s[at]) & 0xC0) != 0x80 && kept++ == max - 3) break;
    return s.substr(0, at) + "...";
}

// The data report of a CSV: one row per column, then the target, the task and the classes.
int inspect_cmd(const Args& a) {
    const auto bytes = cli::read_file(a.target_file);
    std::string spec_text;
    if (const std::string sp = opt(a, "--spec"); !sp.empty()) {
        const auto b = cli::read_file(sp, 1 << 20);
        spec_text.assign(b.begin(), b.end());
    }
    const json r = inspect_csv(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                               cli::base_name(a.target_file), opt(a, "--target"), spec_text);
    if (a.json) {
        std::cout << r.dump() << std::endl;
        return 0;
    }
    const std::string delim = r["delimiter"] == "\t" ? "tab" : "'" + r["delimiter"].get<std::string>() + "'";
    std::printf("%s: %zu rows, %zu columns, delimiter %s\n\n", r["name"].get<std::string>().c_str(), r["rows"].get<std::size_t>(),
                r["columns"].size(), delim.c_str());
    // The cells first, so each column of the table is as wide as its widest cell (up to a cap).
    std::vector<std::array<std::string, 7>> rows{{"column", "type", "missing", "distinct", "values", "action", "reason"}};
    for (const auto& c : r["columns"]) {
        std::string values;
        if (c.contains("min")) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "%g .. %g, mean %.4g", c["min"].get<double>(), c["max"].get<double>(), c["mean"].get<double>());
            values = buf;
        } else if (c.contains("top")) {
            for (const auto& t : c["top"]) values += (values.empty() ? "" : ", ") + t["value"].get<std::string>() + " (" + std::to_string(t["count"].get<std::size_t>()) + ")";
        }
        std::string action = c["action"].get<std::string>();
        if (action == "one_hot") action += " x" + std::to_string(c["width"].get<std::size_t>());
        rows.push_back({c["name"].get<std::string>(), c["type"].get<std::string>(), std::to_string(c["missing"].get<std::size_t>()),
                        std::to_string(c["distinct"].get<std::size_t>()), cut(values, 44), action, c.value("reason", "")});
    }
    std::array<std::size_t, 7> width{};
    for (auto& row : rows) {
        row[0] = cut(row[0], 32);
        for (std::size_t k = 0; k < row.size(); ++k) width[k] = std::max(width[k], display_width(row[k]));
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t k = 0; k < row.size(); ++k) {
            const std::size_t gap = width[k] - display_width(row[k]);
            const bool right = k == 2 || k == 3;  // counts
            line += (right ? std::string(gap, ' ') + row[k] : row[k] + std::string(gap, ' ')) + (k + 1 < row.size() ? "  " : "");
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        std::printf("%s\n", line.c_str());
    }
    std::printf("\ntarget: %s, %s", r["target"].get<std::string>().c_str(), r["task"].get<std::string>().c_str());
    if (r.contains("classes")) {
        std::string names;
        for (const auto& n : r["classes"]) names += (names.empty() ? "" : ", ") + n.get<std::string>();
        std::printf(" into %zu classes: %s", r["classes"].size(), names.c_str());
    }
    std::printf("\nencoded features: %zu\n", r["features"].get<std::size_t>());
    for (const auto& n : r["notes"]) std::printf("note: %s\n", n.get<std::string>().c_str());
    return 0;
}

int summary_cmd(const Args& a) {
    const Spec spec = load_spec(a.target_file);
    if (spec.model.value("input", json()) == "data")
        throw Error(cli::base_name(a.target_file) + ": its input is \"data\": the sizes come with the data; run train to see them");
    auto model = Model::from_config(resolve_from_data(spec.model, {}, 1));
    print_summary(model->summary(), stdout);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Args a = parse_args(argc, argv);
        if (!opt(a, "--threads").empty()) set_threads(static_cast<int>(integer(a, "--threads", 1, kMaxThreads)));
        if (a.command == "train") return train(a);
        if (a.command == "evaluate") return evaluate_cmd(a);
        if (a.command == "predict") return predict_cmd(a);
        if (a.command == "summary") return summary_cmd(a);
        if (a.command == "quantize") return quantize_cmd(a);
        if (a.command == "import") return cli::import_command(a.target_file, opt(a, "--output"));
        if (a.command == "export") return cli::export_command(a.target_file, opt(a, "--format"), opt(a, "--output"));
        if (a.command == "inspect" && cli::is_image_source(a.target_file))
            return cli::inspect_images_command(a.target_file, a.json);
        if (a.command == "inspect") return inspect_cmd(a);
        throw Error("unknown command '" + a.command + "'\n" + kUsage);
    } catch (const Error& e) {
        std::fprintf(stderr, "\nnnplay: error: %s\n", e.what());
        return 1;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "\nnnplay: error: out of memory\n");
        return 1;
    }
}
