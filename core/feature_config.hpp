#pragma once
// Everything that defines the features. It is written into the model file, so training and serving
// always compute the same vector for the same text.

#include <cstdint>
#include <string>

namespace hatewatch::core {

inline constexpr std::uint32_t latest_text_rules = 4;

struct feature_config {
  /// Word n-grams of these lengths (0/0 turns them off).
  std::uint32_t word_ngram_min = 1;
  std::uint32_t word_ngram_max = 2;
  /// Character n-grams within word boundaries (each word padded by one space), in code points.
  std::uint32_t char_ngram_min = 3;
  std::uint32_t char_ngram_max = 5;
  /// Features seen in fewer training documents than this are dropped.
  std::uint32_t min_df = 5;
  /// Features seen in more than this fraction of training documents are dropped.
  float max_df = 1.0f;
  /// tf becomes 1 + ln(tf).
  bool sublinear_tf = true;
  /// idf = ln((1 + n) / (1 + df)) + 1 when true, ln(n / df) + 1 when false.
  bool smooth_idf = true;
  /// Scale applied to the character block after each block is L2-normalised on its own (as a
  /// union of two tf-idf vectorisers does); the word block has scale 1.
  float char_weight = 0.7f;
  /// Which text rules (normaliser and tokenizer) the features are computed with: 1 = the first
  /// release's; 2 adds evasion-robust normalisation (leetspeak, spaced and dotted letters, inserted
  /// symbols, homoglyphs) and emoji names as extra tokens; 3 adds styled Unicode letters read as
  /// ASCII (styled_letters.hpp) and context features (context_features.hpp: identity terms also
  /// seen as one placeholder, words in a negation's scope); 4 reads more languages: Latin
  /// Extended-A letters (Turkish, Polish, ...) without accents in either case (Turkish dotted and
  /// dotless i are both "i"), German sharp s as "ss", Arabic without diacritics and tatweel and with
  /// one alef. Stored in the model file, so a model is
  /// always served with the rules it was trained with.
  std::uint32_t text_rules = 2;

  /// Throws std::invalid_argument naming the first bad field.
  void validate() const;
  /// "word 1-2, char 2-5, min_df 2, ..." for logs and model cards.
  std::string describe() const;
};

/// The feature block an n-gram belongs to; each block is normalised on its own.
enum class block : std::uint8_t { word = 0, chars = 1 };
inline constexpr std::size_t block_count = 2;

} // namespace hatewatch::core
