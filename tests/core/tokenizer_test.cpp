#include "core/tokenizer.hpp"

#include <gtest/gtest.h>

using namespace hatewatch::core;

namespace {

std::vector<std::string> keys(std::string_view text) {
  std::vector<token> tokens;
  tokenize(text, tokens);
  std::vector<std::string> out;
  for (const auto& t : tokens) {
    EXPECT_LE(t.begin, t.end);
    EXPECT_LE(t.end, text.size());
    out.emplace_back(t.key);
  }
  return out;
}

using v = std::vector<std::string>;

} // namespace

TEST(Tokenizer, SplitsWordsOnSpacesAndPunctuation) {
  EXPECT_EQ(keys("hello, world. it's ok"), (v{"hello", "world", "it's", "ok"}));
  EXPECT_EQ(keys("  "), v{});
}

TEST(Tokenizer, KeepsMaskedWordsWhole) {
  EXPECT_EQ(keys("f*ck 'quoted'"), (v{"f*ck", "quoted"}));
}

TEST(Tokenizer, ReplacesMentionsAndUrls) {
  EXPECT_EQ(keys("rt @some_user: look https://t.co/abc?x=1 www.example.com"),
            (v{"rt", "@user", "look", "_url_", "_url_"}));
}

TEST(Tokenizer, HashtagIsItsWord) {
  EXPECT_EQ(keys("#trash talk"), (v{"trash", "talk"}));
}

TEST(Tokenizer, EmojiAreTokensOfTheirOwn) {
  EXPECT_EQ(keys("lol\xF0\x9F\x98\x82\xF0\x9F\x98\x82"), (v{"lol", "\xF0\x9F\x98\x82", "\xF0\x9F\x98\x82"}));
  EXPECT_EQ(keys("\xEE\x80\x91"), (v{"\xEE\x80\x91"})); // U+E011, an old private-use emoji
}

TEST(Tokenizer, EmphasisRunsAreOneToken) {
  EXPECT_EQ(keys("what?!?! no!!"), (v{"what", "?", "no", "!"}));
}

TEST(Tokenizer, NonLatinLettersFormWords) {
  EXPECT_EQ(keys("\xC3\xA9t\xC3\xA9 \xD0\xBF\xD1\x80\xD0\xB8"), (v{"\xC3\xA9t\xC3\xA9", "\xD0\xBF\xD1\x80\xD0\xB8"}));
}

TEST(Tokenizer, PlaceholdersAndSymbolsHaveNoCharGrams) {
  std::vector<token> tokens;
  tokenize("word @x \xF0\x9F\x98\x82 !", tokens);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_TRUE(tokens[0].char_grams);
  EXPECT_FALSE(tokens[1].char_grams);
  EXPECT_FALSE(tokens[2].char_grams);
  EXPECT_FALSE(tokens[3].char_grams);
  EXPECT_EQ(tokens[0].begin, 0u);
  EXPECT_EQ(tokens[0].end, 4u);
}
