#include "nnplay/model/choices.hpp"

#include "nnplay/layers/conv.hpp"
#include "nnplay/limits.hpp"
#include "nnplay/model/spec.hpp"

namespace nnplay {

namespace {
template <class List>
json names(const List& list) {
    json out = json::array();
    for (std::string_view n : list) out.push_back(std::string(n));
    return out;
}
}  // namespace

json spec_choices() {
    using namespace limits;
    return {{"activation", names(listed_names(kActivations))},
            {"initializer", names(listed_names(kInitializers))},
            {"loss", names(listed_names(kLosses))},
            {"optimizer", names(kOptimizers)},
            {"regularizer", names(kRegularizers)},
            {"padding", names(kPaddings)},
            {"preprocessing", names(kPreprocessings)},
            {"layer", names(kLayerTypes)},
            {"metric", names(listed_names(kMetrics))},
            {"data", {{"source", names(kDataSources)}, {"missing", names(kMissingPolicies)}, {"color", names(kColors)}}},
            {"early_stopping", {{"mode", names(kStoppingModes)}}},
            {"limits",
             {{"max_epochs", kMaxEpochs},
              {"max_batch_size", kMaxBatchSize},
              {"max_units", kMaxUnits},
              {"max_filters", kMaxFilters},
              {"max_input_side", kMaxInputSide},
              {"max_learning_rate", kMaxLearningRate},
              {"max_split", kMaxSplit},
              {"max_dropout_rate", kMaxDropoutRate},
              {"max_seed", kMaxSeed},
              {"max_patience", kMaxPatience},
              {"max_image_size", kMaxImageSize}}}};
}

}  // namespace nnplay
