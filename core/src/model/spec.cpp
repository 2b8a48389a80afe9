#include "nnplay/model/spec.hpp"

#include <algorithm>

#include "nnplay/error.hpp"
#include "nnplay/limits.hpp"
#include "nnplay/model/model.hpp"

namespace nnplay {

Spec parse_spec(std::string_view text) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::exception& e) {  // parse_error, or out_of_range for a number beyond a double (1e999)
        throw Error("spec.not_json", std::string("spec is not valid JSON: ") + e.what());
    }
    return spec_from_json(doc);
}

Spec spec_from_json(const json& doc) {
    Fields f(doc, "", {"name", "title", "description", "lesson", "data", "model", "preprocessing", "augmentation", "loss",
                       "optimizer", "metrics", "train"});
    Spec s;
    s.name = f.text("name", "");
    s.title = f.text("title", s.name);
    s.description = f.text("description", "");

    if (f.has("data")) {
        Fields d(f.raw("data"), "data",
                 {"source", "path", "target", "drop", "train_limit", "missing", "color", "image_size", "corruption"});
        s.data.source = d.choice("source", "mnist", kDataSources);
        if (s.data.source == "csv") {
            s.data.path = d.text("path");
            s.data.target = d.text("target", "");  // empty: the file's last column
        }
        s.data.drop = d.texts("drop");
        s.data.missing = d.choice("missing", "impute", kMissingPolicies);
        s.data.train_limit = d.integer("train_limit", 0, 0, 1ll << 40);
        s.data.images = ImageOptions::from_json(f.raw("data"));
        if (d.has("corruption")) s.data.corruption = Corruption::from_json(d.raw("corruption"), "data.corruption");
    }

    if (!f.has("model")) throw Error("spec.missing_field", "model: required field is missing");
    s.model = f.raw("model");
    // Validate the layers now, so a typo is reported when the spec is read, not when data arrives.
    if (s.model.is_object() && s.model.contains("input")) {
        if (s.model["input"] == "data") {  // the shapes come with the data; the layers' fields are checked now
            const json resolved = resolve_from_data(s.model, {1}, 2);
            if (resolved.contains("layers") && resolved["layers"].is_array())
                for (std::size_t i = 0; i < resolved["layers"].size(); ++i)
                    make_layer(resolved["layers"][i], "model.layers[" + std::to_string(i) + "]");
        } else {
            Model::plan(resolve_from_data(s.model, {}, 2), {}, 1);
        }
    }
    if (f.has("preprocessing")) s.preprocessing = Preprocessing::from_config(f.raw("preprocessing"), "preprocessing");
    if (f.has("augmentation")) s.augmentation = Augmentation::from_json(f.raw("augmentation"), "augmentation");
    s.loss = parse_loss(f.text("loss"), "loss");
    s.optimizer = f.has("optimizer") ? parse_optimizer(f.raw("optimizer"), "optimizer") : OptimizerSpec{};
    for (const auto& m : f.texts("metrics")) s.metrics.push_back(parse_metric(m, "metrics"));
    if (!f.has("metrics")) s.metrics.push_back(is_classification(s.loss) ? Metric::accuracy : Metric::mae);

    if (f.has("train")) {
        Fields t(f.raw("train"), "train",
                 {"epochs", "batch_size", "validation_split", "kfold", "fold", "test_split", "seed", "shuffle",
                  "early_stopping"});
        s.train.epochs = static_cast<int>(t.integer("epochs", 10, 1, limits::kMaxEpochs));
        if (t.has("batch_size") && t.raw("batch_size").is_string()) {
            if (t.raw("batch_size") != "full")
                throw Error("spec.wrong_type", "train.batch_size: expected a whole number or \"full\" (the whole training set)");
            s.train.batch_size = 0;
        } else {
            s.train.batch_size = t.integer("batch_size", 32, 1, limits::kMaxBatchSize);
        }
        s.train.validation_split = t.number("validation_split", 0.0, 0.0, limits::kMaxSplit);
        s.train.kfold = static_cast<int>(t.integer("kfold", 0, 0, 100));
        if (s.train.kfold == 1) throw Error("spec.out_of_range", "train.kfold: 1 fold leaves nothing to train on; use 2 or more (or 0 for none)");
        s.train.fold = static_cast<int>(t.integer("fold", 0, 0, std::max(0, s.train.kfold - 1)));
        if (s.train.kfold && s.train.validation_split > 0)
            throw Error("spec.conflict", "train.kfold: each fold in turn is the validation data, so validation_split must be 0 (or left out)");
        s.train.test_split = t.number("test_split", 0.2, 0.0, limits::kMaxSplit);
        s.train.seed = static_cast<std::uint64_t>(t.integer("seed", 42, 0, limits::kMaxSeed));
        s.train.shuffle = t.boolean("shuffle", true);
        if (t.has("early_stopping")) {
            Fields e(t.raw("early_stopping"), "train.early_stopping",
                     {"monitor", "min_delta", "patience", "mode", "baseline", "restore_best_weights", "start_from_epoch"});
            auto& es = s.train.early_stopping;
            std::vector<std::string> logged{"loss", "val_loss"};
            for (auto m : s.metrics) logged.push_back(to_string(m)), logged.push_back("val_" + to_string(m));
            es.monitor = choose(e.text("monitor", "val_loss"), std::vector<std::string_view>(logged.begin(), logged.end()),
                                e.path("monitor"));
            // Keras 3's defaults for every field left out.
            es.min_delta = e.number("min_delta", 0.0, -1e30, 1e30);
            es.patience = static_cast<int>(e.integer("patience", 0, 0, limits::kMaxPatience));
            es.mode = e.choice("mode", "auto", kStoppingModes);
            if (e.has("baseline") && !e.raw("baseline").is_null()) es.baseline = e.number("baseline", -1e30, 1e30);
            es.restore_best_weights = e.boolean("restore_best_weights", false);
            es.start_from_epoch = static_cast<int>(e.integer("start_from_epoch", 0, 0, limits::kMaxPatience));
            if (es.monitor.rfind("val_", 0) == 0 && s.train.validation_split == 0 && s.train.kfold == 0)
                throw Error("spec.conflict", "train.early_stopping: monitoring " + es.monitor + " needs a validation_split above 0 (or kfold)");
        }
    }
    return s;
}

