#include "nnplay/train/cross_validation.hpp"

#include <algorithm>
#include <cmath>

#include "nnplay/error.hpp"

namespace nnplay {

Spec fold_spec(Spec spec, int k, int fold) {
    if (k < 2 || k > 100) throw Error("spec.out_of_range", "kfold: " + std::to_string(k) + " folds; use 2 to 100");
    if (fold < 0 || fold >= k) throw Error("spec.out_of_range", "fold: " + std::to_string(fold) + " is not one of 0 to " + std::to_string(k - 1));
    if (spec.train.validation_split > 0)
        throw Error("spec.conflict", "kfold: each fold in turn is the validation data, so the spec's train.validation_split (" +
                    std::to_string(spec.train.validation_split).substr(0, 4) + ") must be 0");
    spec.train.kfold = k;
    spec.train.fold = fold;
    return spec;
}

json fold_scores(Session& session) {
    const Evaluation v = session.trainer().evaluate(session.validation_data());
    json j{{"fold", session.spec().train.fold},
           {"train_rows", session.train_data().size()},
           {"validation_rows", session.validation_data().size()},
           {"epochs", session.trainer().epoch()},
           {"val_loss", v.loss}};
    for (const auto& [name, value] : v.metrics) j["val_" + name] = value;
    return j;
}

json summarize_folds(const json& folds) {
    if (!folds.is_array() || folds.empty()) throw Error("cross-validation: no folds to summarise");
    json mean = json::object(), spread = json::object(), lo = json::object(), hi = json::object();
    for (const auto& [key, first] : folds[0].items()) {
        if (key.rfind("val_", 0) != 0) continue;
        std::vector<double> v;
        for (const auto& f : folds) {
            if (!f.contains(key) || !f[key].is_number()) throw Error("cross-validation: a fold has no " + key);
            v.push_back(f[key].get<double>());
        }
        double m = 0, ss = 0;
        for (double x : v) m += x;
        m /= static_cast<double>(v.size());
        for (double x : v) ss += (x - m) * (x - m);
        mean[key] = m;
        spread[key] = std::sqrt(ss / static_cast<double>(v.size()));
        lo[key] = *std::min_element(v.begin(), v.end());
        hi[key] = *std::max_element(v.begin(), v.end());
    }
    return {{"k", folds.size()}, {"folds", folds}, {"mean", mean}, {"std", spread}, {"min", lo}, {"max", hi}};
}

json cross_validate(const Spec& spec, const RawData& train, const std::optional<RawData>& test, bool adapt_input,
                    const std::function<void(int, Session&)>& on_fold) {
    const int k = spec.train.kfold;
    json folds = json::array();
    for (int fold = 0; fold < k; ++fold) {
        Session session(fold_spec(spec, k, fold));
        session.prepare(train, test, adapt_input);
        if (on_fold) on_fold(fold, session);
        session.trainer().fit();
        folds.push_back(fold_scores(session));
    }
    return summarize_folds(folds);
}

}  // namespace nnplay
