#include "daemon/models/review_comparison.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>
#include <stdexcept>

namespace hatewatch::daemon {
namespace {

using counts = std::array<std::array<std::size_t, core::class_count>, core::class_count>; // [truth][predicted]

struct scores {
  double macro_f1 = 0, accuracy = 0, hate_f1 = 0;
};

double f1_of(const counts& c, std::size_t k) {
  std::size_t predicted = 0, actual = 0;
  for (std::size_t j = 0; j < core::class_count; ++j) {
    predicted += c[j][k];
    actual += c[k][j];
  }
  const auto hit = c[k][k];
  return predicted + actual == 0 ? 0.0 : 2.0 * static_cast<double>(hit) / static_cast<double>(predicted + actual);
}

scores scores_of(const counts& c) {
  scores s;
  std::size_t total = 0, right = 0, used = 0;
  for (std::size_t k = 0; k < core::class_count; ++k) {
    std::size_t actual = 0;
    for (std::size_t j = 0; j < core::class_count; ++j) {
      actual += c[k][j];
      total += c[k][j];
    }
    right += c[k][k];
    if (actual > 0) {
      s.macro_f1 += f1_of(c, k);
      ++used;
    }
  }
  s.macro_f1 = used ? s.macro_f1 / static_cast<double>(used) : 0.0;
  s.accuracy = total ? static_cast<double>(right) / static_cast<double>(total) : 0.0;
  s.hate_f1 = f1_of(c, core::hate_speech);
  return s;
}

std::size_t label_of(const core::probabilities& p) {
  return static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
}

} // namespace

const char* review_comparison::verdict() const {
  if (macro_f1.low > 0)
    return "better";
  if (macro_f1.high < 0)
    return "worse";
  return "no clear difference";
}

review_comparison compare_on_reviews(const core::model& candidate, const core::model& live,
                                     const std::vector<reviewed_example>& reviews, int resamples, std::uint64_t seed) {
  if (reviews.empty())
    throw std::invalid_argument("no reviewed comments to compare on");
  const auto n = reviews.size();
  std::vector<std::size_t> truth(n), by_candidate(n), by_live(n);
  core::vectorizer_scratch a, b;
  for (std::size_t i = 0; i < n; ++i) {
    truth[i] = static_cast<std::size_t>(reviews[i].example.y);
    by_candidate[i] = label_of(candidate.score(reviews[i].example.text, a));
    by_live[i] = label_of(live.score(reviews[i].example.text, b));
  }
  auto measure = [&](const std::vector<std::size_t>& rows) {
    counts c{}, l{};
    for (const auto i : rows) {
      ++c[truth[i]][by_candidate[i]];
      ++l[truth[i]][by_live[i]];
    }
    return std::pair{scores_of(c), scores_of(l)};
  };
  std::vector<std::size_t> all(n);
  for (std::size_t i = 0; i < n; ++i)
    all[i] = i;
  const auto [whole_c, whole_l] = measure(all);
  review_comparison out;
  out.n = n;
  out.macro_f1 = {whole_c.macro_f1, whole_l.macro_f1};
  out.accuracy = {whole_c.accuracy, whole_l.accuracy};
  out.hate_f1 = {whole_c.hate_f1, whole_l.hate_f1};

  // Paired bootstrap: the same resampled comments for both models.
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, n - 1);
  std::vector<double> d_macro, d_accuracy, d_hate;
  std::vector<std::size_t> rows(n);
  for (int r = 0; r < resamples; ++r) {
    for (auto& i : rows)
      i = pick(rng);
    const auto [c, l] = measure(rows);
    d_macro.push_back(c.macro_f1 - l.macro_f1);
    d_accuracy.push_back(c.accuracy - l.accuracy);
    d_hate.push_back(c.hate_f1 - l.hate_f1);
  }
  auto interval = [&](std::vector<double>& d, metric_difference& into) {
    if (d.empty()) {
      into.low = into.high = into.difference();
      return;
    }
    std::sort(d.begin(), d.end());
    const auto at = [&](double q) { return d[std::min(d.size() - 1, static_cast<std::size_t>(q * static_cast<double>(d.size())))]; };
    into.low = at(0.025);
    into.high = at(0.975);
  };
  interval(d_macro, out.macro_f1);
  interval(d_accuracy, out.accuracy);
  interval(d_hate, out.hate_f1);
  return out;
}

std::string comparison_json(const review_comparison& c, const std::string& candidate, const std::string& live) {
  auto metric = [](const metric_difference& m) {
    return boost::json::object{{"candidate", m.candidate}, {"live", m.live}, {"difference", m.difference()},
                               {"low", m.low}, {"high", m.high}};
  };
  return boost::json::serialize(boost::json::object{{"candidate", candidate},
                                                    {"live", live},
                                                    {"n", c.n},
                                                    {"macro_f1", metric(c.macro_f1)},
                                                    {"accuracy", metric(c.accuracy)},
                                                    {"hate_speech_f1", metric(c.hate_f1)},
                                                    {"verdict", c.verdict()}});
}

void print_comparison(const review_comparison& c, const std::string& candidate, const std::string& live,
                      std::ostream& out) {
  out << "candidate " << candidate << " against live " << live << " on " << c.n
      << " reviewed comments (the moderators' labels)\n\n";
  char line[160];
  std::snprintf(line, sizeof line, "%-16s %10s %10s %11s   %s\n", "metric", "candidate", "live", "difference",
                "95 % interval (paired bootstrap)");
  out << line;
  auto row = [&](const char* name, const metric_difference& m) {
    std::snprintf(line, sizeof line, "%-16s %10.3f %10.3f %+11.3f   [%+.3f, %+.3f]\n", name, m.candidate, m.live,
                  m.difference(), m.low, m.high);
    out << line;
  };
  row("macro F1", c.macro_f1);
  row("accuracy", c.accuracy);
  row("hate speech F1", c.hate_f1);
  out << "\nverdict: " << c.verdict()
      << (c.n < 100 ? " (fewer than 100 comments: the interval is wide; collect more decisions)\n" : "\n");
}

} // namespace hatewatch::daemon
