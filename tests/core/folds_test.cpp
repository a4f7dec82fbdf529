#include "core/folds.hpp"

#include <gtest/gtest.h>

using namespace hatewatch::core;

TEST(Folds, StratifiedAndSeeded) {
  std::vector<label> labels;
  for (int i = 0; i < 50; ++i)
    labels.push_back(hate_speech);
  for (int i = 0; i < 200; ++i)
    labels.push_back(offensive_language);
  for (int i = 0; i < 100; ++i)
    labels.push_back(neither);
  const auto f = stratified_folds(labels, 5, 42);
  std::array<std::array<int, 3>, 5> per_fold{};
  for (std::size_t i = 0; i < labels.size(); ++i) {
    ASSERT_LT(f[i], 5u);
    ++per_fold[f[i]][static_cast<std::size_t>(labels[i])];
  }
  for (const auto& counts : per_fold) {
    EXPECT_EQ(counts[0], 10);
    EXPECT_EQ(counts[1], 40);
    EXPECT_EQ(counts[2], 20);
  }
  EXPECT_EQ(stratified_folds(labels, 5, 42), f);
  EXPECT_NE(stratified_folds(labels, 5, 43), f);
}

TEST(Folds, RejectsBadK) {
  const std::vector<label> labels{hate_speech, neither};
  EXPECT_THROW(stratified_folds(labels, 1, 1), std::invalid_argument);
  EXPECT_THROW(stratified_folds(labels, 3, 1), std::invalid_argument);
}
