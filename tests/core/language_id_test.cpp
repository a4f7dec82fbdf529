// Language identification against the shipped model's vocabulary and the multilingual fixtures in
// tests/fixtures/languages/ (sentences written for these tests, one comment per line).
#include "core/language_id.hpp"

#include "core/model.hpp"
#include "core/model_file.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

using namespace hatewatch::core;

namespace {

const model& shipped() {
  static const model m = [] {
    std::ifstream in(HATEWATCH_SOURCE_DIR "/models/forums.hwm", std::ios::binary);
    return read_model(in);
  }();
  return m;
}

std::vector<std::string> fixture(const std::string& name) {
  std::ifstream in(HATEWATCH_SOURCE_DIR "/tests/fixtures/languages/" + name);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty())
      out.push_back(line);
  return out;
}

language_guess identify(const std::string& text, vectorizer_scratch& s) {
  shipped().score(text, s);
  return identify_language(text, s, "en");
}

} // namespace

TEST(LanguageId, ShippedModelReadsEnglishOnly) {
  EXPECT_EQ(shipped().languages(), std::vector<std::string>{"en"});
}

TEST(LanguageId, OtherLanguagesAreFoundAndNotReadByAnEnglishModel) {
  vectorizer_scratch s;
  const std::vector<std::string> en{"en"};
  std::size_t mistaken = 0, total = 0;
  for (const std::string code : {"ar", "de", "es", "fr", "it", "nl", "pl", "pt", "ru", "sv", "tr", "zh"}) {
    const auto lines = fixture(code + ".txt");
    ASSERT_GE(lines.size(), 10u) << code;
    std::size_t named = 0, unread = 0;
    for (const auto& line : lines) {
      const auto g = identify(line, s);
      named += g.code == code ? 1 : 0;
      unread += model_reads(g, en) ? 0 : 1;
      if (g.code == "en") {
        ++mistaken;
        std::cout << "taken for English (" << language_basis_name(g.basis) << "): " << line << '\n';
      }
    }
    total += lines.size();
    // Measured: every line of every file but one Swedish (undetermined) and one French line.
    EXPECT_GE(unread * 10, lines.size() * 9) << code << ": " << unread << " of " << lines.size();
    EXPECT_GE(named * 10, lines.size() * 7) << code << ": " << named << " of " << lines.size();
  }
  // Measured: one of 136, a French question CLD2 itself calls English.
  EXPECT_LE(mistaken, 1u) << "of " << total;
}

TEST(LanguageId, EnglishSlangAndShortCommentsStayReadable) {
  vectorizer_scratch s;
  for (const auto& line : fixture("en.txt")) {
    const auto g = identify(line, s);
    EXPECT_TRUE(model_reads(g, {"en"})) << line << " -> " << g.code << " (" << language_basis_name(g.basis) << ")";
    EXPECT_TRUE(g.code == "en" || g.code == "und") << line << " -> " << g.code;
  }
}

TEST(LanguageId, EmojiLinksMentionsAndCodeAreUndetermined) {
  vectorizer_scratch s;
  for (const auto& line : fixture("undetermined.txt")) {
    const auto g = identify(line, s);
    EXPECT_EQ(g.code, "und") << line;
    EXPECT_EQ(g.basis, language_basis::too_short) << line;
    EXPECT_EQ(g.confidence, 0.0) << line;
    EXPECT_TRUE(model_reads(g, {"en"})) << line;
  }
}

TEST(LanguageId, TheVocabularyRuleNamesTheModelsLanguage) {
  vectorizer_scratch s;
  const std::string text = "Thanks for the detailed answer, that fixed my problem";
  const auto g = identify(text, s);
  EXPECT_EQ(g.code, "en");
  EXPECT_EQ(g.basis, language_basis::vocabulary);
  EXPECT_GT(g.confidence, 0.6);
  EXPECT_LE(g.confidence, 1.0);
  // For a model said to be of another language, the same rule names that language: it is about
  // what the model can read.
  shipped().score(text, s);
  EXPECT_EQ(identify_language(text, s, "xx").code, "xx");
}

