#pragma once
// Enumerates the hashed word and character n-grams of a token sequence.

#include "core/context_features.hpp"
#include "core/feature_config.hpp"
#include "core/ngram_hash.hpp"
#include "core/tokenizer.hpp"
#include "core/utf8.hpp"

#include <cstdint>
#include <vector>

namespace hatewatch::core {

/// Calls `f(block::word, hash, begin, end)` for every word n-gram of `tokens`, where [begin, end)
/// is the n-gram's byte range in the normalised text. Word n-grams join token keys with one space.
/// Text rules 3 add the context features of context_features.hpp after them.
template <typename F> void for_each_word_ngram(const feature_config& cfg, const std::vector<token>& tokens, F&& f) {
  const std::size_t n_tokens = tokens.size();
  for (std::size_t i = 0; cfg.word_ngram_max > 0 && i < n_tokens; ++i) {
    std::uint64_t h = ngram_hash::start(block::word);
    for (std::size_t n = 1; n <= cfg.word_ngram_max && i + n <= n_tokens; ++n) {
      const token& last = tokens[i + n - 1];
      if (n > 1)
        h = ngram_hash::feed(h, ngram_hash::word_separator);
      h = ngram_hash::feed(h, last.key);
      if (n >= cfg.word_ngram_min)
        f(block::word, ngram_hash::finish(h), tokens[i].begin, last.end);
    }
  }
  if (cfg.text_rules >= 3 && cfg.word_ngram_max > 0) {
    thread_local std::vector<std::uint8_t> marks;
    for_each_context_ngram(tokens, marks, f);
  }
}

/// Calls `f(block::chars, hash, begin, end)` for every character n-gram of one token: the token
/// padded with a space on both sides (the padding spans zero bytes at the token's edges), never
/// splitting a code point. `units` is scratch space (code point starts).
template <typename F>
void for_each_char_ngram(const feature_config& cfg, const token& t, std::vector<std::uint32_t>& units, F&& f) {
  if (cfg.char_ngram_max == 0 || !t.char_grams)
    return;
  // units holds the byte offset (in the key) of each code point, then the key's size.
  units.clear();
  for (std::size_t p = 0; p < t.key.size();) {
    units.push_back(static_cast<std::uint32_t>(p));
    if (static_cast<unsigned char>(t.key[p]) < 0x80)
      ++p;
    else
      utf8::decode(t.key, p);
  }
  units.push_back(static_cast<std::uint32_t>(t.key.size()));
  // Padded sequence: index 0 is the leading space, 1..m the code points, m+1 the trailing space.
  const std::size_t m = units.size() - 1;
  const std::size_t padded = m + 2;
  auto unit_begin = [&](std::size_t u) { return u == 0 ? t.begin : u > m ? t.end : t.begin + units[u - 1]; };
  auto unit_end = [&](std::size_t u) { return u == 0 ? t.begin : u > m ? t.end : t.begin + units[u]; };
  for (std::size_t s = 0; s < padded; ++s) {
    std::uint64_t h = ngram_hash::start(block::chars);
    for (std::size_t n = 1; n <= cfg.char_ngram_max && s + n <= padded; ++n) {
      const std::size_t u = s + n - 1;
      if (u == 0 || u > m)
        h = ngram_hash::feed(h, static_cast<unsigned char>(' '));
      else
        h = ngram_hash::feed(h, t.key.substr(units[u - 1], units[u] - units[u - 1]));
      if (n >= cfg.char_ngram_min)
        f(block::chars, ngram_hash::finish(h), unit_begin(s), unit_end(u));
    }
  }
}

/// Calls `f(block, hash, begin, end)` for every n-gram of `tokens`: all word n-grams, then each
/// token's character n-grams in token order.
template <typename F>
void for_each_ngram(const feature_config& cfg, const std::vector<token>& tokens, std::vector<std::uint32_t>& units,
                    F&& f) {
  for_each_word_ngram(cfg, tokens, f);
  for (const token& t : tokens)
    for_each_char_ngram(cfg, t, units, f);
}

} // namespace hatewatch::core
