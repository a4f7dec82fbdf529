#pragma once
// Evaluation over several corpora: grouped k-fold cross-validation of a training mix, each
// corpus's held-out test split scored by a model trained on every training row, metrics per corpus
// (before and after calibration), and a cross-corpus matrix (each corpus alone, then the mix).

#include "core/metrics.hpp"
#include "core/model.hpp"
#include "core/trainer.hpp"
#include "daemon/commands/training_data.hpp"

#include <boost/json/object.hpp>

#include <cmath>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace hatewatch::daemon {

struct prediction {
  std::size_t row; // into training_set::data
  core::probabilities before; // heads combined, calibration not applied
  core::probabilities after;  // as the model serves it
};

/// Scores rows with one model, keeping the uncalibrated probabilities too.
prediction predict(const core::model& m, const core::example& e, std::size_t row, core::vectorizer_scratch& s);

/// What one corpus's predictions give. macro_f1 is NaN for corpora without an offensive class.
struct corpus_metrics {
  std::size_t n = 0;
  double hate_ap = NAN;
  double hate_accuracy = NAN; // hate speech against the rest, by arg-max
  double macro_f1 = NAN;
  /// Offence (not neither) against neither, for corpora that tell neither apart (three-class and
  /// neither/not-neither ones): macro-F1 of the two at p(neither) < 0.5, and the AP of 1 - p(neither).
  double offence_f1 = NAN;
  double offence_ap = NAN;
  double ece_before = NAN; // of the hate-speech probability, 10 bins
  double ece_after = NAN;
};

corpus_metrics measure(const training_set& set, const std::vector<prediction>& predictions, std::size_t corpus);

struct mix_result {
  std::vector<prediction> cv;   // out of fold, every training row
  std::vector<prediction> test; // held-out rows, by the model trained on every training row
};

/// Grouped k-fold CV of training on the corpora in `use` (all when empty); every corpus's rows in
/// fold f are scored by the model of fold f. Progress lines go to `log`.
mix_result cross_validate(const training_set& set, const core::train_options& options, std::uint32_t folds,
                          const std::vector<bool>& use, std::ostream& log);

/// Hate-speech precision, recall and share flagged at each threshold, on one corpus's predictions
/// (for a corpus that tells only neither from the rest: not neither, at 1 - p(neither)).
std::vector<core::threshold_point> hate_thresholds(const training_set& set, const std::vector<prediction>& predictions,
                                                   std::size_t corpus, const std::vector<double>& cuts);
/// The same for every corpus: JSON {corpus: [{threshold, precision, recall, flagged}]} and text.
boost::json::object thresholds_json(const training_set& set, const std::vector<prediction>& predictions,
                                    const std::vector<double>& cuts);
void print_thresholds(const training_set& set, const std::vector<prediction>& predictions,
                      const std::vector<double>& cuts, std::ostream& out);

/// Per corpus: {"cv": metrics, "test": metrics (where a test split exists)}.
boost::json::object report_json(const training_set& set, const mix_result& r);
void print_report(const training_set& set, const mix_result& r, std::ostream& out);

/// The cross-corpus matrix: a row per training set (each corpus alone, then the mix), hate AP on
/// every corpus's out-of-fold rows, Davidson-style macro-F1 where a corpus has it, test accuracy
/// where a test split exists.
struct matrix_row {
  std::string trained_on;
  std::vector<corpus_metrics> cv;   // per corpus
  std::vector<corpus_metrics> test; // per corpus (n = 0 without a test split)
};
std::vector<matrix_row> cross_corpus_matrix(const training_set& set, const core::train_options& options,
                                            std::uint32_t folds, std::ostream& log);
boost::json::array matrix_json(const training_set& set, const std::vector<matrix_row>& rows);
void print_matrix(const training_set& set, const std::vector<matrix_row>& rows, std::ostream& out);

} // namespace hatewatch::daemon
