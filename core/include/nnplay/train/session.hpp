// One experiment from spec to trained model: splits, preprocessing fitted on the training split,
// target encoding, model and trainer. The CLI and the page both drive this; neither repeats it.
#pragma once
#include <memory>
#include <optional>
#include <variant>

#include "nnplay/data/columns.hpp"
#include "nnplay/model/spec.hpp"
#include "nnplay/train/trainer.hpp"

namespace nnplay {

// What a front hands a Session: a dataset (IDX, images) or a raw CSV table whose column plan the
// Session fits on the training split.
using RawData = std::variant<Dataset, TableData>;

class Session {
public:
    explicit Session(Spec spec, std::uint64_t memory_budget = kDefaultMemoryBudget)
        : spec_(std::move(spec)), budget_(memory_budget) {}

    // `train` and `test` are raw: a Dataset as parsed from IDX (one class index or value per row in y), or a
    // CSV table, whose column plan is fitted on the training split after the splits and applied to all.
    // Without `test`, a seeded test_split of `train` becomes the test set. With `adapt_input` the model
    // takes its input shape from the data (a user's own file) instead of the spec.
    void prepare(RawData train, std::optional<RawData> test, bool adapt_input = false);
    bool prepared() const { return trainer_ != nullptr; }
    // Continues with a loaded model (its weights and preprocessing) on the prepared data. With a saved
    // `training` state that fits this spec and data, training resumes where it stood (epoch counter,
    // optimizer state, row order, History); without one the optimizer starts afresh at epoch 0. Returns
    // why a given state could not be resumed ("" when it was). The current model is untouched if the
    // new one does not fit the data.
    std::string adopt(std::unique_ptr<Model> model, const std::optional<TrainingState>& training = std::nullopt);

    const Spec& spec() const { return spec_; }
    Model& model() { return *model_; }
    Trainer& trainer() { return *trainer_; }
    const Dataset& train_data() const { return train_; }
    const Dataset& validation_data() const { return val_; }
    const Dataset& test_data() const { return test_; }

    bool classification() const { return is_classification(spec_.loss); }
    Index classes() const { return classes_; }
    Evaluation evaluate_test() { return trainer_->evaluate(test_); }
    // Task, class count and names, split sizes, features, the column plan: what the fronts show the user
    // about the data (and what a model file keeps of it).
    json describe() const;
    const std::optional<ColumnPlan>& plan() const { return plan_; }

private:
    // Throws, naming `who`, unless the model's input and output fit the prepared data and the loss.
    void check_fits(const Model& model, const std::string& who) const;
    std::unique_ptr<Trainer> make_trainer(Model& model) const;
    // The test split (when there is no test set) and Keras' validation tail; refuses splits left empty.
    void split(Dataset train, std::optional<Dataset> test);
    // CSV tables: rows, class names and the plan; train_/val_/test_ hold the encoded splits afterwards.
    void prepare_table(TableData train, std::optional<TableData> test);
    // data.corruption (nnplay/data/corruption.hpp): the class skew of all the rows before the splits, then
    // the missing values (tables) and label noise of the training split; corruption_ says what was done.
    void skew(Dataset& train, Dataset* test);
    void remove_training_values(RawTable& table, const ColumnPlan& plan);
    void flip_training_labels();

    Spec spec_;
    std::uint64_t budget_;
    Index classes_ = 0;
    std::optional<ColumnPlan> plan_;
    EncodeCounts encoded_;
    std::size_t dropped_missing_target_ = 0, dropped_missing_values_ = 0;
    json corruption_;
    Dataset train_, val_, test_;
    std::unique_ptr<Model> model_;
    std::unique_ptr<Trainer> trainer_;
};

// Number of classes in integer labels (max + 1); throws naming the row of a label that is not a class.
Index count_classes(const Dataset& ds, const std::string& what);
// A trained (e.g. loaded) model on new data: checks that the data fits it, then evaluates.
Evaluation evaluate_raw(Model& model, LossKind loss, const std::vector<Metric>& metrics, const Dataset& data);

}  // namespace nnplay
