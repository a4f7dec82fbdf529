#pragma once
// Fitting a model's calibration (model.hpp): logit_k = scale_k * d_k + shift_k, chosen to minimise
// the weighted log loss of softmax(logits) on out-of-fold decision values.
//
// Partial labels: an example from a corpus without an offensive class that is not hate speech says
// only "offensive language or neither"; its likelihood is p_offensive + p_neither. One from a corpus
// that tells only neither from the rest (OffensEval's OFF) says "hate speech or offensive language".

#include "core/labels.hpp"
#include "core/model.hpp"

#include <array>
#include <vector>

namespace hatewatch::core {

struct calibration_example {
  std::array<double, class_count> d; // the heads' combined decision values, uncalibrated
  label y;
  bool labels_offensive; // false: y == neither means "not hate speech"
  double weight;
  bool neither_only = false; // true: y != neither means "not neither" (hate speech or offensive)
};

/// Throws std::invalid_argument when there is nothing to fit.
calibration fit_calibration(const std::vector<calibration_example>& data);

/// Weighted mean log loss of softmax(calibrated logits) under partial labels.
double calibrated_log_loss(const std::vector<calibration_example>& data, const calibration& cal);

} // namespace hatewatch::core
