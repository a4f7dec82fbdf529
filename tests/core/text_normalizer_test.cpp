#include "core/text_normalizer.hpp"

#include <gtest/gtest.h>

using namespace hatewatch::core;

namespace {

std::string norm(std::string_view raw) {
  normalized_text n;
  normalize(raw, n);
  EXPECT_EQ(n.source_begin.size(), n.text.size());
  EXPECT_EQ(n.source_end.size(), n.text.size());
  return n.text;
}

} // namespace

TEST(TextNormalizer, DecodesEntitiesAsTheyAppearInTheCorpus) {
  EXPECT_EQ(norm("fish &amp; chips"), "fish & chips");
  EXPECT_EQ(norm("&lt;3 &gt; &quot;x&quot; &apos;"), "<3 > \"x\" '");
  EXPECT_EQ(norm("lol &#128514;&#128514;"), "lol \xF0\x9F\x98\x82\xF0\x9F\x98\x82");
  EXPECT_EQ(norm("&#x1F602;"), "\xF0\x9F\x98\x82");
  EXPECT_EQ(norm("&#8220;quote&#8221;"), "\"quote\"");
}

TEST(TextNormalizer, LeavesMalformedEntitiesAlone) {
  EXPECT_EQ(norm("&#;"), "&#;");
  EXPECT_EQ(norm("&bogus; & &amp"), "&bogus; & &amp");
  EXPECT_EQ(norm("&#12345678;"), "&#12345678;"); // past U+10FFFF
  EXPECT_EQ(norm("&#0;"), "\xEF\xBF\xBD");
  EXPECT_EQ(norm("&#xD800;"), "\xEF\xBF\xBD");
}

TEST(TextNormalizer, LowerCasesLatinGreekAndCyrillic) {
  EXPECT_EQ(norm("HeLLo \xC3\x89T\xC3\x89"), "hello \xC3\xA9t\xC3\xA9"); // ÉTÉ -> été
  EXPECT_EQ(norm("\xCE\x91\xD0\x9F"), "\xCE\xB1\xD0\xBF");               // Α П -> α п
}

TEST(TextNormalizer, CapsRepeatsAtThree) {
  EXPECT_EQ(norm("loooooool"), "loool");
  EXPECT_EQ(norm("!!!!!!!"), "!!!");
  EXPECT_EQ(norm("aaa"), "aaa");
}

TEST(TextNormalizer, ReplacesInvalidUtf8) {
  EXPECT_EQ(norm("a\xFF"
                 "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(norm("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(TextNormalizer, SpacesControlsAndZeroWidth) {
  EXPECT_EQ(norm("a\tb\nc\xC2\xA0"
                 "d"),
            "a b c d");
  EXPECT_EQ(norm("a\xE2\x80\x8B"
                 "b"),
            "ab");                                             // zero-width space dropped
  EXPECT_EQ(norm("\xE2\x9D\xA4\xEF\xB8\x8F"), "\xE2\x9D\xA4"); // variation selector dropped
  EXPECT_EQ(norm("don\xE2\x80\x99t"), "don't");
}

TEST(TextNormalizer, OffsetsPointIntoTheOriginal) {
  const std::string raw = "A &amp; Beeeeee";
  normalized_text n;
  normalize(raw, n);
  ASSERT_EQ(n.text, "a & beee");
  // '&' came from "&amp;" at bytes 2..7
  EXPECT_EQ(n.source_begin[2], 2u);
  EXPECT_EQ(n.source_end[2], 7u);
  // the last kept 'e' covers the dropped repeats up to the end
  EXPECT_EQ(n.source_end.back(), raw.size());
  // a multi-byte character maps every byte to the whole character
  normalize("x\xC3\xA9", n);
  EXPECT_EQ(n.source_begin[1], 1u);
  EXPECT_EQ(n.source_begin[2], 1u);
  EXPECT_EQ(n.source_end[2], 3u);
}

TEST(TextNormalizer, EmptyInput) {
  EXPECT_EQ(norm(""), "");
}

namespace {

normalized_text norm4(std::string_view raw) {
  normalized_text n;
  normalize(raw, n, 4);
  EXPECT_EQ(n.source_begin.size(), n.text.size());
  return n;
}

} // namespace

TEST(TextNormalizer, RulesFourReadTurkishGermanAndArabicLetters) {
  // Turkish: dotted capital I, dotless i and the letters with cedilla and breve, in either case.
  EXPECT_EQ(norm4("İSTANBUL ŞİRİN ığdır Çok GÜZEL Ağaç").text, "istanbul sirin igdir cok guzel agac");
  // Rules 3 leave Latin Extended-A as it is: "Ş" and "ş" were two letters, neither an "s".
  normalized_text three;
  normalize("Şerefsiz şerefsiz", three, 3);
  EXPECT_EQ(three.text, "Şerefsiz şerefsiz");
  EXPECT_EQ(norm4("Şerefsiz şerefsiz").text, "serefsiz serefsiz");
  // German: sharp s is "ss" (as written without the letter), both bytes pointing at it; umlauts lose
  // their dots as in rules 2.
  const auto strasse = norm4("Straße Größe");
  EXPECT_EQ(strasse.text, "strasse grosse");
  EXPECT_EQ(strasse.source_begin[4], 4u);
  EXPECT_EQ(strasse.source_begin[5], 4u);
  EXPECT_EQ(strasse.source_end[5], 6u);
  // Polish and Czech letters too.
  EXPECT_EQ(norm4("Łódź Žluťoučký").text, "lodz zlutoucky");
  // Arabic: tatweel and diacritics dropped, alef forms as one, alef maqsura as yeh.
  EXPECT_EQ(norm4("كتـــاب").text, "كتاب");
  EXPECT_EQ(norm4("مُحَمَّد").text, "محمد");
  EXPECT_EQ(norm4("أحمد إلى آخر").text, "احمد الي اخر");
  // Hangul and Danish letters outside the table are kept; a run of one letter is shortened as in
  // English ("loool"): Korean laughter "ㅋㅋㅋ" of any length is one "ㅋ", double letters of
  // ordinary words stay.
  EXPECT_EQ(norm4("안녕하세요 ㅋㅋㅋ").text, "안녕하세요 ㅋ");
  EXPECT_EQ(norm4("Staat Boot Kaffee Allah saat").text, "staat boot kaffee allah saat");
  // Leetspeak stands for Latin letters: beside Hangul a digit is a number (rules 3 read "10년" as
  // "io년"), beside Latin letters it is still read ("n1gg3r").
  EXPECT_EQ(norm4("10년안에 3일 동안").text, "10년안에 3일 동안");
  normalized_text korean3;
  normalize("10년안에", korean3, 3);
  EXPECT_EQ(korean3.text, "io년안에");
  EXPECT_EQ(norm4("th3 n1ce w0rd").text, "the nice word");
  EXPECT_EQ(norm4("Ærø").text, "æro");
}
