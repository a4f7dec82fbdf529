#pragma once
// Classification metrics over the three classes, matching scikit-learn's definitions:
// precision/recall/F1 from the arg-max prediction, average precision (area under the step-wise
// precision-recall curve) from each class's probability, and log loss.

#include "core/labels.hpp"

#include <array>
#include <cstddef>
#include <vector>

namespace hatewatch::core {

struct class_metrics {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  double average_precision = 0;
  std::size_t support = 0;
};

struct evaluation {
  std::size_t n = 0;
  double accuracy = 0;
  double macro_f1 = 0;
  double weighted_f1 = 0;
  double log_loss = 0;
  std::array<class_metrics, class_count> classes{};
  /// confusion[true][predicted]
  std::array<std::array<std::size_t, class_count>, class_count> confusion{};
};

/// Requires truth.size() == predicted.size() > 0.
evaluation evaluate(const std::vector<label>& truth, const std::vector<probabilities>& predicted);

/// Average precision of `score` for the examples where `positive` is true (scikit-learn's
/// average_precision_score: tied scores form one threshold). 0 when there is no positive.
double average_precision(const std::vector<bool>& positive, const std::vector<double>& score);

/// Expected calibration error of a probability of the positive class: examples in `bins` equal-width
/// bins of `p`, the mean over bins (weighted by their share) of |share positive - mean p|.
/// Requires positive.size() == p.size() > 0.
double expected_calibration_error(const std::vector<bool>& positive, const std::vector<double>& p,
                                  std::size_t bins = 10);

/// What flagging class `k` at probability >= threshold gives: how many flagged, and of those how
/// many are truly of class k (precision), and how many of class k are flagged (recall).
struct threshold_point {
  double threshold = 0;
  double precision = 0; // 0 when nothing is flagged
  double recall = 0;
  double flagged = 0; // share of all examples flagged
};
std::vector<threshold_point> threshold_table(const std::vector<label>& truth, const std::vector<probabilities>& predicted,
                                             label k, const std::vector<double>& thresholds);

/// The mean of each metric over cross-validation folds; n and the confusion matrix are summed.
evaluation mean_of(const std::vector<evaluation>& folds);

} // namespace hatewatch::core