json Spec::to_json() const {
    json d{{"source", data.source}};
    if (data.source == "csv") d["path"] = data.path, d["target"] = data.target;
    if (!data.drop.empty()) d["drop"] = data.drop;
    if (data.train_limit) d["train_limit"] = data.train_limit;
    if (data.missing != "impute") d["missing"] = data.missing;
    if (data.images.color != "auto") d["color"] = data.images.color;
    if (data.images.height > 0) d["image_size"] = {data.images.height, data.images.width};
    if (data.corruption.active()) d["corruption"] = data.corruption.config();
    json metric_names = json::array();
    for (auto m : metrics) metric_names.push_back(to_string(m));
    json doc{{"name", name},
             {"title", title},
             {"description", description},
             {"data", d},
             {"model", model},
             {"preprocessing", preprocessing.config()},
             {"loss", to_string(loss)},
             {"optimizer", optimizer.config()},
             {"metrics", metric_names},
             {"train",
              {{"epochs", train.epochs},
               {"validation_split", train.validation_split},
               {"test_split", train.test_split},
               {"seed", train.seed},
               {"shuffle", train.shuffle}}}};
    if (const auto& es = train.early_stopping; !es.monitor.empty()) {
        doc["train"]["early_stopping"] = {{"monitor", es.monitor},       {"min_delta", es.min_delta},
                                          {"patience", es.patience},     {"mode", es.mode},
                                          {"baseline", es.baseline ? json(*es.baseline) : json(nullptr)},
                                          {"restore_best_weights", es.restore_best_weights},
                                          {"start_from_epoch", es.start_from_epoch}};
    }
    if (augmentation.active()) doc["augmentation"] = augmentation.config();
    if (train.kfold) doc["train"]["kfold"] = train.kfold, doc["train"]["fold"] = train.fold;
    if (train.batch_size == 0) doc["train"]["batch_size"] = "full";
    else doc["train"]["batch_size"] = train.batch_size;
    return doc;
}

}  // namespace nnplay
