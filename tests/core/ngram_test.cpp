// The pinned n-gram hash and the n-grams enumerated from tokens.
#include "core/ngram_extractor.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace hatewatch::core;

TEST(NgramHash, IsStandardFnv1a64) {
  EXPECT_EQ(ngram_hash::feed(ngram_hash::offset_basis, std::string_view("a")), 0xaf63dc4c8601ec8cULL);
}

// These values are stored in every model file: if this test fails, existing models are broken.
TEST(NgramHash, PinnedValuesNeverChange) {
  EXPECT_EQ(ngram_hash::start(block::word), 0xaf63ea4c86020456ULL);
  EXPECT_EQ(ngram_hash::start(block::chars), 0xaf63de4c8601eff2ULL);
  EXPECT_EQ(ngram_hash::feed(ngram_hash::start(block::word), std::string_view("hello")), 0x65d7e212c1e6ce06ULL);
  EXPECT_EQ(ngram_hash::feed(ngram_hash::start(block::word), std::string_view("hello world")), 0x7d26da1bf55a9a0eULL);
  EXPECT_EQ(ngram_hash::feed(ngram_hash::start(block::chars), std::string_view(" he")), 0xd6f498921d76138dULL);
  EXPECT_EQ(ngram_hash::finish(0), 1u);
}

namespace {

struct gram {
  block b;
  std::uint64_t hash;
  std::string text; // the normalised bytes it spans
};

std::vector<gram> grams(const feature_config& cfg, const std::string& text) {
  std::vector<token> tokens;
  tokenize(text, tokens);
  std::vector<std::uint32_t> units;
  std::vector<gram> out;
  for_each_ngram(cfg, tokens, units, [&](block b, std::uint64_t h, std::uint32_t begin, std::uint32_t end) {
    out.push_back({b, h, text.substr(begin, end - begin)});
  });
  return out;
}

} // namespace

TEST(NgramExtractor, WordNgramsJoinTokensWithOneSpace) {
  feature_config cfg;
  cfg.char_ngram_min = cfg.char_ngram_max = 0;
  const auto g = grams(cfg, "hello,   world");
  ASSERT_EQ(g.size(), 3u); // hello, hello world, world
  EXPECT_EQ(g[0].hash, 0x65d7e212c1e6ce06ULL);
  EXPECT_EQ(g[1].hash, 0x7d26da1bf55a9a0eULL); // the same hash whatever separated the words
  EXPECT_EQ(g[1].text, "hello,   world");
  EXPECT_EQ(g[2].text, "world");
}

TEST(NgramExtractor, CharNgramsStayInsideWordsAndPadWithSpaces) {
  feature_config cfg;
  cfg.word_ngram_min = cfg.word_ngram_max = 0;
  cfg.char_ngram_min = 2;
  cfg.char_ngram_max = 3;
  // " ab " gives " a", "ab", "b ", " ab", "ab "; the two words share none across the space.
  const auto g = grams(cfg, "ab cd");
  ASSERT_EQ(g.size(), 10u);
  std::multiset<std::string> spans;
  for (const auto& x : g) {
    EXPECT_EQ(x.b, block::chars);
    spans.insert(x.text);
  }
  // Padding spans no bytes: " a" covers just "a".
  EXPECT_EQ(spans.count("a"), 1u);
  EXPECT_EQ(spans.count("ab"), 3u); // "ab", " ab", "ab "
  EXPECT_EQ(spans.count("b"), 1u);
  EXPECT_EQ(g[0].hash, ngram_hash::finish(ngram_hash::feed(ngram_hash::start(block::chars), std::string_view(" a"))));
}

TEST(NgramExtractor, CharNgramsNeverSplitACodePoint) {
  feature_config cfg;
  cfg.word_ngram_min = cfg.word_ngram_max = 0;
  cfg.char_ngram_min = cfg.char_ngram_max = 2;
  const auto g = grams(cfg, "\xC3\xA9t"); // "ét": " é", "ét", "t "
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(g[0].text, "\xC3\xA9");
  EXPECT_EQ(g[1].text, "\xC3\xA9t");
}

TEST(NgramExtractor, PlaceholdersGetWordGramsOnly) {
  feature_config cfg;
  const auto g = grams(cfg, "@someone");
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0].hash, ngram_hash::finish(ngram_hash::feed(ngram_hash::start(block::word), std::string_view("@user"))));
}
