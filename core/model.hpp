#pragma once
// A trained classifier: feature config, vocabulary with idf and weights, biases and the link that
// turns the three decision values into probabilities.
//
// Thread safety: a model is immutable; score() and explain() are const and lock-free, so one loaded
// model (as std::shared_ptr<const model>) serves every thread, each bringing its own scratch.

#include "core/feature_config.hpp"
#include "core/feature_table.hpp"
#include "core/labels.hpp"
#include "core/vectorizer.hpp"

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::core {

/// How decision values become probabilities.
enum class probability_link : std::uint32_t {
  /// One-vs-rest logistic models: p_k = sigmoid(d_k) / sum_j sigmoid(d_j) (liblinear, scikit-learn OvR).
  one_vs_rest = 0,
  /// One multinomial model: p_k = exp(d_k) / sum_j exp(d_j).
  softmax = 1,
};

/// One n-gram's push on the hate-speech decision value.
struct contribution {
  std::string ngram;   // as it appears in the original text
  std::uint32_t begin; // byte offsets into the original text
  std::uint32_t end;
  double weight; // w_hate * x for this feature (logit units)
};

class model {
public:
  model(feature_config features, feature_table table, std::array<float, class_count> bias,
        probability_link link = probability_link::one_vs_rest, std::map<std::string, std::string> info = {});

  /// The probabilities of hate speech, offensive language and neither; they sum to 1.
  probabilities score(std::string_view text, vectorizer_scratch& scratch) const;

  /// The decision values (before the link), for metrics and tests.
  std::array<double, class_count> decision_values(std::string_view text, vectorizer_scratch& scratch) const;

  /// The n-grams of `text` that push the hate-speech score up most, largest first (at most `top`).
  std::vector<contribution> explain(std::string_view text, std::size_t top, vectorizer_scratch& scratch) const;

  struct scored {
    probabilities p;
    std::vector<contribution> explanation;
  };
  /// score() and explain() together, vectorising the text once.
  scored score_explained(std::string_view text, std::size_t top, vectorizer_scratch& scratch) const;

  const feature_config& features() const noexcept { return features_; }
  const feature_table& table() const noexcept { return table_; }
  const std::array<float, class_count>& bias() const noexcept { return bias_; }
  probability_link link() const noexcept { return link_; }
  /// Free-form provenance written at training time (name, options, data, ...).
  const std::map<std::string, std::string>& info() const noexcept { return info_; }
  /// "name-xxxxxxxx": the model's name and the start of its file checksum (set when loaded or saved).
  const std::string& version() const noexcept { return version_; }
  void set_version(std::string v) { version_ = std::move(v); }

  /// Turns decision values into probabilities with the given link.
  static probabilities link_probabilities(const std::array<double, class_count>& d, probability_link link);

private:
  // Both work on the vector vectorize() left in the scratch.
  std::array<double, class_count> decide(const vectorizer_scratch& s) const;
  std::vector<contribution> explain_vectorized(std::string_view text, std::size_t top, vectorizer_scratch& s) const;

  feature_config features_;
  feature_table table_;
  std::array<float, class_count> bias_;
  probability_link link_;
  std::map<std::string, std::string> info_;
  std::string version_;
};

} // namespace hatewatch::core
