#include "core/utf8.hpp"

#include <gtest/gtest.h>

using namespace hatewatch::core;

namespace {

std::u32string decode_all(std::string_view s) {
  std::u32string out;
  for (std::size_t pos = 0; pos < s.size();)
    out += utf8::decode(s, pos);
  return out;
}

} // namespace

TEST(Utf8, DecodesOneToFourByteCharacters) {
  EXPECT_EQ(decode_all("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x82"), (std::u32string{U'a', 0xE9, 0x20AC, 0x1F602}));
}

TEST(Utf8, InvalidBytesBecomeReplacementAndAdvanceByOne) {
  // A lone continuation byte, a truncated sequence, an overlong '/', a surrogate, past U+10FFFF.
  EXPECT_EQ(decode_all("\x80"), std::u32string(1, utf8::replacement));
  EXPECT_EQ(decode_all("\xE2\x82"), std::u32string(2, utf8::replacement));
  EXPECT_EQ(decode_all("\xC0\xAF"), std::u32string(2, utf8::replacement));
  EXPECT_EQ(decode_all("\xED\xA0\x80"), std::u32string(3, utf8::replacement));
  EXPECT_EQ(decode_all("\xF4\x90\x80\x80"), std::u32string(4, utf8::replacement));
  // A valid character right after a broken one is not swallowed.
  EXPECT_EQ(decode_all("\xE2"
                       "a"),
            (std::u32string{utf8::replacement, U'a'}));
}

TEST(Utf8, AppendEncodesAndReplacesInvalidCodePoints) {
  std::string s;
  utf8::append(s, U'a');
  utf8::append(s, 0xE9);
  utf8::append(s, 0x20AC);
  utf8::append(s, 0x1F602);
  EXPECT_EQ(s, "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x82");
  std::string bad;
  utf8::append(bad, 0xD800);
  utf8::append(bad, 0x110000);
  EXPECT_EQ(bad, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

#include "core/text_list.hpp"

#include <string>
#include <vector>

TEST(TextList, ItemsAreTrimmedOfTheGivenSpaceEmptyOnesIncluded) {
  std::vector<std::string> items;
  auto collect = [&](std::string_view item) { items.emplace_back(item); };
  hatewatch::core::for_each_list_item(" de, en ,, \tfr,", " ", collect);
  EXPECT_EQ(items, (std::vector<std::string>{"de", "en", "", "\tfr"})); // nothing after the trailing comma
  items.clear();
  hatewatch::core::for_each_list_item("chunked,\t gzip", " \t", collect);
  EXPECT_EQ(items, (std::vector<std::string>{"chunked", "gzip"}));
  items.clear();
  hatewatch::core::for_each_list_item("", " ", collect);
  EXPECT_TRUE(items.empty());
}
