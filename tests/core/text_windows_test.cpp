// Windows over long texts (core/text_windows.hpp): they cover the text, overlap, keep to their size,
// end after a space where they can, never split a UTF-8 character, and hold every passage of up to
// 3/4 * size - step bytes whole in one of them.
#include "core/text_windows.hpp"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>

using hatewatch::core::text_windows;

namespace {

bool starts_character(const std::string& s, std::size_t at) {
  return at >= s.size() || (static_cast<unsigned char>(s[at]) & 0xC0) != 0x80;
}

std::string random_text(std::mt19937& rng, std::size_t bytes, bool spaces) {
  static const std::string pieces[] = {"a", "bc", "def", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "gh"};
  std::string out;
  std::uniform_int_distribution<int> pick(0, 6), gap(0, 9);
  while (out.size() < bytes) {
    out += pieces[pick(rng)];
    if (spaces && gap(rng) == 0)
      out += gap(rng) % 2 ? ' ' : '\n';
  }
  return out;
}

} // namespace

TEST(TextWindows, AShortTextIsOneWindow) {
  const auto w = text_windows("short text", 4096, 2048);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].begin, 0u);
  EXPECT_EQ(w[0].end, 10u);
  EXPECT_EQ(text_windows("", 10, 5).size(), 1u);
  EXPECT_THROW(text_windows("x", 10, 0), std::invalid_argument);
  EXPECT_THROW(text_windows("x", 10, 11), std::invalid_argument);
}

TEST(TextWindows, CoverOverlapKeepTheirSizeAndHoldEveryShortPassage) {
  std::mt19937 rng(29);
  for (int round = 0; round < 60; ++round) {
    const bool spaces = round % 3 != 0; // a third with no space at all
    const auto text = random_text(rng, 200 + static_cast<std::size_t>(round) * 97, spaces);
    const std::size_t size = 64 + static_cast<std::size_t>(round % 5) * 16, step = size / 2;
    const auto w = text_windows(text, size, step);
    ASSERT_FALSE(w.empty());
    EXPECT_EQ(w.front().begin, 0u);
    EXPECT_EQ(w.back().end, text.size());
    for (std::size_t k = 0; k < w.size(); ++k) {
      EXPECT_LE(w[k].end - w[k].begin, size);
      EXPECT_TRUE(starts_character(text, w[k].begin)) << round << " " << k;
      EXPECT_TRUE(starts_character(text, w[k].end)) << round << " " << k;
      if (k + 1 < w.size()) {
        EXPECT_GT(w[k + 1].begin, w[k].begin) << "progress";
        EXPECT_LT(w[k + 1].begin, w[k].end) << "overlap";
        if (spaces && w[k].end - w[k].begin < size - 3) {
          const char before = text[w[k].end - 1];
          EXPECT_TRUE(before == ' ' || before == '\n') << "a shortened window ends after a space";
        }
      }
    }
    const std::size_t passage = size * 3 / 4 - step;
    for (std::size_t p = 0; p + passage <= text.size(); p += 7) {
      bool inside = false;
      for (const auto& x : w)
        inside = inside || (x.begin <= p && p + passage <= x.end);
      EXPECT_TRUE(inside) << "round " << round << ": the passage at " << p << " is in no window";
    }
  }
}
