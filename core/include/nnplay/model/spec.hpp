// The experiment spec: a Keras-like JSON document (model, loss, optimizer, training, data source).
// One parser, used by the CLI, the page and the tests; every error names the field.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nnplay/data/corruption.hpp"
#include "nnplay/data/images.hpp"
#include "nnplay/data/preprocessing.hpp"
#include "nnplay/io/fields.hpp"
#include "nnplay/train/augmentation.hpp"
#include "nnplay/train/early_stopping.hpp"
#include "nnplay/train/loss.hpp"
#include "nnplay/train/metrics.hpp"
#include "nnplay/train/optimizer.hpp"

namespace nnplay {

inline constexpr std::string_view kDataSources[] = {"mnist", "csv", "images"};
inline constexpr std::string_view kMissingPolicies[] = {"impute", "drop"};

struct DataSpec {
    std::string source = "mnist";     // mnist, csv, images
    std::string path;                 // csv: path below the data folder, e.g. "house-prices/boston.csv"
    std::string target;               // csv: target column
    std::vector<std::string> drop;    // csv: columns left out of the features
    std::int64_t train_limit = 0;     // use only the first N training rows (0: all)
    std::string missing = "impute";   // csv gaps: impute (train mean / most frequent) or drop the rows
    ImageOptions images;              // images (and a user's image folder): color and image_size
    Corruption corruption;            // seeded label noise, missing values and class skew (data-quality lesson)
};

struct TrainSpec {
    int epochs = 10;
    std::int64_t batch_size = 32;  // 0 means the whole training set (plain gradient descent)
    double validation_split = 0.0;
    int kfold = 0;  // k-fold cross-validation: validate on fold `fold` of `kfold` (0: off)
    int fold = 0;
    double test_split = 0.2;  // for sources without their own test set
    std::uint64_t seed = 42;
    bool shuffle = true;
    EarlyStopping early_stopping;
};

struct Spec {
    std::string name, title, description;
    DataSpec data;
    json model;  // validated by Model::from_config
    Preprocessing preprocessing;
    Augmentation augmentation;  // training batches only
    LossKind loss = LossKind::categorical_crossentropy;
    OptimizerSpec optimizer;
    std::vector<Metric> metrics;
    TrainSpec train;

    json to_json() const;
};

Spec parse_spec(std::string_view text);
Spec spec_from_json(const json& doc);

}  // namespace nnplay
