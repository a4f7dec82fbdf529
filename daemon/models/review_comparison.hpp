#pragma once
// A candidate model against the live one on comments moderators decided on (held out of the
// candidate's training by time): each model's macro-F1, accuracy and hate-speech F1 on the
// moderators' labels, and the candidate's difference with a paired bootstrap 95 % interval.

#include "core/model.hpp"
#include "daemon/models/review_corpus.hpp"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace hatewatch::daemon {

struct metric_difference {
  double candidate = 0, live = 0;
  double low = 0, high = 0; // the 2.5th and 97.5th percentiles of (candidate - live) over resamples
  double difference() const { return candidate - live; }
};

struct review_comparison {
  std::size_t n = 0;
  /// Macro-F1 over the classes moderators used (a class nobody chose adds no zero to the mean).
  metric_difference macro_f1;
  metric_difference accuracy;
  metric_difference hate_f1; // F1 of the hate-speech class
  /// "better", "worse" or "no clear difference": whether the macro-F1 interval excludes 0.
  const char* verdict() const;
};

/// Scores every reviewed comment with both models (the class of highest probability is the
/// model's label) and resamples the comments `resamples` times (seeded: the same inputs give the
/// same interval). Throws std::invalid_argument for an empty list.
review_comparison compare_on_reviews(const core::model& candidate, const core::model& live,
                                     const std::vector<reviewed_example>& reviews, int resamples = 2000,
                                     std::uint64_t seed = 1);

/// {"candidate", "live", "n", "macro_f1": {candidate, live, difference, low, high}, "accuracy",
/// "hate_speech_f1", "verdict"}: what evaluate --json prints and the console shows.
std::string comparison_json(const review_comparison& c, const std::string& candidate, const std::string& live);

void print_comparison(const review_comparison& c, const std::string& candidate, const std::string& live,
                      std::ostream& out);

} // namespace hatewatch::daemon