TEST(LanguageId, KnownWordsAreCountedAlikeFromTheTokenCache) {
  // The first pass fills the token cache, the second reads the known-word flags from it.
  vectorizer_scratch s;
  const std::string text = "die Flüchtlinge gehören nicht zu uns, the people are nice and kind";
  shipped().score(text, s);
  const auto words = s.words, known = s.known_words;
  shipped().score(text, s);
  EXPECT_EQ(s.words, words);
  EXPECT_EQ(s.known_words, known);
  vectorizer_scratch fresh;
  shipped().score(text, fresh);
  EXPECT_EQ(fresh.known_words, known);
  EXPECT_EQ(words, 12u); // every word token; the comma is not one
  EXPECT_GE(known, 6u); // the, people, are, nice, and, kind at least
  EXPECT_LT(known, words);
}

TEST(LanguageId, BadInputIsHandled) {
  vectorizer_scratch s;
  // Invalid UTF-8 inside German: replaced, and still German.
  const std::string broken = "Ich habe heute leider keine Zeit \xFF\xFE wir sehen uns morgen in der Stadt";
  EXPECT_EQ(identify(broken, s).code, "de");
  EXPECT_EQ(detect_language("\xC3\x28\xA0\xA1 Ich habe heute leider keine Zeit, wir sehen uns morgen").code, "de");
  // A very long comment.
  std::string longer;
  while (longer.size() < 1'000'000)
    longer += "Meine Großmutter backt jeden Sonntag einen wunderbaren Apfelkuchen. ";
  EXPECT_EQ(identify(longer, s).code, "de");
  // Nothing at all.
  EXPECT_EQ(identify("", s).code, "und");
  EXPECT_EQ(detect_language("").code, "und");
  // Emoji flags make CLD2 name a script ("xx-Qaai"), which is not a language.
  const auto flags = detect_language("❤️🏴󠁧󠁢󠁥󠁮󠁧󠁿🚫☪️❤️🏴󠁧󠁢󠁥󠁮󠁧󠁿🚫☪️❤️🏴󠁧󠁢󠁥󠁮󠁧󠁿🚫☪️");
  EXPECT_EQ(flags.code.rfind("xx-", 0), std::string::npos) << flags.code;
}

TEST(LanguageId, MentionsAndLinksDoNotDecide) {
  // Dutch-looking user names and a Spanish link around an English sentence.
  const auto g = detect_language("@Harry_Dillema @SvensTweet https://ejemplo.es/noticias/hoy that was a great game last night");
  EXPECT_EQ(g.code, "en");
}

TEST(LanguageId, ScriptsOtherThanLatin) {
  EXPECT_DOUBLE_EQ(non_latin_share("hello"), 0.0);
  EXPECT_DOUBLE_EQ(non_latin_share("新教练比以前的好多了"), 1.0);
  EXPECT_DOUBLE_EQ(non_latin_share("123 !!! 😂"), 0.0);
  EXPECT_NEAR(non_latin_share("ab бв"), 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(non_latin_share("Ｈｅｌｌｏ"), 0.0); // full-width Latin is Latin
  // Short Chinese that CLD2 cannot name is still not for an English model.
  const auto g = detect_language("新教练比以前的好多了");
  EXPECT_EQ(g.basis, language_basis::script);
  EXPECT_FALSE(model_reads(g, {"en"}));
}

TEST(LanguageId, ModelLanguagesComeFromItsInfo) {
  const auto& m = shipped();
  auto info = m.info();
  info["languages"] = " de, en ,";
  const model other(m.features(), m.table(), m.bias(), m.link(), info, m.heads(), m.calibration());
  EXPECT_EQ(other.languages(), (std::vector<std::string>{"de", "en"}));
  info["languages"] = "";
  const model none(m.features(), m.table(), m.bias(), m.link(), info, m.heads(), m.calibration());
  EXPECT_EQ(none.languages(), std::vector<std::string>{"en"});
  EXPECT_TRUE(model_reads({"de", 0.9, language_basis::detector}, other.languages()));
  EXPECT_FALSE(model_reads({"fr", 0.9, language_basis::detector}, other.languages()));
}

TEST(LanguageId, DetectableLanguagesAreTheCodesTheDetectorWrites) {
  for (const char* code : {"en", "de", "fr", "ru", "zh", "zh-Hant", "ar", "tr"})
    EXPECT_TRUE(detectable_language(code)) << code;
  // Names, other spellings, scripts and "undetermined" are not codes a guess can carry.
  for (const char* code : {"", "und", "un", "German", "DE", "ger", "deu", "en-US", "xx-Qaai", "e", "english,de"})
    EXPECT_FALSE(detectable_language(code)) << code;
  // Every language the fixtures are found in is one.
  EXPECT_TRUE(detectable_language(detect_language("Die Ausländer sollen alle verschwinden und nie wiederkommen").code));
}
