#include "core/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace hatewatch::core;

TEST(Metrics, AveragePrecisionMatchesScikitLearn) {
  // sklearn.metrics.average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.8333...
  EXPECT_NEAR(average_precision({false, false, true, true}, {0.1, 0.4, 0.35, 0.8}), 0.8333333333, 1e-9);
  // Ties form one threshold: average_precision_score([1, 0, 1], [0.5, 0.5, 0.2]) == 0.58333...
  // (at 0.5: precision 1/2, recall 1/2; at 0.2: precision 2/3, recall 1)
  EXPECT_NEAR(average_precision({true, false, true}, {0.5, 0.5, 0.2}), 0.5833333333, 1e-9);
  EXPECT_EQ(average_precision({false, false}, {0.3, 0.2}), 0.0);
}

TEST(Metrics, PrecisionRecallF1AndConfusion) {
  const std::vector<label> truth{hate_speech, hate_speech, offensive_language, neither};
  const std::vector<probabilities> predicted{
      {0.8, 0.1, 0.1}, // right
      {0.2, 0.7, 0.1}, // hate called offensive
      {0.1, 0.8, 0.1}, // right
      {0.1, 0.1, 0.8}, // right
  };
  const auto e = evaluate(truth, predicted);
  EXPECT_EQ(e.n, 4u);
  EXPECT_DOUBLE_EQ(e.accuracy, 0.75);
  EXPECT_DOUBLE_EQ(e.classes[0].precision, 1.0);
  EXPECT_DOUBLE_EQ(e.classes[0].recall, 0.5);
  EXPECT_NEAR(e.classes[0].f1, 2.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(e.classes[1].precision, 0.5);
  EXPECT_DOUBLE_EQ(e.classes[1].recall, 1.0);
  EXPECT_NEAR(e.macro_f1, (2.0 / 3 + 2.0 / 3 + 1.0) / 3, 1e-12);
  EXPECT_NEAR(e.weighted_f1, (2 * 2.0 / 3 + 2.0 / 3 + 1.0) / 4, 1e-12);
  EXPECT_EQ(e.confusion[0][1], 1u);
  EXPECT_EQ(e.confusion[0][0], 1u);
  EXPECT_EQ(e.classes[0].support, 2u);
  const double expected_loss = -(std::log(0.8) + std::log(0.2) + std::log(0.8) + std::log(0.8)) / 4;
  EXPECT_NEAR(e.log_loss, expected_loss, 1e-12);
}

TEST(Metrics, MeanOfFoldsAveragesMetricsAndSumsCounts) {
  evaluation a, b;
  a.n = 10;
  a.macro_f1 = 0.5;
  a.confusion[0][0] = 3;
  b.n = 20;
  b.macro_f1 = 0.7;
  b.confusion[0][0] = 4;
  const auto m = mean_of({a, b});
  EXPECT_EQ(m.n, 30u);
  EXPECT_DOUBLE_EQ(m.macro_f1, 0.6);
  EXPECT_EQ(m.confusion[0][0], 7u);
}

TEST(Metrics, ThresholdTableCountsWhatAThresholdFlags) {
  using hatewatch::core::label;
  const std::vector<label> truth{label(0), label(0), label(1), label(2)};
  const std::vector<hatewatch::core::probabilities> p{{0.9, 0.05, 0.05}, {0.4, 0.5, 0.1}, {0.6, 0.3, 0.1}, {0.1, 0.1, 0.8}};
  const auto t = hatewatch::core::threshold_table(truth, p, label(0), {0.5, 0.95});
  ASSERT_EQ(t.size(), 2u);
  EXPECT_DOUBLE_EQ(t[0].precision, 0.5); // flagged: 0.9 (hate), 0.6 (offensive)
  EXPECT_DOUBLE_EQ(t[0].recall, 0.5);
  EXPECT_DOUBLE_EQ(t[0].flagged, 0.5);
  EXPECT_DOUBLE_EQ(t[1].precision, 0.0); // nothing flagged
  EXPECT_DOUBLE_EQ(t[1].recall, 0.0);
}
