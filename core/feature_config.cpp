#include "core/feature_config.hpp"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace hatewatch::core {

void feature_config::validate() const {
  auto range = [](std::uint32_t lo, std::uint32_t hi, const char* name) {
    if (lo > hi || hi > 8 || (lo == 0 && hi != 0))
      throw std::invalid_argument(std::string(name) +
                                  " n-gram range must satisfy 1 <= min <= max <= 8 (or 0-0 for none)");
  };
  range(word_ngram_min, word_ngram_max, "word");
  range(char_ngram_min, char_ngram_max, "char");
  if (word_ngram_max == 0 && char_ngram_max == 0)
    throw std::invalid_argument("at least one of word and char n-grams must be on");
  if (min_df < 1)
    throw std::invalid_argument("min_df must be at least 1");
  if (!(max_df > 0.0f && max_df <= 1.0f))
    throw std::invalid_argument("max_df must be in (0, 1]");
  if (!(std::isfinite(char_weight) && char_weight > 0.0f))
    throw std::invalid_argument("char_weight must be a positive number");
  if (text_rules < 1 || text_rules > latest_text_rules)
    throw std::invalid_argument("text_rules must be 1 to " + std::to_string(latest_text_rules));
}

std::string feature_config::describe() const {
  std::ostringstream out;
  out << "word " << word_ngram_min << '-' << word_ngram_max << ", char " << char_ngram_min << '-' << char_ngram_max
      << ", min_df " << min_df << ", max_df " << max_df << ", sublinear_tf " << (sublinear_tf ? "on" : "off")
      << ", smooth_idf " << (smooth_idf ? "on" : "off") << ", char_weight " << char_weight << ", text rules " << text_rules;
  return out.str();
}

} // namespace hatewatch::core
