#include "core/language_id.hpp"

#include "core/utf8.hpp"

#include <cstdio> // compact_lang_det.h uses FILE without including it
#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <climits>

namespace hatewatch::core {

const char* language_basis_name(language_basis b) noexcept {
  switch (b) {
  case language_basis::too_short:
    return "too short";
  case language_basis::vocabulary:
    return "vocabulary";
  case language_basis::detector:
    return "detector";
  case language_basis::script:
    return "script";
  case language_basis::unclear:
    return "unclear";
  }
  return "unclear";
}

namespace {

// The text without mentions and links: words (runs without white space) that start with '@' or
// contain "://" or start with "www.".
std::string without_mentions_and_links(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto start = text.find_first_not_of(" \t\r\n", i);
    if (start == std::string_view::npos)
      break;
    auto end = text.find_first_of(" \t\r\n", start);
    if (end == std::string_view::npos)
      end = text.size();
    const auto word = text.substr(start, end - start);
    if (word.front() != '@' && word.find("://") == std::string_view::npos && !word.starts_with("www.")) {
      out.append(word);
      out.push_back(' ');
    }
    i = end;
  }
  return out;
}

enum class letter_kind { none, latin, other };

letter_kind kind_of(char32_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
    return letter_kind::latin;
  if (c < 0xC0 || c == 0xD7 || c == 0xF7)
    return letter_kind::none; // ASCII digits and punctuation, Latin-1 symbols
  if (c <= 0x24F || (c >= 0x1E00 && c <= 0x1EFF))
    return letter_kind::latin; // Latin-1 letters, Latin Extended A and B, Latin Extended Additional
  if (c >= 0xFF21 && c <= 0xFF5A)
    return letter_kind::latin; // full-width Latin
  if ((c >= 0x370 && c <= 0x1DFF) || (c >= 0x3040 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
      (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFB1D && c <= 0xFDFF) ||
      (c >= 0xFE70 && c <= 0xFEFF) || (c >= 0xFF66 && c <= 0xFFDC))
    return letter_kind::other; // Greek to Mongolian, kana and Han, Yi, Hangul, Hebrew and Arabic forms, half-width kana
  return letter_kind::none;    // general punctuation, symbols, emoji, private use
}

} // namespace

double non_latin_share(std::string_view text) {
  std::size_t latin = 0, other = 0;
  for (std::size_t p = 0; p < text.size();) {
    const char32_t c = utf8::decode(text, p);
    const auto k = kind_of(c);
    latin += k == letter_kind::latin ? 1 : 0;
    other += k == letter_kind::other ? 1 : 0;
  }
  return latin + other == 0 ? 0.0 : static_cast<double>(other) / static_cast<double>(latin + other);
}

language_guess detect_language(std::string_view text, int min_percent) {
  const std::string clean = utf8::sanitize(without_mentions_and_links(text));
  const std::string_view utf8_text = clean;
  language_guess g;
  g.basis = language_basis::unclear;
  if (utf8_text.empty() || utf8_text.size() > static_cast<std::size_t>(INT_MAX))
    return g;
  CLD2::Language top3[3];
  int percent3[3];
  double scores3[3];
  int text_bytes = 0;
  int valid_prefix = 0;
  bool reliable = false;
  const auto lang = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      utf8_text.data(), static_cast<int>(utf8_text.size()), true, nullptr, 0, top3, percent3, scores3, nullptr,
      &text_bytes, &reliable, &valid_prefix);
  // CLD2's "xx-Qaai" and the like name a script, not a language (emoji flags get one).
  const std::string_view code = CLD2::LanguageCode(lang);
  const bool named = valid_prefix == static_cast<int>(utf8_text.size()) && lang != CLD2::UNKNOWN_LANGUAGE &&
                     top3[0] == lang && !code.starts_with("xx-");
  if (named && reliable && percent3[0] >= min_percent) {
    g.code = std::string(code);
    g.confidence = percent3[0] / 100.0;
    g.basis = language_basis::detector;
  } else if (non_latin_share(utf8_text) > 0.5) {
    // CLD2 is unsure (short Chinese often gets no answer at all), but the script alone says that
    // a Latin-script model cannot read it: keep its guess, if it has one.
    g.basis = language_basis::script;
    if (named) {
      g.code = std::string(code);
      g.confidence = percent3[0] / 100.0;
    }
  }
  return g;
}

std::string top_language_hint(std::string_view text) {
  const std::string clean = utf8::sanitize(without_mentions_and_links(text));
  if (clean.empty() || clean.size() > static_cast<std::size_t>(INT_MAX))
    return std::string(undetermined_language);
  bool reliable = false;
  const auto lang = CLD2::DetectLanguage(clean.data(), static_cast<int>(clean.size()), true, &reliable);
  const std::string_view code = CLD2::LanguageCode(lang);
  if (lang == CLD2::UNKNOWN_LANGUAGE || code.starts_with("xx-"))
    return std::string(undetermined_language);
  return std::string(code);
}

bool detectable_language(std::string_view code) {
  if (code.empty() || code.size() > 16 || code.starts_with("xx-") || code == undetermined_language)
    return false;
  const std::string name(code);
  const auto lang = CLD2::GetLanguageFromName(name.c_str());
  return lang != CLD2::UNKNOWN_LANGUAGE && name == CLD2::LanguageCode(lang);
}

bool model_reads(const language_guess& g, const std::vector<std::string>& model_languages) {
  switch (g.basis) {
  case language_basis::too_short:
  case language_basis::unclear:
  case language_basis::vocabulary:
    return true;
  case language_basis::detector:
  case language_basis::script:
    return g.determined() && std::find(model_languages.begin(), model_languages.end(), g.code) != model_languages.end();
  }
  return true;
}

language_guess identify_language(std::string_view text, const vectorizer_scratch& s, std::string_view model_language,
                                 const language_rules& rules) {
  std::size_t letters = 0;
  for (const auto& t : s.tokens)
    if (t.char_grams)
      letters += t.key.size();
  language_guess g;
  if (letters < rules.min_letters)
    return g; // too short
  if (s.words > 0 && s.known_words >= rules.min_known &&
      static_cast<double>(s.known_words) >= rules.known_share * static_cast<double>(s.words)) {
    g.code = std::string(model_language);
    g.confidence = static_cast<double>(s.known_words) / static_cast<double>(s.words);
    g.basis = language_basis::vocabulary;
    return g;
  }
  return detect_language(text, rules.min_percent);
}

} // namespace hatewatch::core
