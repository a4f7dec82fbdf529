#pragma once
// Splits normalised text into the tokens that word and character n-grams are built from.
//
// - words: runs of letters, digits, '_' and inner apostrophes and asterisks ("don't", "f*ck");
//   '#' before a word is dropped
//   so "#trash" and "trash" are one token;
// - emoji and pictographs (including the private-use code points that old tweets carry) are one
//   token each;
// - runs of '!' or '?' are one token ("!" or "?"): emphasis is signal;
// - @mentions become the token "@user" and URLs "_url_": who and where carry no meaning, and
//   keeping names would let the model learn users instead of language.
// Other punctuation separates tokens.
// Text rules 2 add, after each emoji or pictograph that has an English short name (CLDR), the
// name's words as tokens ("🔪" -> "🔪" "kitchen" "knife"), spanning the emoji's bytes and without
// character n-grams: words learnt from text then carry over to emoji.

#include <cstdint>
#include <string_view>
#include <vector>

namespace hatewatch::core {

struct token {
  /// Byte range in the normalised text.
  std::uint32_t begin;
  std::uint32_t end;
  /// The text that n-grams are built from: the token itself, or "@user" / "_url_".
  std::string_view key;
  /// Whether character n-grams are taken from it (not for placeholders and punctuation).
  bool char_grams;
};

/// Tokenises `text` into `out` (cleared first). The tokens' keys view `text` or static strings.
void tokenize(std::string_view text, std::vector<token>& out, std::uint32_t text_rules = 1);

} // namespace hatewatch::core
