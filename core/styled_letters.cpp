#include "core/styled_letters.hpp"

#include <array>

namespace hatewatch::core {
namespace {

// Letterlike Symbols that fill the holes of the mathematical alphabets (their reserved code
// points point here), and the other single styled letters.
struct pair {
  char32_t from;
  char to;
};
constexpr std::array<pair, 31> letterlike{{
    {0x210E, 'h'}, {0x212C, 'b'}, {0x2130, 'e'}, {0x2131, 'f'}, {0x210B, 'h'}, {0x2110, 'i'}, {0x2112, 'l'},
    {0x2133, 'm'}, {0x211B, 'r'}, {0x212F, 'e'}, {0x210A, 'g'}, {0x2134, 'o'}, {0x212D, 'c'}, {0x210C, 'h'},
    {0x2111, 'i'}, {0x211C, 'r'}, {0x2128, 'z'}, {0x2102, 'c'}, {0x210D, 'h'}, {0x2115, 'n'}, {0x2119, 'p'},
    {0x211A, 'q'}, {0x211D, 'r'}, {0x2124, 'z'}, {0x2113, 'l'}, {0x2170, 'i'}, {0x2174, 'v'}, {0x2179, 'x'},
    {0x217C, 'l'}, {0x217D, 'c'}, {0x217E, 'd'},
}};

// Small capitals (U+1D00 block and a few in IPA Extensions), as "fancy text" generators use them.
constexpr std::array<pair, 22> small_caps{{
    {0x1D00, 'a'}, {0x0299, 'b'}, {0x1D04, 'c'}, {0x1D05, 'd'}, {0x1D07, 'e'}, {0x0262, 'g'}, {0x029C, 'h'},
    {0x026A, 'i'}, {0x1D0A, 'j'}, {0x1D0B, 'k'}, {0x029F, 'l'}, {0x1D0D, 'm'}, {0x0274, 'n'}, {0x1D0F, 'o'},
    {0x1D18, 'p'}, {0x0280, 'r'}, {0x1D1B, 't'}, {0x1D1C, 'u'}, {0x1D20, 'v'}, {0x1D21, 'w'}, {0x028F, 'y'},
    {0x1D22, 'z'},
}};

char32_t letter(unsigned offset) { return static_cast<char32_t>('a' + offset % 26); }

} // namespace

char32_t unstyle(char32_t c) {
  if (c < 0x0262)
    return c;
  if (c >= 0x1D400 && c <= 0x1D6A3) // 13 alphabets of 52 letters, A-Z then a-z
    return letter((c - 0x1D400) % 52);
  if (c >= 0x1D7CE && c <= 0x1D7FF) // 5 sets of digits
    return static_cast<char32_t>('0' + (c - 0x1D7CE) % 10);
  if (c >= 0x24B6 && c <= 0x24E9) // circled A-Z, a-z
    return letter(c - 0x24B6);
  if (c >= 0x249C && c <= 0x24B5) // parenthesised a-z
    return letter(c - 0x249C);
  if ((c >= 0x1F110 && c <= 0x1F129) || (c >= 0x1F130 && c <= 0x1F149) || (c >= 0x1F150 && c <= 0x1F169) ||
      (c >= 0x1F170 && c <= 0x1F189)) // parenthesised, squared, negative circled and squared A-Z
    return letter((c - 0x1F110) % 32);
  if (c >= 0x2460 && c <= 0x2468) // circled 1-9
    return static_cast<char32_t>('1' + (c - 0x2460));
  if (c == 0x24EA)
    return '0';
  for (const auto& p : letterlike)
    if (p.from == c)
      return static_cast<char32_t>(p.to);
  for (const auto& p : small_caps)
    if (p.from == c)
      return static_cast<char32_t>(p.to);
  return c;
}

} // namespace hatewatch::core
