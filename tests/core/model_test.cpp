#include "core/model.hpp"

#include "core/trainer.hpp"
#include "support/tiny_corpus.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <thread>

using namespace hatewatch::core;

namespace {

const model& tiny_model() {
  static const model m = train(hatewatch::test::tiny_corpus(), hatewatch::test::tiny_options());
  return m;
}

} // namespace

TEST(Model, ProbabilitiesSumToOne) {
  vectorizer_scratch s;
  for (const char* text : {"", "slurword", "swearword", "hello", "\xFF\xFE", "&#128514;", "a b c d e f g"}) {
    const auto p = tiny_model().score(text, s);
    EXPECT_NEAR(p[0] + p[1] + p[2], 1.0, 1e-12) << text;
    for (double x : p) {
      EXPECT_GT(x, 0.0);
      EXPECT_LT(x, 1.0);
    }
  }
}

TEST(Model, LinkIsNormalisedOneVsRestSigmoid) {
  const auto p = model::link_probabilities({0.0, std::log(3.0), -std::log(3.0)}, probability_link::one_vs_rest);
  // sigmoids 0.5, 0.75, 0.25 -> divided by 1.5
  EXPECT_NEAR(p[0], 1.0 / 3, 1e-12);
  EXPECT_NEAR(p[1], 0.5, 1e-12);
  EXPECT_NEAR(p[2], 1.0 / 6, 1e-12);
}

TEST(Model, ScoreMatchesDecisionValues) {
  vectorizer_scratch s;
  const auto d = tiny_model().decision_values("slurword people", s);
  const auto p = tiny_model().score("slurword people", s);
  const auto expected = model::link_probabilities(d, tiny_model().link());
  for (std::size_t k = 0; k < class_count; ++k)
    EXPECT_DOUBLE_EQ(p[k], expected[k]);
}

TEST(Model, ExplanationPointsIntoTheOriginalText) {
  vectorizer_scratch s;
  const std::string text = "Those &amp; SLURWORD people";
  const auto ex = tiny_model().explain(text, 5, s);
  ASSERT_FALSE(ex.empty());
  EXPECT_LE(ex.size(), 5u);
  for (std::size_t i = 0; i < ex.size(); ++i) {
    EXPECT_GT(ex[i].weight, 0);
    EXPECT_EQ(text.substr(ex[i].begin, ex[i].end - ex[i].begin), ex[i].ngram);
    if (i > 0) {
      EXPECT_GE(ex[i - 1].weight, ex[i].weight);
    }
  }
  // The strongest push comes from the marker word, as written in the original (upper case).
  EXPECT_NE(ex[0].ngram.find("SLURWORD"), std::string::npos) << ex[0].ngram;
}

TEST(Model, ExplanationSumsToTheHateDecisionValueAboveBias) {
  vectorizer_scratch s;
  const std::string text = "slurword";
  const auto all = tiny_model().explain(text, 1000, s);
  double positive = 0;
  for (const auto& c : all)
    positive += c.weight;
  const auto d = tiny_model().decision_values(text, s);
  // Every n-gram of "slurword" pushes hate speech up, so the explanation lists them all and they
  // add up to the decision value above the bias (the tiny model's calibration is the identity).
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(tiny_model().calibration(), calibration{});
  EXPECT_NEAR(positive, d[hate_speech] - tiny_model().bias()[hate_speech], 1e-6);
}

TEST(Model, ScoringIsThreadSafe) {
  const auto& m = tiny_model();
  vectorizer_scratch s;
  const auto expected = m.score("slurword go back", s);
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      vectorizer_scratch own;
      for (int i = 0; i < 2000; ++i)
        if (m.score("slurword go back", own) != expected)
          ++mismatches;
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(mismatches, 0);
}

TEST(Model, ScoreExplainedEqualsScoreAndExplain) {
  vectorizer_scratch s;
  const std::string text = "Those SLURWORD people, swearword";
  const auto both = tiny_model().score_explained(text, 5, s);
  EXPECT_EQ(both.p, tiny_model().score(text, s));
  const auto alone = tiny_model().explain(text, 5, s);
  ASSERT_EQ(both.explanation.size(), alone.size());
  for (std::size_t i = 0; i < alone.size(); ++i) {
    EXPECT_EQ(both.explanation[i].ngram, alone[i].ngram);
    EXPECT_EQ(both.explanation[i].weight, alone[i].weight);
  }
}
