#pragma once
// The identity-term bias check (Dixon et al. 2018, "Measuring and Mitigating Unintended Bias in
// Text Classification"): non-hateful template sentences about identity groups, filled with each
// identity term; the share that the model flags as hate speech at a threshold is that identity's
// false-positive rate.

#include "core/model.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace hatewatch::daemon {

struct identity_rate {
  std::string identity;
  std::size_t sentences = 0;
  std::size_t flagged = 0;
  double mean_hate = 0; // mean hate-speech probability
  double rate() const { return sentences ? static_cast<double>(flagged) / static_cast<double>(sentences) : 0.0; }
};

struct bias_report {
  double threshold = 0;
  std::vector<identity_rate> identities; // in file order
  std::size_t sentences = 0;
  std::size_t flagged = 0;
  double overall_rate() const { return sentences ? static_cast<double>(flagged) / static_cast<double>(sentences) : 0.0; }
};

/// Reads non-empty lines that do not start with '#'. Throws std::runtime_error for a missing file,
/// and std::invalid_argument for a template without exactly one "{}".
std::vector<std::string> read_lines(const std::filesystem::path& path);

bias_report check_bias(const core::model& m, const std::vector<std::string>& identities,
                       const std::vector<std::string>& templates, double threshold);

} // namespace hatewatch::daemon
