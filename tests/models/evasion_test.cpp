// Evasion robustness of the shipped model, on a fixed sample (the first 100 hate-speech rows of each
// of four training corpora, in file order), obfuscated one way at a time (support/obfuscation.hpp):
// - every kind keeps at least 90 % of the texts the model catches (hate-speech probability at or
//   above the default alert threshold) caught, except the three kinds of issue 30 the model does not
//   yet meet that bar for (spaced letters across words, swapped and dropped letters: held at 70 %);
// - for the kinds of issue 12, the obfuscated text's score also stays within 0.1 of the clean one's
//   for at least 90 % of the sample.
#include "core/dataset.hpp"
#include "daemon/intake/source_config.hpp"
#include "daemon/models/model_loader.hpp"
#include "models/model_files.hpp"
#include "support/obfuscation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>

using namespace hatewatch;

namespace {

std::vector<std::string> hateful_sample() {
  const std::pair<core::corpus_kind, std::string> corpora[] = {
      {core::corpus_kind::davidson, test::davidson_csv},
      {core::corpus_kind::stormfront, test::shared_data + "/stormfront/train.csv"},
      {core::corpus_kind::hatexplain, test::shared_data + "/hatexplain/train.csv"},
      {core::corpus_kind::hatemojibuild, test::shared_data + "/hatemojibuild/hatemojibuild.csv"},
  };
  std::vector<std::string> out;
  for (const auto& [kind, path] : corpora) {
    std::ifstream in(path, std::ios::binary);
    std::size_t taken = 0;
    for (auto& e : core::read_corpus(in, path, kind, 0))
      if (e.y == core::hate_speech && !e.held_out && taken < 100) {
        out.push_back(std::move(e.text));
        ++taken;
      }
  }
  return out;
}

} // namespace

TEST(Evasion, ObfuscatedHateScoresLikeTheCleanText) {
  if (!test::have_shared_data())
    GTEST_SKIP() << "no shared data at " << test::shared_data;
  const auto m = daemon::load_model_file(test::forums_model);
  const auto sample = hateful_sample();
  ASSERT_EQ(sample.size(), 400u);
  core::vectorizer_scratch s;
  std::vector<double> clean;
  for (const auto& t : sample)
    clean.push_back(m->score(t, s)[core::hate_speech]);
  const double threshold = daemon::default_hate_speech_threshold;
  const std::size_t caught = static_cast<std::size_t>(
      std::count_if(clean.begin(), clean.end(), [&](double p) { return p >= threshold; }));
  ASSERT_GT(caught, sample.size() / 4) << "too few caught at " << threshold << " for the check to mean much";
  // kept_floor: the bar is 0.9 for every kind; the shipped model meets it for all but three
  // (models/README.md, "Evasion"), which are held to what it measures so they cannot slip.
  auto check = [&](const test::obfuscation& o, bool close_too, double kept_floor) {
    std::size_t close = 0, changed = 0, kept = 0;
    for (std::size_t i = 0; i < sample.size(); ++i) {
      const auto obfuscated = o.apply(sample[i]);
      changed += obfuscated != sample[i];
      const double p = m->score(obfuscated, s)[core::hate_speech];
      close += std::abs(p - clean[i]) <= 0.1;
      kept += clean[i] >= threshold && p >= threshold;
    }
    const double share = static_cast<double>(close) / static_cast<double>(sample.size());
    const double kept_share = static_cast<double>(kept) / static_cast<double>(caught);
    std::cout << "[ evasion  ] " << o.name << ": " << kept << " of " << caught << " caught stay caught; " << close
              << " of " << sample.size() << " within 0.1\n";
    // The obfuscation really changed the texts, so the check means something.
    EXPECT_GT(changed, sample.size() * 9 / 10) << o.name;
    EXPECT_GE(kept_share, kept_floor) << o.name;
    if (close_too) {
      EXPECT_GE(share, 0.9) << o.name;
    }
  };
  for (const auto& o : test::obfuscations())
    check(o, true, 0.9);
  for (const auto& o : test::more_obfuscations()) {
    // Measured: spaced across words 0.72, swapped letters 0.76, dropped letter 0.80 (bar not met).
    const bool short_of_bar =
        o.name == "spaced across words" || o.name == "swapped letters" || o.name == "dropped letter";
    check(o, false, short_of_bar ? 0.7 : 0.9);
  }
}

TEST(Evasion, TheFirstModelWasNotRobust) {
  // The same check on the tutorial-era model (text rules 1) fails for leetspeak and spaced letters:
  // the test above measures what the new normaliser does, not an easy sample.
  if (!test::have_shared_data())
    GTEST_SKIP() << "no shared data at " << test::shared_data;
  const auto m = daemon::load_model_file(test::tutorial_model);
  const auto sample = hateful_sample();
  core::vectorizer_scratch s;
  for (const auto& o : test::obfuscations()) {
    if (o.name != "leetspeak" && o.name != "spaced letters")
      continue;
    std::size_t close = 0;
    for (const auto& t : sample)
      close += std::abs(m->score(o.apply(t), s)[core::hate_speech] - m->score(t, s)[core::hate_speech]) <= 0.1;
    EXPECT_LT(static_cast<double>(close) / static_cast<double>(sample.size()), 0.9) << o.name;
  }
}
