// Text rules 3: styled letters read as ASCII, group n-grams and negation scope.
#include "core/context_features.hpp"
#include "core/ngram_extractor.hpp"
#include "core/styled_letters.hpp"
#include "core/text_normalizer.hpp"
#include "core/tokenizer.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace hatewatch::core;

namespace {

std::string normalised(std::string_view raw, std::uint32_t rules) {
  normalized_text out;
  normalize(raw, out, rules);
  return out.text;
}

std::uint64_t word_hash(std::initializer_list<std::string_view> keys, bool context) {
  std::uint64_t h = ngram_hash::start(block::word);
  if (context)
    h = ngram_hash::feed(h, group_placeholder);
  bool first = true;
  for (auto k : keys) {
    if (!first || context)
      h = ngram_hash::feed(h, ngram_hash::word_separator);
    h = ngram_hash::feed(h, k);
    first = false;
  }
  return ngram_hash::finish(h);
}

std::uint64_t negated(std::string_view key) {
  auto h = ngram_hash::feed(ngram_hash::start(block::word), negation_marker);
  h = ngram_hash::feed(h, ngram_hash::word_separator);
  return ngram_hash::finish(ngram_hash::feed(h, key));
}

std::set<std::uint64_t> word_features(std::string_view raw, std::uint32_t rules) {
  feature_config cfg;
  cfg.text_rules = rules;
  normalized_text norm;
  normalize(raw, norm, rules);
  std::vector<token> tokens;
  tokenize(norm.text, tokens, rules);
  std::set<std::uint64_t> out;
  for_each_word_ngram(cfg, tokens, [&](block, std::uint64_t h, std::uint32_t, std::uint32_t) { out.insert(h); });
  return out;
}

} // namespace

TEST(StyledLetters, ReadAsTheirPlainLettersUnderTextRules3) {
  // Mathematical bold, italic (with its Letterlike hole U+210E), sans-serif bold, monospace,
  // circled, negative squared, parenthesised letters, small capitals and bold digits.
  EXPECT_EQ(normalised("𝐤𝐢𝐥𝐥 𝑡ℎ𝑒𝑚", 3), "kill them");
  EXPECT_EQ(normalised("𝗞𝗜𝗟𝗟 𝚊𝚕𝚕", 3), "kill all");
  EXPECT_EQ(normalised("ⓚⓘⓛⓛ ⒶⓁⓁ", 3), "kill all");
  EXPECT_EQ(normalised("🅺🅸🅻🅻 ⒦⒤⒧⒧", 3), "kill kill");
  EXPECT_EQ(normalised("ᴋɪʟʟ 𝟏𝟐", 3), "kill 12");
  // Rules 2 leave them alone (a model is served with the rules it was trained with).
  EXPECT_EQ(normalised("𝐤𝐢𝐥𝐥", 2), "𝐤𝐢𝐥𝐥");
  EXPECT_EQ(unstyle(U'é'), U'é');
  EXPECT_EQ(unstyle(U'ж'), U'ж');
}

TEST(ContextFeatures, AGroupTermIsAlsoCountedAsThePlaceholder) {
  EXPECT_TRUE(is_identity_term("jews"));
  EXPECT_TRUE(is_identity_term("women"));
  EXPECT_FALSE(is_identity_term("vermin"));
  EXPECT_FALSE(is_identity_term("people"));
  const auto jews = word_features("kill all jews", 3);
  const auto women = word_features("kill all women", 3);
  const auto shape = word_hash({"kill", "all", group_placeholder}, true);
  EXPECT_TRUE(jews.count(shape));
  EXPECT_TRUE(women.count(shape));
  EXPECT_TRUE(jews.count(word_hash({"all", group_placeholder}, true)));
  EXPECT_TRUE(jews.count(word_hash({"kill", "all"}, false))); // the plain n-grams stay
  EXPECT_FALSE(word_features("kill all weeds", 3).count(shape));
  EXPECT_FALSE(word_features("kill all jews", 2).count(shape)); // rules 2: no context features
}

TEST(ContextFeatures, AWordBesideAGroupIsAlsoCountedAsSuch) {
  auto beside = [](std::string_view key) {
    auto h = ngram_hash::feed(ngram_hash::start(block::word), group_context_marker);
    h = ngram_hash::feed(h, ngram_hash::word_separator);
    return ngram_hash::finish(ngram_hash::feed(h, key));
  };
  const auto f = word_features("muslims are great", 3);
  EXPECT_TRUE(f.count(beside("great")));
  EXPECT_TRUE(f.count(beside("are")));
  EXPECT_FALSE(f.count(beside("muslims"))); // the group itself is not beside itself
  EXPECT_FALSE(word_features("pizza is great", 3).count(beside("great")));
}

TEST(ContextFeatures, ANegationReachesTheNextThreeWordsUntilPunctuation) {
  EXPECT_TRUE(is_negator("not"));
  EXPECT_TRUE(is_negator("don't"));
  EXPECT_TRUE(is_negator("dont"));
  const auto f = word_features("they are not filthy rotten vermin at all", 3);
  EXPECT_TRUE(f.count(negated("filthy")));
  EXPECT_TRUE(f.count(negated("vermin")));
  EXPECT_FALSE(f.count(negated("at"))); // four words on
  const auto g = word_features("not nice! vermin", 3);
  EXPECT_TRUE(g.count(negated("nice")));
  EXPECT_FALSE(g.count(negated("vermin"))); // "!" ends the scope
  EXPECT_TRUE(word_features("i don't hate muslims", 3).count(negated(group_placeholder)));
  EXPECT_FALSE(word_features("they are vermin", 3).count(negated("vermin")));
}
