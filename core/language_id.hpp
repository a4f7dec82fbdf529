#pragma once
// Which language a comment is in, as far as can be told: asked of a text that a model has just
// counted (count_features(), score()), so that its words and their vocabulary hits are at hand.
//
// The rules, in order (the constants are language_rules; how they were chosen and what they cost
// is in models/README.md):
//   1. Too little to tell: fewer than min_letters bytes of words (mentions, links, emoji, numbers
//      and punctuation are not words) -> "und" (undetermined).
//   2. The model reads it: at least min_known of the words, and a share known_share of them, are
//      words the model's vocabulary knows -> the model's language, without asking the detector.
//      Slang and misspellings the model learnt stay in its language, and most comments in it end
//      here, which keeps the detector's cost (several microseconds a call) off the common path.
//   3. Otherwise CLD2 (Google's Compact Language Detector 2, Debian's libcld2) on the original
//      text without its mentions and links (the normalised one has lost its accents, which tell
//      Swedish from Norwegian and French from English): its top language when it calls the result
//      reliable and finds at least min_percent of the text in it. When it is unsure but most
//      letters are of scripts other than Latin (Han, Cyrillic, Arabic, ...), a model of a
//      Latin-script language cannot read the text anyway: basis "script", with CLD2's guess if it
//      has one ("und" if not: short Chinese often gets no answer). Else "und" (basis "unclear"):
//      mixed-language comments usually end there.
//
// model_reads() turns the guess into the decision that matters: may this model score the text?
// Undetermined texts (too short, unclear) are scored by it: they are mostly short English.
//
// Thread safety: a pure function of its arguments; CLD2 keeps no state between calls.

#include "core/vectorizer.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::core {

struct language_rules {
  std::uint32_t min_letters = 20;
  std::uint32_t min_known = 2;
  double known_share = 0.7;
  int min_percent = 60;
};

/// The code of an undetermined language.
inline constexpr std::string_view undetermined_language = "und";

/// What decided a language_guess.
enum class language_basis : std::uint8_t {
  too_short,  // rule 1
  vocabulary, // rule 2
  detector,   // rule 3, a language found
  script,     // rule 3, CLD2 unsure, but most letters are not Latin
  unclear,    // rule 3, nothing reliable (mixed, or a language CLD2 does not know)
};

/// "too short", "vocabulary", "detector", "script", "unclear".
const char* language_basis_name(language_basis b) noexcept;

struct language_guess {
  /// An ISO 639-1 code as CLD2 writes it ("en", "de", "zh", "zh-Hant"), or "und" when undetermined.
  std::string code{undetermined_language};
  /// The share of known words (rule 2), CLD2's share of the text (rule 3); 0 when undetermined.
  double confidence = 0.0;
  language_basis basis = language_basis::too_short;

  bool determined() const noexcept { return code != undetermined_language; }
};

/// Whether a model of `model_languages` (ISO 639-1 codes) can score a text of this guess: yes for
/// its own languages and for undetermined texts (too short, unclear), no for another language
/// found by the detector or by script.
bool model_reads(const language_guess& g, const std::vector<std::string>& model_languages);

/// The language of `text`, which was the text last counted into `s` (by a model whose vocabulary is
/// in `model_language`, an ISO 639-1 code).
language_guess identify_language(std::string_view text, const vectorizer_scratch& s, std::string_view model_language,
                                 const language_rules& rules = {});

/// CLD2 alone on `text` (rule 3 without rules 1 and 2), with words that start with '@' and links
/// left out and invalid UTF-8 replaced: its top language and share, or "und".
language_guess detect_language(std::string_view text, int min_percent = language_rules{}.min_percent);

/// CLD2's top language for `text` however unsure it is (short texts), or "und" when it names none:
/// a hint for choosing among models, never a verdict on its own.
std::string top_language_hint(std::string_view text);

/// Whether `code` is a language code as detect_language() writes it ("de", "zh-Hant"): what a model
/// file's language list and the daemon's model.by_language may name.
bool detectable_language(std::string_view code);

/// The share of `text`'s letters that are of scripts other than Latin (0 when it has no letters).
double non_latin_share(std::string_view text);

} // namespace hatewatch::core
