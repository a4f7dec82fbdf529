#include "core/trainer.hpp"

#include "core/model_file.hpp"
#include "support/tiny_corpus.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace hatewatch::core;
using hatewatch::test::tiny_corpus;
using hatewatch::test::tiny_options;

TEST(Trainer, LearnsTheTinyCorpus) {
  const auto data = tiny_corpus();
  const auto m = train(data, tiny_options());
  vectorizer_scratch s;
  for (const auto& e : data) {
    const auto p = m.score(e.text, s);
    const auto best = static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
    EXPECT_EQ(best, static_cast<std::size_t>(e.y)) << e.text;
  }
  // Unseen sentences with the marker words.
  EXPECT_GT(m.score("they are slurword", s)[hate_speech], 0.5);
  EXPECT_GT(m.score("swearword it", s)[offensive_language], 0.5);
}

TEST(Trainer, IsDeterministicToTheByte) {
  const auto data = tiny_corpus();
  std::ostringstream a, b;
  write_model(train(data, tiny_options()), a);
  write_model(train(data, tiny_options()), b);
  EXPECT_EQ(a.str(), b.str());
}

TEST(Trainer, TrainsOnASubset) {
  const auto data = tiny_corpus();
  const auto m = train(data, tiny_options(), {0, 1, 8, 9, 18, 19});
  EXPECT_EQ(m.info().at("training_examples"), "6");
}

TEST(Trainer, MissingClassIsAnError) {
  auto data = tiny_corpus();
  std::erase_if(data, [](const example& e) { return e.y == neither; });
  EXPECT_THROW(train(data, tiny_options()), std::invalid_argument);
}

TEST(Trainer, RejectsBadOptions) {
  auto o = tiny_options();
  o.c = -1;
  EXPECT_THROW(train(tiny_corpus(), o), std::invalid_argument);
  o = tiny_options();
  o.features.char_ngram_min = 4;
  o.features.char_ngram_max = 2;
  EXPECT_THROW(train(tiny_corpus(), o), std::invalid_argument);
}

TEST(Trainer, MinDfDropsRareFeatures) {
  auto o = tiny_options();
  const auto all = train(tiny_corpus(), o).table().size();
  o.features.min_df = 3;
  const auto pruned = train(tiny_corpus(), o).table().size();
  EXPECT_LT(pruned, all);
  EXPECT_GT(pruned, 0u);
}

TEST(Trainer, RecordsOptionsInModelInfo) {
  const auto m = train(tiny_corpus(), tiny_options(), {}, {{"name", "tiny"}});
  EXPECT_EQ(m.info().at("name"), "tiny");
  EXPECT_EQ(m.info().at("C"), "10");
  EXPECT_EQ(m.info().at("class_weight"), "balanced");
}
