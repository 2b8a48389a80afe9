#include "nnplay/train/report.hpp"

#include "nnplay/train/classification_report.hpp"
#include "nnplay/train/metrics.hpp"

namespace nnplay {

json test_report(Model& model, LossKind loss, const Dataset& data, int max_examples) {
    const Mat out = model.predict(data.x);
    const MatMap view(const_cast<float*>(out.data()), out.rows(), out.cols());
    if (!is_classification(loss)) {
        json points = json::array();
        double se = 0;
        for (Index r = 0; r < data.size(); ++r) {
            points.push_back({data.y(r, 0), out(r, 0)});
            se += (out(r, 0) - data.y(r, 0)) * static_cast<double>(out(r, 0) - data.y(r, 0));
        }
        return {{"points", points}, {"mse", data.size() ? se / static_cast<double>(data.size()) : 0.0}};
    }
    const Index classes = std::max<Index>(out.cols(), 2);
    std::vector<std::vector<Index>> confusion(static_cast<std::size_t>(classes), std::vector<Index>(static_cast<std::size_t>(classes)));
    json wrong = json::array();
    Index correct = 0;
    for (Index r = 0; r < data.size(); ++r) {
        const int truth = static_cast<int>(data.y(r, 0)), guess = predicted_class(view, r);
        if (truth >= 0 && truth < classes) ++confusion[static_cast<std::size_t>(truth)][static_cast<std::size_t>(guess)];
        if (truth == guess) {
            ++correct;
        } else if (static_cast<int>(wrong.size()) < max_examples) {
            std::vector<float> p(out.row(r).data(), out.row(r).data() + out.cols());
            wrong.push_back({{"index", r}, {"label", truth}, {"predicted", guess}, {"probabilities", p}});
        }
    }
    json report{{"confusion", confusion},
                {"misclassified", wrong},
                {"accuracy", data.size() ? static_cast<double>(correct) / static_cast<double>(data.size()) : 0.0},
                {"class_names", class_names(data, classes)},
                {"classification", classification_report(confusion).to_json()}};
    if (classes == 2) {  // the positive class's score: the sigmoid output, or the softmax's second column
        std::vector<float> scores(static_cast<std::size_t>(data.size()));
        std::vector<int> labels(scores.size());
        for (Index r = 0; r < data.size(); ++r)
            scores[static_cast<std::size_t>(r)] = out(r, out.cols() - 1), labels[static_cast<std::size_t>(r)] = data.y(r, 0) >= 0.5f;
        report["roc"] = roc_curve(scores, labels).to_json();
    }
    return report;
}

}  // namespace nnplay
