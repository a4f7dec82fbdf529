// Runs the fuzz target over generated inputs in every test run (and so under ASan/UBSan in CI):
// broken UTF-8, entity fragments, long repeats, control bytes and random bytes from a fixed seed.
#include "fuzz/fuzz_checks.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace {

// Each input must keep every invariant; the failure names the one it broke.
void feed(const std::string& s) {
  const char* broken = hatewatch::test::check_text(s);
  EXPECT_EQ(broken, nullptr) << (broken ? broken : "") << " for input of " << s.size() << " bytes: " << s;
}

} // namespace

TEST(FuzzSmoke, HandPickedEdgeCases) {
  const std::vector<std::string> cases{
      "",
      "\xFF",
      "\xE2\x82",
      "\xF0\x9F\x98",
      "&",
      "&#",
      "&#x;",
      "&#1114112;",
      "&amp;amp;",
      "&#128514;&#128514;&#128514;&#128514;",
      std::string(5000, 'a'),
      std::string(300, '!'),
      "@",
      "@@user",
      "n1gg3r k i l l f.u.c.k ni.gger a$$ $hit h3ll0 sh!t f@g",
      "\xD0\xBF\xD1\x80\xD0\xB8 n\xD1\x96gger \xEF\xBD\x8E\xEF\xBD\x89 f\xCC\xB6u\xCC\xB6",
      "a b c d e f g h i j k l m n o p",
      ". - _ .-_ a.b-c_d a..b a--b",
      "\xF0\x9F\x94\xAA\xF0\x9F\x8F\xBF\xF0\x9F\x91\xB3\xF0\x9F\x8F\xBE\xE2\x80\x8D\xF0\x9F\x94\xAA",
      "1st 2nd 3rd 100k $$$ @@@ !!! 000 111",
      "#",
      "http://",
      "www.",
      "'''",
      "a'",
      "*a*b*",
      std::string("\0\0\0", 3),
      "\xEF\xBB\xBF"
      "bom",
      "\xE2\x80\x8B\xE2\x80\x8B",
      "\xEF\xB8\x8F",
      "SLURWORD slurword Slurword s*lurword",
      "\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89",
  };
  for (const auto& c : cases)
    feed(c);
}

TEST(FuzzSmoke, RandomInputsFromAFixedSeed) {
  std::mt19937_64 rng(20261127);
  const std::vector<std::string> pieces{
      "slurword",      "swearword", " ", "&amp;", "&#", ";", "\xF0\x9F\x98\x82", "\xC3\xA9", "\xFF", "@x", "#y",
      "http://t.co/z", "!!",        "'", "*",     "A",  "\n"};
  for (int i = 0; i < 3000; ++i) {
    std::string s;
    const auto parts = rng() % 24;
    for (std::uint64_t k = 0; k < parts; ++k) {
      if (rng() % 3 == 0)
        s += static_cast<char>(rng() & 0xFF); // a random byte
      else
        s += pieces[rng() % pieces.size()];
    }
    feed(s);
  }
}
