// train_options: checking them, a corpus's options, and what a model records of its training.
#include "core/trainer.hpp"

#include <sstream>
#include <stdexcept>

namespace hatewatch::core {

void train_options::validate() const {
  features.validate();
  if (!(std::isfinite(c) && c > 0))
    throw std::invalid_argument("C must be a positive number");
  if (!(std::isfinite(epsilon) && epsilon > 0))
    throw std::invalid_argument("epsilon must be a positive number");
  if (!(std::isfinite(bias) && bias >= 0))
    throw std::invalid_argument("bias must be zero or positive");
  for (double w : class_weights)
    if (!(std::isfinite(w) && w > 0))
      throw std::invalid_argument("class weights must be positive numbers");
  if (corpora.size() > 64)
    throw std::invalid_argument("at most 64 corpora");
  bool main = corpora.empty();
  for (const auto& k : corpora) {
    if (k.hate_only && label_scheme_of(k.kind) == label_scheme::neither_or_not)
      throw std::invalid_argument("corpus " + k.name + ": hate labels only, but a " +
                                  std::string(corpus_kind_name(k.kind)) + " corpus has none (it tells neither apart)");
    const double quarters = k.weight * 4;
    if (!(std::isfinite(k.weight) && k.weight > 0 && k.weight <= 16 && std::abs(quarters - std::round(quarters)) < 1e-9))
      throw std::invalid_argument("corpus '" + k.name + "': weight must be a multiple of 0.25 in (0, 16]");
    main = main || k.main_head;
  }
  if (!main)
    throw std::invalid_argument("no corpus trains the main head");
  if (calibration_folds == 1 || calibration_folds > 20)
    throw std::invalid_argument("calibration folds must be 0 (none) or 2 to 20");
}

corpus_options train_options::corpus(std::size_t i) const {
  if (corpora.empty())
    return {};
  return corpora.at(i);
}

bool train_options::has_second_head() const {
  return std::any_of(corpora.begin(), corpora.end(), [](const corpus_options& k) { return k.second_head; });
}

std::map<std::string, std::string> train_options::describe() const {
  auto str = [](double v) {
    std::ostringstream out;
    out << v;
    return out.str();
  };
  std::map<std::string, std::string> d;
  d["features"] = features.describe();
  d["solver"] = penalty == penalty::l2   ? "liblinear L2R_LR (one-vs-rest logistic regression, L2)"
                : penalty == penalty::l1 ? "liblinear L1R_LR (one-vs-rest logistic regression, L1)"
                                         : "liblinear L2R_LR and L1R_LR, weights averaged (one-vs-rest logistic regression)";
  d["link"] = link == probability_link::softmax ? "softmax" : "ovr";
  d["C"] = str(c);
  d["epsilon"] = str(epsilon);
  d["bias"] = str(bias);
  d["seed"] = std::to_string(seed);
  d["class_weight"] = weighting == class_weighting::none ? "none"
                      : weighting == class_weighting::balanced
                          ? "balanced"
                          : str(class_weights[0]) + "," + str(class_weights[1]) + "," + str(class_weights[2]);
  if (!corpora.empty()) {
    std::string list;
    for (const auto& k : corpora) {
      list += (list.empty() ? "" : "; ") + k.name + " (" + std::string(corpus_kind_name(k.kind)) + ", weight " +
              str(k.weight) + (k.main_head ? ", main head" : "") + (k.second_head ? ", second head" : "") +
              (!k.main_head && !k.second_head ? ", evaluation only" : "") + (k.hate_only ? ", hate labels only" : "") +
              ")";
    }
    d["corpora"] = list;
  }
  if (corpus_intercepts)
    d["corpus_intercepts"] = "an intercept per corpus while training; the model keeps the shared one";
  if (augment)
    d["feature_augmentation"] = "shared and per-corpus copies of every feature and intercept; the model keeps the "
                                "shared ones";
  d["calibration"] = calibration_folds == 0 ? "none"
                                            : "per-class scale and shift, fitted on " +
                                                  std::to_string(calibration_folds) +
                                                  "-fold grouped out-of-fold predictions";
  return d;
}

} // namespace hatewatch::core
