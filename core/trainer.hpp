#pragma once
// Training: vocabulary and idf from the training documents, tf-idf vectors through the same
// vectorize() that serving uses, then regularised logistic regression (one-vs-rest) by liblinear:
// L2, L1, or the average of both (the default).
//
// Deterministic: the same data and options give a byte-identical model file.
// Thread safety: train() uses no shared state of its own, but liblinear's message hook is global:
// run one train() at a time.

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
/// and averages their weights: on 5-fold CV of the shared split it beats either alone on macro-F1
/// and on hate-speech AP (models/README.md).
enum class penalty { l2, l1, l2_l1 };

struct train_options {
  feature_config features;
  /// How the three one-vs-rest decision values become probabilities. The arg-max (and so F1) is
  /// the same either way; softmax ranks hate speech better on cross-validation (see models/README.md).
  probability_link link = probability_link::softmax;
  /// Inverse regularisation strength (liblinear's C).
  double c = 1.0;
  class_weighting weighting = class_weighting::balanced;
  enum penalty penalty = penalty::l2_l1;
  /// With class_weighting::custom: a weight per class, in class order.
  std::array<double, class_count> class_weights{1.0, 1.0, 1.0};
  /// liblinear's stopping tolerance.
  double epsilon = 0.01;
  /// Value of the constant feature liblinear appends for the intercept (regularised like the rest).
  double bias = 1.0;
  /// Feeds liblinear's random choices, so runs are reproducible.
  std::uint64_t seed = 1;

  /// Throws std::invalid_argument naming the first bad option.
  void validate() const;
  /// The options as key/value pairs, as written into the model's info.
  std::map<std::string, std::string> describe() const;
};

/// Trains on `data[i]` for every i in `subset` (all of `data` when subset is empty).
/// Throws std::invalid_argument when a class is missing from the training data or options are bad.
model train(const std::vector<example>& data, const train_options& options, const std::vector<std::size_t>& subset = {},
            std::map<std::string, std::string> info = {});

} // namespace hatewatch::core
