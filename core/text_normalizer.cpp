#include "core/text_normalizer.hpp"

#include "core/deobfuscate.hpp"
#include "core/styled_letters.hpp"
#include "core/utf8.hpp"

#include <array>

namespace hatewatch::core {
namespace {

constexpr std::size_t max_entity_length = 12; // "&#x10FFFF;" and the longest name we decode

struct named_entity {
  std::string_view name;
  char32_t value;
};
constexpr std::array<named_entity, 6> named_entities{{
    {"amp", '&'},
    {"lt", '<'},
    {"gt", '>'},
    {"quot", '"'},
    {"apos", '\''},
    {"nbsp", 0xA0},
}};

// Decodes the entity starting at text[pos] == '&'. On success sets `end` past the ';'.
bool decode_entity(std::string_view text, std::size_t pos, char32_t& value, std::size_t& end) {
  const auto semi = text.substr(pos, max_entity_length).find(';');
  if (semi == std::string_view::npos || semi < 2)
    return false;
  const auto body = text.substr(pos + 1, semi - 1);
  end = pos + semi + 1;
  if (body[0] != '#') {
    for (const auto& e : named_entities)
      if (body == e.name) {
        value = e.value;
        return true;
      }
    return false;
  }
  const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
  const auto digits = body.substr(hex ? 2 : 1);
  if (digits.empty())
    return false;
  std::uint32_t v = 0;
  for (char ch : digits) {
    std::uint32_t d;
    if (ch >= '0' && ch <= '9')
      d = static_cast<std::uint32_t>(ch - '0');
    else if (hex && ch >= 'a' && ch <= 'f')
      d = static_cast<std::uint32_t>(ch - 'a' + 10);
    else if (hex && ch >= 'A' && ch <= 'F')
      d = static_cast<std::uint32_t>(ch - 'A' + 10);
    else
      return false;
    v = v * (hex ? 16 : 10) + d;
    if (v > 0x10FFFF)
      return false;
  }
  value = (v == 0 || (v >= 0xD800 && v <= 0xDFFF)) ? utf8::replacement : v;
  return true;
}

char32_t lower(char32_t c) {
  if (c < 0x80)
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if ((c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3AB && c != 0x3A2) || (c >= 0x410 && c <= 0x42F))
    return c + 32;
  if (c >= 0x400 && c <= 0x40F)
    return c + 80;
  return c;
}

bool is_space(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Characters that carry no meaning of their own: zero-width joiners and spaces, variation
// selectors, the byte-order mark, skin-tone modifiers.
bool is_ignorable(char32_t c) {
  return (c >= 0x200B && c <= 0x200F) || c == 0x2060 || c == 0xFEFF || (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0x1F3FB && c <= 0x1F3FF);
}

// Text rules 2: skin tones carry meaning (the tokenizer names them); combining marks (accents,
// strike-through and "zalgo" overlays) and soft hyphens are the evasion.
bool is_ignorable_v2(char32_t c) {
  return (c >= 0x200B && c <= 0x200F) || c == 0x2060 || c == 0xFEFF || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xAD ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x20D0 && c <= 0x20FF);
}

// Latin-1 letters without their accents (after lower-casing), for text rules 2.
constexpr std::string_view latin1_base = "aaaaaaaceeeeiiiidnooooo/ouuuuyty"; // U+00E0..U+00FF
char32_t strip_accent(char32_t c) {
  if (c >= 0xE0 && c <= 0xFF && c != 0xF7 && c != 0xE6 && c != 0xF0 && c != 0xFE)
    return static_cast<char32_t>(latin1_base[c - 0xE0]);
  if (c == 0xDF)
    return 's';
  if (c >= 0xFF01 && c <= 0xFF5E) // full-width ASCII
    return c - 0xFEE0;
  return c;
}

// Text rules 4: Latin Extended-A (U+0100..U+017F: Turkish, Polish, Czech, Hungarian, Romanian, ...)
// without accents, upper and lower case alike; '.' marks the few kept as they are (ligatures).
constexpr std::string_view latin_ext_a_base =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkkkllllllllllnnnnnnnnnoooooo..rrrrrrsssssssstttttt"
    "uuuuuuuuuuuuwwyyyzzzzzzs";
static_assert(latin_ext_a_base.size() == 0x80);

char32_t strip_accent_v4(char32_t c) {
  if (c >= 0x100 && c <= 0x17F) {
    const char base = latin_ext_a_base[c - 0x100];
    return base == '.' ? (c % 2 == 0 ? c + 1 : c) : static_cast<char32_t>(base);
  }
  // Arabic: the letter forms of alef (with hamza above or below, madda, wasla) are written
  // interchangeably online; alef maqsura as yeh likewise.
  if (c == 0x622 || c == 0x623 || c == 0x625 || c == 0x671)
    return 0x627;
  if (c == 0x649)
    return 0x64A;
  return c;
}

// Text rules 4 also drop Arabic diacritics (harakat, shadda, sukun, superscript alef) and tatweel,
// the letter-stretching stroke: neither changes the word.
bool is_ignorable_v4(char32_t c) { return (c >= 0x64B && c <= 0x65F) || c == 0x670 || c == 0x640; }

char32_t fold(char32_t c) {
  if (is_space(c))
    return ' ';
  if (c == 0x2018 || c == 0x2019 || c == 0x02BC)
    return '\'';
  if (c == 0x201C || c == 0x201D)
    return '"';
  return lower(c);
}

// Widens the last character's source span to end at `end`: a dropped character still belongs to it.
void extend_last(normalized_text& out, std::size_t end) {
  if (out.text.empty() || !out.with_sources)
    return;
  const auto last_begin = out.source_begin.back();
  for (std::size_t k = out.text.size(); k > 0 && out.source_begin[k - 1] == last_begin; --k)
    out.source_end[k - 1] = static_cast<std::uint32_t>(end);
}

} // namespace

void normalize(std::string_view raw, normalized_text& out, std::uint32_t text_rules, bool full_pass,
               bool with_sources) {
  const bool v2 = text_rules >= 2;
  // Rules 2 keep runs of three for deobfuscate(), which shortens them knowing where the word ends.
  const int max_run = 3;
  out.clear();
  out.with_sources = with_sources;
  const bool sources = with_sources;
  out.text.reserve(raw.size());
  if (sources) {
    out.source_begin.reserve(raw.size());
    out.source_end.reserve(raw.size());
  }
  char32_t previous = 0;
  int run = 0;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const std::size_t begin = pos;
    // Fast path: a plain ASCII character (most of any English comment) needs no decoding.
    const auto byte = static_cast<unsigned char>(raw[pos]);
    if (byte < 0x80 && byte != '&') {
      ++pos;
      const char32_t c = (byte < 0x20 || byte == 0x7F) ? ' ' : (byte >= 'A' && byte <= 'Z') ? byte + 32 : byte;
      run = (c == previous) ? run + 1 : 1;
      previous = c;
      if (run > max_run && c != ' ') {
        extend_last(out, pos);
        continue;
      }
      out.text += static_cast<char>(c);
      if (sources) {
        out.source_begin.push_back(static_cast<std::uint32_t>(begin));
        out.source_end.push_back(static_cast<std::uint32_t>(pos));
      }
      continue;
    }
    char32_t c;
    std::size_t end;
    if (raw[pos] == '&' && decode_entity(raw, pos, c, end)) {
      pos = end;
    } else {
      c = utf8::decode(raw, pos);
    }
    if (v2 ? is_ignorable_v2(c) || (text_rules >= 4 && is_ignorable_v4(c)) : is_ignorable(c)) {
      extend_last(out, pos);
      continue;
    }
    if (text_rules >= 3)
      c = unstyle(c);
    c = fold(c);
    if (text_rules >= 4) {
      if (c == 0xDF || c == 0x1E9E) { // German sharp s is "ss", as German writes it without the letter
        for (int k = 0; k < 2; ++k) {
          out.text += 's';
          if (sources) {
            out.source_begin.push_back(static_cast<std::uint32_t>(begin));
            out.source_end.push_back(static_cast<std::uint32_t>(pos));
          }
        }
        previous = 's';
        run = 2;
        continue;
      }
      c = strip_accent_v4(c);
    }
    if (v2)
      c = lower(strip_accent(c));
    run = (c == previous) ? run + 1 : 1;
    previous = c;
    if (run > max_run && c != ' ') {
      extend_last(out, pos);
      continue;
    }
    utf8::append(out.text, c);
    if (sources) {
      out.source_begin.resize(out.text.size(), static_cast<std::uint32_t>(begin));
      out.source_end.resize(out.text.size(), static_cast<std::uint32_t>(pos));
    }
  }
  if (v2)
    deobfuscate(out, full_pass, text_rules >= 4);
}

} // namespace hatewatch::core
