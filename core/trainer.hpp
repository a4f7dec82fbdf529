#pragma once
// Training: vocabulary and idf from the training documents, tf-idf vectors through the same
// vectorize() that serving uses, then regularised logistic regression by liblinear, one binary
// problem per weight column (model.hpp): L2, L1, or the average of both (the default).
//
// Several corpora: each example names its corpus (example::corpus, an index into
// train_options::corpora). A corpus has a weight, and says which heads it trains:
// - the main head's hate-speech column learns from every main-head corpus; its offensive-language
//   and neither columns only from corpora that tell those two apart (partial labels: a "not hate"
//   from Stormfront is missing for those columns, not a negative);
// - the second head (optional) is hate speech against the rest, learnt from its own corpora; the
//   model's hate-speech value is then the larger of the two heads' (hate_heads::max_of_two).
// Without corpora (one three-class corpus) the three columns are one liblinear one-vs-rest call per
// penalty, exactly as the first release trained (its models are reproduced bit for bit).
// With calibration_folds >= 2 the calibration is fitted on out-of-fold decision values of models
// trained the same way on grouped folds (folds.hpp) of the training data.
//
// Deterministic: the same data and options give a byte-identical model file.
// Thread safety: train() uses no shared state of its own, but liblinear's message hook and the C
// library's rand() (its L1 solver shuffles with it) are global: run one train() at a time.

#include "core/dataset.hpp"
#include "core/feature_config.hpp"
#include "core/model.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hatewatch::core {

enum class class_weighting { none, balanced, custom };

/// The regularisation of the logistic regression. l2_l1 trains an L2 and an L1 model with the same C
/// and averages their weights: on 5-fold CV of the Davidson split it beats either alone on macro-F1
/// and on hate-speech AP (models/README.md).
enum class penalty { l2, l1, l2_l1 };

struct corpus_options {
  std::string name = "data";
  corpus_kind kind = corpus_kind::text;
  /// Each example counts this many times; a multiple of 0.25 in (0, 16] (liblinear has no
  /// per-example weights, so examples are repeated: exact, and cheap, since rows are shared).
  double weight = 1.0;
  bool main_head = true;
  bool second_head = false; // neither: the corpus is only evaluated on, never trained on
  /// Use only the corpus's hate-speech labels: its offensive-language and neither labels are
  /// treated as missing, as for a corpus that has no offensive class (for corpora whose boundary
  /// between the two differs from Davidson's).
  bool hate_only = false;
  /// Whether the corpus's labels 1 and 2 are used as offensive language and neither.
  bool uses_offensive() const { return !hate_only && labels_offensive(kind); }
  /// Whether the corpus's labels say only "neither" or "not neither" (OffensEval's NOT / OFF): it
  /// trains the neither column alone.
  bool neither_only() const { return !hate_only && label_scheme_of(kind) == label_scheme::neither_or_not; }
  /// Whether the corpus trains weight column `target` of the main head.
  bool trains(label target) const {
    if (!main_head)
      return false;
    if (neither_only())
      return target == neither;
    return target == hate_speech || uses_offensive();
  }
};

struct train_options {
  feature_config features;
  /// How the three decision values become probabilities. The arg-max (and so F1) is the same
  /// either way; softmax ranks hate speech better on cross-validation (see models/README.md).
  probability_link link = probability_link::softmax;
  /// Inverse regularisation strength (liblinear's C).
  double c = 1.0;
  class_weighting weighting = class_weighting::balanced;
  enum penalty penalty = penalty::l2_l1;
  /// With class_weighting::custom: a weight per class of the main head, in class order.
  std::array<double, class_count> class_weights{1.0, 1.0, 1.0};
  /// liblinear's stopping tolerance.
  double epsilon = 0.01;
  /// Value of the constant feature liblinear appends for the intercept (regularised like the rest).
  double bias = 1.0;
  /// Feeds liblinear's random choices and the calibration folds, so runs are reproducible.
  std::uint64_t seed = 1;
  /// The corpora, indexed by example::corpus; empty means one three-class corpus, main head only.
  std::vector<corpus_options> corpora;
  /// Train with shared plus per-corpus copies of the features (and intercepts); serve the shared part.
  bool augment = false;
  /// With corpora: each corpus gets an intercept of its own beside the shared one while training
  /// (its rows carry one more constant feature); the model keeps only the shared one. Corpora's
  /// hate rates differ from 6 % to 55 %; without intercepts of their own, words typical of a
  /// high-rate corpus (identity terms) learn its rate as hate. Calibration re-centres the result.
  bool corpus_intercepts = false;
  /// Folds for fitting the calibration on out-of-fold predictions; 0 for none (identity).
  std::uint32_t calibration_folds = 0;

  /// Throws std::invalid_argument naming the first bad option.
  void validate() const;
  /// The options as key/value pairs, as written into the model's info.
  std::map<std::string, std::string> describe() const;
  /// The corpus of index i (a default three-class corpus when `corpora` is empty).
  corpus_options corpus(std::size_t i) const;
  bool has_second_head() const;
};

/// Trains on `data[i]` for every i in `subset` (all rows not held out when subset is empty).
/// Throws std::invalid_argument when a column has no positive or no negative example, an example
/// names an unknown corpus, or options are bad.
model train(const std::vector<example>& data, const train_options& options, const std::vector<std::size_t>& subset = {},
            std::map<std::string, std::string> info = {});

} // namespace hatewatch::core
