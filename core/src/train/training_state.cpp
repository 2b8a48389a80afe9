// A training run's state as the model file's JSON: numbers exactly as they were (nlohmann writes
// doubles so that they read back to the same bits), a loss that overflowed as null.
#include <cmath>
#include <limits>

#include "nnplay/error.hpp"
#include "nnplay/limits.hpp"
#include "nnplay/train/trainer.hpp"

namespace nnplay {

namespace {
json number(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json numbers(const std::vector<double>& v) {
    json out = json::array();
    for (double x : v) out.push_back(number(x));
    return out;
}

double number_of(const json& v, const std::string& where) {
    if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();
    if (!v.is_number()) throw Error(where + ": expected a number, got " + v.dump());
    return v.get<double>();
}

std::vector<double> numbers_of(const json& v, const std::string& where) {
    if (!v.is_array()) throw Error(where + ": expected a list of numbers");
    std::vector<double> out;
    for (const auto& x : v) out.push_back(number_of(x, where));
    return out;
}
}  // namespace

json TrainingState::to_json() const {
    json h = json::object();
    for (const auto& [k, v] : history.history) h[k] = numbers(v);
    json j = {{"epoch", epoch},
            {"batch", batch},
            {"in_epoch", in_epoch},
            {"loss_sum", number(loss_sum)},
            {"seen", seen},
            {"metric_sums", numbers(metric_sums)},
            {"rng", {{"s", {rng.s[0], rng.s[1], rng.s[2], rng.s[3]}}, {"has_spare", rng.has_spare}, {"spare", rng.spare}}},
            {"history", h},
            {"optimizer", optimizer.config()},
            {"optimizer_scalars", optimizer_state.scalars}};
    if (stopped_early) j["stopped_early"] = true;
    if (early_stopping)
        j["early_stopping"] = {{"wait", early_stopping->wait}, {"best_epoch", early_stopping->best_epoch},
                               {"best", number(early_stopping->best)}, {"best_params", early_stopping->best_params}};
    return j;
}

TrainingState TrainingState::from_json(const json& j, const std::string& where) {
    Fields f(j, where, {"epoch", "batch", "in_epoch", "loss_sum", "seen", "metric_sums", "rng", "history",
                        "optimizer", "optimizer_scalars", "stopped_early", "early_stopping"});
    TrainingState s;
    s.epoch = static_cast<int>(f.integer("epoch", 0, limits::kMaxEpochs));
    s.batch = static_cast<int>(f.integer("batch", 0, std::numeric_limits<int>::max()));
    s.in_epoch = f.boolean("in_epoch", false);
    s.loss_sum = number_of(f.raw("loss_sum"), f.path("loss_sum"));
    s.seen = f.number("seen", 0, 1e18);
    s.metric_sums = numbers_of(f.raw("metric_sums"), f.path("metric_sums"));
    Fields r(f.raw("rng"), f.path("rng"), {"s", "has_spare", "spare"});
    const json& words = r.raw("s");
    if (!words.is_array() || words.size() != 4) throw Error(r.path("s") + ": expected 4 whole numbers");
    for (int i = 0; i < 4; ++i) {
        if (!words[i].is_number_unsigned() && !(words[i].is_number_integer() && words[i].get<std::int64_t>() >= 0))
            throw Error(r.path("s") + ": expected 4 whole numbers");
        s.rng.s[i] = words[i].get<std::uint64_t>();
    }
    s.rng.has_spare = r.boolean("has_spare", false);
    s.rng.spare = r.number("spare", -1e300, 1e300);
    const json& h = f.raw("history");
    if (!h.is_object()) throw Error(f.path("history") + ": expected an object of lists");
    for (const auto& [k, v] : h.items()) s.history.history[k] = numbers_of(v, f.path("history") + "." + k);
    s.optimizer = parse_optimizer(f.raw("optimizer"), f.path("optimizer"));
    s.optimizer_state.scalars = numbers_of(f.raw("optimizer_scalars"), f.path("optimizer_scalars"));
    s.stopped_early = f.boolean("stopped_early", false);
    if (f.has("early_stopping")) {
        Fields e(f.raw("early_stopping"), f.path("early_stopping"), {"wait", "best_epoch", "best", "best_params"});
        EarlyStoppingWatch::Progress p;
        p.wait = static_cast<int>(e.integer("wait", 0, limits::kMaxPatience));
        p.best_epoch = static_cast<int>(e.integer("best_epoch", -1, limits::kMaxEpochs));
        p.best = number_of(e.raw("best"), e.path("best"));
        for (double w : numbers_of(e.raw("best_params"), e.path("best_params"))) p.best_params.push_back(static_cast<float>(w));
        s.early_stopping = std::move(p);
    }
    return s;
}

}  // namespace nnplay
