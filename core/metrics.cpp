#include "core/metrics.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace hatewatch::core {

double average_precision(const std::vector<bool>& positive, const std::vector<double>& score) {
  assert(positive.size() == score.size());
  std::vector<std::size_t> order(score.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
  const auto total = static_cast<double>(std::count(positive.begin(), positive.end(), true));
  if (total == 0)
    return 0;
  double ap = 0, previous_recall = 0;
  std::size_t tp = 0, seen = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    tp += positive[order[i]] ? 1 : 0;
    ++seen;
    // Only at the last of a run of tied scores is there a threshold.
    if (i + 1 < order.size() && score[order[i + 1]] == score[order[i]])
      continue;
    const double recall = static_cast<double>(tp) / total;
    const double precision = static_cast<double>(tp) / static_cast<double>(seen);
    ap += (recall - previous_recall) * precision;
    previous_recall = recall;
  }
  return ap;
}

double expected_calibration_error(const std::vector<bool>& positive, const std::vector<double>& p,
                                  std::size_t bins) {
  std::vector<double> sum_p(bins, 0.0), sum_y(bins, 0.0), count(bins, 0.0);
  for (std::size_t i = 0; i < p.size(); ++i) {
    const auto b = std::min(bins - 1, static_cast<std::size_t>(std::max(0.0, p[i]) * static_cast<double>(bins)));
    sum_p[b] += p[i];
    sum_y[b] += positive[i] ? 1.0 : 0.0;
    count[b] += 1;
  }
  double ece = 0;
  for (std::size_t b = 0; b < bins; ++b)
    if (count[b] > 0)
      ece += std::abs(sum_y[b] - sum_p[b]) / static_cast<double>(p.size());
  return ece;
}

evaluation evaluate(const std::vector<label>& truth, const std::vector<probabilities>& predicted) {
  assert(truth.size() == predicted.size() && !truth.empty());
  evaluation e;
  e.n = truth.size();
  double loss = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const auto& p = predicted[i];
    const auto guess = static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
    ++e.confusion[static_cast<std::size_t>(truth[i])][guess];
    loss -= std::log(std::clamp(p[static_cast<std::size_t>(truth[i])], 1e-15, 1.0));
  }
  e.log_loss = loss / static_cast<double>(e.n);

  std::size_t correct = 0;
  for (std::size_t k = 0; k < class_count; ++k) {
    auto& c = e.classes[k];
    std::size_t predicted_k = 0;
    for (std::size_t t = 0; t < class_count; ++t) {
      c.support += e.confusion[k][t];
      predicted_k += e.confusion[t][k];
    }
    const double tp = static_cast<double>(e.confusion[k][k]);
    correct += e.confusion[k][k];
    c.precision = predicted_k ? tp / static_cast<double>(predicted_k) : 0;
    c.recall = c.support ? tp / static_cast<double>(c.support) : 0;
    c.f1 = (c.precision + c.recall) > 0 ? 2 * c.precision * c.recall / (c.precision + c.recall) : 0;

    std::vector<bool> positive(truth.size());
    std::vector<double> score(truth.size());
    for (std::size_t i = 0; i < truth.size(); ++i) {
      positive[i] = static_cast<std::size_t>(truth[i]) == k;
      score[i] = predicted[i][k];
    }
    c.average_precision = average_precision(positive, score);
    e.macro_f1 += c.f1 / class_count;
    e.weighted_f1 += c.f1 * static_cast<double>(c.support) / static_cast<double>(e.n);
  }
  e.accuracy = static_cast<double>(correct) / static_cast<double>(e.n);
  return e;
}

evaluation mean_of(const std::vector<evaluation>& folds) {
  evaluation m;
  if (folds.empty())
    return m;
  const auto k = static_cast<double>(folds.size());
  for (const auto& f : folds) {
    m.n += f.n;
    m.accuracy += f.accuracy / k;
    m.macro_f1 += f.macro_f1 / k;
    m.weighted_f1 += f.weighted_f1 / k;
    m.log_loss += f.log_loss / k;
    for (std::size_t c = 0; c < class_count; ++c) {
      m.classes[c].precision += f.classes[c].precision / k;
      m.classes[c].recall += f.classes[c].recall / k;
      m.classes[c].f1 += f.classes[c].f1 / k;
      m.classes[c].average_precision += f.classes[c].average_precision / k;
      m.classes[c].support += f.classes[c].support;
      for (std::size_t t = 0; t < class_count; ++t)
        m.confusion[c][t] += f.confusion[c][t];
    }
  }
  return m;
}

std::vector<threshold_point> threshold_table(const std::vector<label>& truth, const std::vector<probabilities>& predicted,
                                             label k, const std::vector<double>& thresholds) {
  std::vector<threshold_point> out;
  std::size_t positives = 0;
  for (const auto t : truth)
    positives += t == k ? 1 : 0;
  for (const double threshold : thresholds) {
    std::size_t flagged = 0, hits = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
      if (predicted[i][static_cast<std::size_t>(k)] >= threshold) {
        ++flagged;
        hits += truth[i] == k ? 1 : 0;
      }
    }
    threshold_point p;
    p.threshold = threshold;
    p.precision = flagged ? static_cast<double>(hits) / static_cast<double>(flagged) : 0;
    p.recall = positives ? static_cast<double>(hits) / static_cast<double>(positives) : 0;
    p.flagged = truth.empty() ? 0 : static_cast<double>(flagged) / static_cast<double>(truth.size());
    out.push_back(p);
  }
  return out;
}

} // namespace hatewatch::core
