#include "core/vectorizer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

using namespace hatewatch::core;

namespace {

// A vocabulary of word unigrams with chosen idf values.
struct fake_vocabulary {
  std::map<std::uint64_t, std::uint32_t> index;
  std::vector<float> idfs;

  void add(std::string_view gram, float idf, block b = block::word) {
    const auto h = ngram_hash::finish(ngram_hash::feed(ngram_hash::start(b), gram));
    index[h] = static_cast<std::uint32_t>(idfs.size());
    idfs.push_back(idf);
  }
  std::uint32_t find(std::uint64_t h) const {
    auto it = index.find(h);
    return it == index.end() ? no_feature : it->second;
  }
  float idf(std::uint32_t i) const { return idfs[i]; }
};

feature_config words_only() {
  feature_config cfg;
  cfg.text_rules = 1; // "a a b": rules 2 would join spelled-out single letters into one word
  cfg.word_ngram_min = cfg.word_ngram_max = 1;
  cfg.char_ngram_min = cfg.char_ngram_max = 0;
  return cfg;
}

std::map<std::uint32_t, double> values(const vectorizer_scratch& s) {
  std::map<std::uint32_t, double> out;
  for (const auto& e : s.entries)
    out[e.index] = e.value;
  return out;
}

} // namespace

TEST(Vectorizer, SublinearTfIdfL2NormalisedByHand) {
  fake_vocabulary vocab;
  vocab.add("a", 1.0f); // index 0
  vocab.add("b", 2.0f); // index 1
  vectorizer_scratch s;
  vectorize(words_only(), "a a b unknown", vocab, s);
  // a: tf 2 -> 1 + ln 2, idf 1; b: tf 1 -> 1, idf 2; "unknown" is not in the vocabulary.
  const double xa = 1 + std::log(2.0), xb = 2.0;
  const double norm = std::sqrt(xa * xa + xb * xb);
  const auto v = values(s);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_NEAR(v.at(0), xa / norm, 1e-6);
  EXPECT_NEAR(v.at(1), xb / norm, 1e-6);
}

TEST(Vectorizer, RawTfWhenSublinearIsOff) {
  fake_vocabulary vocab;
  vocab.add("a", 1.0f);
  vocab.add("b", 1.0f);
  auto cfg = words_only();
  cfg.sublinear_tf = false;
  vectorizer_scratch s;
  vectorize(cfg, "a a a b", vocab, s);
  const auto v = values(s);
  EXPECT_NEAR(v.at(0), 3 / std::sqrt(10.0), 1e-6);
  EXPECT_NEAR(v.at(1), 1 / std::sqrt(10.0), 1e-6);
}

TEST(Vectorizer, EachBlockIsNormalisedThenCharsScaled) {
  fake_vocabulary vocab;
  vocab.add("ab", 1.0f);
  feature_config cfg;
  cfg.word_ngram_min = cfg.word_ngram_max = 1;
  cfg.char_ngram_min = cfg.char_ngram_max = 2;
  cfg.char_weight = 0.5f;
  for (std::string_view g : {" a", "ab", "b "}) // the char bigrams of " ab "
    vocab.add(g, 1.0f, block::chars);
  vectorizer_scratch s;
  vectorize(cfg, "ab", vocab, s);
  const auto v = values(s);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_NEAR(v.at(0), 1.0, 1e-6); // the word block alone has norm 1
  for (std::uint32_t i = 1; i <= 3; ++i)
    EXPECT_NEAR(v.at(i), 0.5 / std::sqrt(3.0), 1e-6); // char block: norm 1, then x 0.5
}

TEST(Vectorizer, EmptyAndUnknownTextGiveAnEmptyVector) {
  fake_vocabulary vocab;
  vocab.add("a", 1.0f);
  vectorizer_scratch s;
  vectorize(words_only(), "", vocab, s);
  EXPECT_TRUE(s.entries.empty());
  vectorize(words_only(), "zzz", vocab, s);
  EXPECT_TRUE(s.entries.empty());
}
