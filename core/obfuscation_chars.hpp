#pragma once
// The characters deobfuscate() reads: letters of any script, the Cyrillic and Greek look-alikes of
// Latin letters, leetspeak, and where a link or an @mention (left as written) ends. Internal to
// core/deobfuscate.cpp, which its own tests reach through deobfuscate().

#include <cstddef>
#include <string>
#include <string_view>

namespace hatewatch::core::obfuscation {

constexpr bool is_ascii_letter(char32_t c) {
  return c >= 'a' && c <= 'z';
}
constexpr bool is_digit(char32_t c) {
  return c >= '0' && c <= '9';
}

// A letter of any script, as the tokenizer sees words (no digits, no symbols or punctuation).
inline bool is_letter(char32_t c) {
  if (c < 0x80)
    return is_ascii_letter(c);
  if ((c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xA1 && c <= 0xBF) || c == 0xD7 ||
      c == 0xF7)
    return false;
  return !((c >= 0x2190 && c <= 0x2BFF) || (c >= 0xE000 && c <= 0xF8FF) || (c >= 0x1F000 && c <= 0x1FAFF) ||
           c == 0xFFFD);
}

// Cyrillic and Greek lower-case letters that look like Latin ones.
inline char32_t latin_look_alike(char32_t c) {
  switch (c) {
  case 0x430: return 'a';
  case 0x435: return 'e';
  case 0x43E: return 'o';
  case 0x440: return 'p';
  case 0x441: return 'c';
  case 0x443: return 'y';
  case 0x445: return 'x';
  case 0x456: return 'i';
  case 0x458: return 'j';
  case 0x455: return 's';
  case 0x501: return 'd';
  case 0x43A: return 'k';
  case 0x3B1: return 'a';
  case 0x3B5: return 'e';
  case 0x3BF: return 'o';
  case 0x3B9: return 'i';
  case 0x3BA: return 'k';
  case 0x3BD: return 'v';
  case 0x3C1: return 'p';
  case 0x3C4: return 't';
  case 0x3C5: return 'u';
  case 0x3C7: return 'x';
  case 0x3C9: return 'w';
  default: return 0;
  }
}

// The letter a leetspeak character stands for, and whether it may stand at a word's edge.
struct leet {
  char32_t letter = 0;
  bool at_edge = false;
};
constexpr leet leet_of(char32_t c) {
  switch (c) {
  case '1': return {'i', true};
  case '3': return {'e', true};
  case '0': return {'o', true};
  case '$': return {'s', true};
  case '4': return {'a', false};
  case '5': return {'s', false};
  case '7': return {'t', false};
  case '@': return {'a', false};
  case '!': return {'i', false};
  default: return {};
  }
}

inline bool in_word(char32_t c) {
  return is_letter(c) || is_digit(c) || leet_of(c).letter != 0;
}

// Where a link ("http://", "https://", "www." after a non-word character, to the next space) or an
// @mention ('@' after a non-word character, then letters, digits and '_') starts at byte p of t,
// its end; else p. The tokenizer turns both into placeholders, so they are left as written.
inline std::size_t opaque_end(const std::string& t, std::size_t p) {
  if (p > 0) {
    const auto before = static_cast<unsigned char>(t[p - 1]);
    if (before >= 0x80 || in_word(before))
      return p;
  }
  const std::string_view rest = std::string_view(t).substr(p);
  std::size_t e = p;
  if (rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.")) {
    while (e < t.size() && t[e] != ' ')
      ++e;
  } else if (rest.size() > 1 && rest[0] == '@') {
    ++e;
    while (e < t.size() && (is_ascii_letter(static_cast<unsigned char>(t[e])) ||
                            is_digit(static_cast<unsigned char>(t[e])) || t[e] == '_'))
      ++e;
    if (e == p + 1)
      return p;
  }
  return e;
}

inline bool is_joiner(char32_t c) {
  return c == ' ' || c == '.' || c == '-' || c == '_';
}

} // namespace hatewatch::core::obfuscation
