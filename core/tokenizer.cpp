#include "core/tokenizer.hpp"

#include "core/emoji_names.hpp"
#include "core/utf8.hpp"

#include <array>

namespace hatewatch::core {
namespace {

constexpr std::string_view mention_key = "@user";
constexpr std::string_view url_key = "_url_";

enum class kind { space, word, symbol, punct };

// utf8::decode with the ASCII case inline.
inline char32_t next_char(std::string_view text, std::size_t& pos) {
  const auto b = static_cast<unsigned char>(text[pos]);
  if (b < 0x80) {
    ++pos;
    return b;
  }
  return utf8::decode(text, pos);
}

bool is_pictograph(char32_t c) {
  return (c >= 0x2190 && c <= 0x2BFF) ||   // arrows, technical, dingbats, misc symbols
         (c >= 0xE000 && c <= 0xF8FF) ||   // private use: the emoji of old phones (&#57361;)
         (c >= 0x1F000 && c <= 0x1FAFF) || // emoji blocks
         c == 0xFFFD;
}

constexpr bool is_ascii_word(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

constexpr std::array<kind, 128> ascii_kinds = [] {
  std::array<kind, 128> t{};
  for (char32_t c = 0; c < 128; ++c)
    t[c] = is_ascii_word(c) ? kind::word : c == ' ' ? kind::space : kind::punct;
  return t;
}();

kind classify(char32_t c) {
  if (c < 0x80)
    return ascii_kinds[c];
  if (is_pictograph(c))
    return kind::symbol;
  // General punctuation, CJK symbols and fullwidth forms separate words; other code points are
  // letters of some script.
  if ((c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xA1 && c <= 0xBF) || c == 0xD7 ||
      c == 0xF7)
    return kind::punct;
  return kind::word;
}

bool starts_with_url(std::string_view rest) {
  return rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.");
}

} // namespace

void tokenize(std::string_view text, std::vector<token>& out, std::uint32_t text_rules) {
  out.clear();
  std::size_t pos = 0;
  auto emit = [&](std::size_t b, std::size_t e, std::string_view key, bool grams) {
    out.push_back({static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e), key, grams});
  };
  auto skip_word = [&](std::size_t p) {
    // Consumes letters and digits, and the apostrophes and asterisks that sit between them
    // ("don't", "f*ck": a masked word is still that word).
    while (p < text.size()) {
      std::size_t next = p;
      const char32_t c = next_char(text, next);
      if (classify(c) == kind::word) {
        p = next;
      } else if ((c == '\'' || c == '*') && next < text.size()) {
        std::size_t after = next;
        if (classify(next_char(text, after)) != kind::word)
          break;
        p = next;
      } else {
        break;
      }
    }
    return p;
  };

  while (pos < text.size()) {
    const std::size_t begin = pos;
    const char32_t c = next_char(text, pos);
    switch (classify(c)) {
    case kind::space:
      break;
    case kind::word: {
      if (starts_with_url(text.substr(begin))) {
        while (pos < text.size() && text[pos] != ' ')
          ++pos;
        emit(begin, pos, url_key, false);
        break;
      }
      pos = skip_word(pos);
      emit(begin, pos, text.substr(begin, pos - begin), true);
      break;
    }
    case kind::symbol:
      emit(begin, pos, text.substr(begin, pos - begin), false);
      if (text_rules >= 2) {
        std::string_view name = emoji_name(c);
        while (!name.empty()) {
          const auto space = name.find(' ');
          emit(begin, pos, name.substr(0, space), false);
          name = space == std::string_view::npos ? std::string_view{} : name.substr(space + 1);
        }
      }
      break;
    case kind::punct: {
      std::size_t next = pos;
      const bool word_follows = pos < text.size() && classify(next_char(text, next)) == kind::word;
      if (c == '@' && word_follows) {
        pos = skip_word(pos);
        emit(begin, pos, mention_key, false);
      } else if (c == '#' && word_follows) {
        const std::size_t word_begin = pos;
        pos = skip_word(pos);
        emit(word_begin, pos, text.substr(word_begin, pos - word_begin), true);
      } else if (c == '!' || c == '?') {
        while (pos < text.size() && (text[pos] == '!' || text[pos] == '?'))
          ++pos;
        emit(begin, pos, c == '!' ? std::string_view("!") : std::string_view("?"), false);
      }
      break;
    }
    }
  }
}

} // namespace hatewatch::core
