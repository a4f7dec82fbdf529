#pragma once
// A trained classifier: feature config, vocabulary with idf and weights, biases, how the heads
// combine, a calibration, and the link that turns the three logits into probabilities.
//
// Heads: every feature has a weight per class of the main head (hate speech, offensive language,
// neither) and, in models trained with a second hate-speech head (hate_heads::max_of_two), one more
// weight for that head. The hate-speech decision value is then the larger of the two heads'.
// Calibration: logit_k = scale_k * d_k + shift_k, fitted on out-of-fold predictions at training time
// (identity in models without one). Everything stays linear in the features, so an explanation
// lists each n-gram's exact share of the hate-speech logit.
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

/// How the hate-speech decision value is formed.
enum class hate_heads : std::uint32_t {
  /// The main head's hate-speech column alone.
  one = 0,
  /// The larger of the main head's and the second head's (trained on other corpora).
  max_of_two = 1,
};

/// logit_k = scale[k] * d_k + shift[k].
struct calibration {
  std::array<float, class_count> scale{1.0f, 1.0f, 1.0f};
  std::array<float, class_count> shift{0.0f, 0.0f, 0.0f};
  bool operator==(const calibration&) const = default;
};

/// One n-gram's push on the hate-speech logit.
struct contribution {
  std::string ngram;   // as it appears in the original text
  std::uint32_t begin; // byte offsets into the original text
  std::uint32_t end;
  double weight; // its share of the (calibrated) hate-speech logit
};

class model {
public:
  model(feature_config features, feature_table table, column_weights bias,
        probability_link link = probability_link::one_vs_rest, std::map<std::string, std::string> info = {},
        hate_heads heads = hate_heads::one, calibration cal = {});

  /// The probabilities of hate speech, offensive language and neither; they sum to 1.
  probabilities score(std::string_view text, vectorizer_scratch& scratch) const;

  /// The three logits the link turns into probabilities (heads combined, calibrated).
  std::array<double, class_count> decision_values(std::string_view text, vectorizer_scratch& scratch) const;

  /// Every column's raw decision value (bias + w.x), before heads are combined and calibrated.
  /// Leaves the vector in the scratch, without the normalised text's source offsets.
  column_weights_d raw_decision_values(std::string_view text, vectorizer_scratch& scratch) const;

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
  const column_weights& bias() const noexcept { return bias_; }
  probability_link link() const noexcept { return link_; }
  hate_heads heads() const noexcept { return heads_; }
  const struct calibration& calibration() const noexcept { return calibration_; }
  /// Free-form provenance written at training time (name, options, data, ...).
  const std::map<std::string, std::string>& info() const noexcept { return info_; }
  /// The languages the model reads, as ISO 639-1 codes, first its main one: the "languages" entry
  /// of info() (comma-separated), or {"en"} when it has none (every model trained before the
  /// entry existed was trained on English).
  const std::vector<std::string>& languages() const noexcept { return languages_; }
  /// Whether the model tells hate speech from offensive language from neither (every model but one
  /// trained only on neither / not-neither corpora, whose info "classes" is "neither, not neither":
  /// its p[2] is "neither", 1 - p[2] "not neither", and how that splits between p[0] and p[1] means
  /// nothing).
  bool tells_hate() const noexcept { return tells_hate_; }
  /// The class names the model distinguishes: class_names, or two_class_names.
  std::vector<std::string_view> distinguishes() const;
  /// "name-xxxxxxxx": the model's name and the start of its file checksum (set when loaded or saved).
  const std::string& version() const noexcept { return version_; }
  void set_version(std::string v) { version_ = std::move(v); }

  /// Turns logits into probabilities with the given link.
  static probabilities link_probabilities(const std::array<double, class_count>& d, probability_link link);
  /// Combines raw column values into calibrated logits; `hate_column` is set to the column that
  /// gave the hate-speech value.
  static std::array<double, class_count> combine(const column_weights_d& raw, hate_heads heads,
                                                 const struct calibration& cal, std::size_t* hate_column = nullptr);

private:
  // Vectorises `text` into the scratch (with the normalised text's source offsets when `sources`)
  // and returns bias + w.x per column.
  column_weights_d decide(std::string_view text, vectorizer_scratch& s, bool sources) const;
  // Works on the vector decide() left in the scratch (with sources).
  std::vector<contribution> explain_vectorized(std::string_view text, std::size_t top, std::size_t column,
                                               vectorizer_scratch& s) const;

  feature_config features_;
  feature_table table_;
  column_weights bias_;
  probability_link link_;
  std::map<std::string, std::string> info_;
  hate_heads heads_;
  struct calibration calibration_;
  std::vector<std::string> languages_; // from info_
  bool tells_hate_ = true;             // from info_
  std::string version_;
};

} // namespace hatewatch::core
