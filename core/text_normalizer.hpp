#pragma once
// Turns a raw comment into the text the features are computed on, remembering for every byte of
// the result which bytes of the original it came from (so explanations can point into the original).
//
// Steps, in one pass: invalid UTF-8 becomes U+FFFD; HTML entities as they occur in forum and tweet
// text (&amp; &lt; &gt; &quot; &apos; &nbsp; &#39; &#128514; &#x1F602;) are decoded; letters are
// lower-cased (ASCII, Latin-1, Greek, Cyrillic); Unicode spaces and control characters become a
// space; zero-width characters and variation selectors are dropped; a character repeated more than
// three times in a row is kept three times ("loooool" -> "loool"); typographic apostrophes become '.
// Nothing else is removed: digits, punctuation and emoji stay for the tokenizer to judge.
//
// Text rules 2 (feature_config::text_rules) add, against deliberate evasion: full-width forms become
// ASCII; accents on Latin letters, combining marks and soft hyphens are dropped; skin-tone
// modifiers are kept (the tokenizer names them); then deobfuscate()
// (deobfuscate.hpp) undoes leetspeak, spaced and dotted letters, inserted symbols and look-alike
// letters from other scripts. Text rules 4 add, for languages beyond English: Latin Extended-A
// without accents (Turkish ş ğ ı İ, Polish ł, ...), ß as "ss", and Arabic without diacritics and
// tatweel, its alef forms as one. Offsets still point into the original, so an explanation of
// "n.1.g" highlights those five bytes.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::core {

/// The normalised text and, per byte of it, the original byte range it stands for.
/// Thread safety: a plain value; each thread uses its own.
struct normalized_text {
  std::string text;
  /// Filled only when normalize() was asked for them (`with_sources`, set by it): scoring alone does
  /// not need them, explanations do.
  std::vector<std::uint32_t> source_begin;
  std::vector<std::uint32_t> source_end;
  bool with_sources = true;

  void clear() {
    text.clear();
    source_begin.clear();
    source_end.clear();
  }
};

/// Normalises `raw` into `out` (cleared first; its capacity is reused).
/// Texts longer than 4 GiB are not supported (offsets are 32-bit); callers cap text length far below.
/// `full_pass` (for tests) runs every deobfuscation step even where its quick scan finds nothing.
/// `with_sources` false leaves the source ranges empty (the text is the same).
void normalize(std::string_view raw, normalized_text& out, std::uint32_t text_rules = 1, bool full_pass = false,
               bool with_sources = true);

} // namespace hatewatch::core
