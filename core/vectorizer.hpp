#pragma once
// Text -> sparse tf-idf vector, the one path shared by training and serving.
//
// normalise -> tokenise -> hashed n-grams -> look each up in a vocabulary (unknown ones are
// dropped) -> count -> tf (sublinear if configured) x idf -> L2-normalise each block -> scale the
// character block by char_weight.

#include "core/feature_config.hpp"
#include "core/feature_counter.hpp"
#include "core/ngram_extractor.hpp"
#include "core/text_normalizer.hpp"
#include "core/token_cache.hpp"
#include "core/tokenizer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace hatewatch::core {

struct vector_entry {
  std::uint32_t index;
  float value;
};

/// Scratch space for one thread: reused between calls so a warm thread does not allocate.
struct vectorizer_scratch {
  normalized_text norm;
  std::vector<token> tokens;
  std::vector<std::uint32_t> units;
  std::vector<std::pair<std::uint64_t, block>> grams;
  std::vector<std::uint32_t> found;
  token_cache cache;
  feature_counter counter;
  std::vector<vector_entry> entries;
  /// Of the last text counted: its words (tokens with character n-grams: not emoji, placeholders or
  /// punctuation), and how many of them the vocabulary knows as word unigrams. A text the model
  /// cannot read (another language) has few known words; see language_id.hpp.
  std::uint32_t words = 0;
  std::uint32_t known_words = 0;
};

inline constexpr std::uint32_t no_feature = 0xFFFFFFFFu;

/// Looks up every n-gram of `grams` and calls on_found(index, block) for those in the vocabulary,
/// in order. Look-ups are cache misses more often than not; issuing the loads a few n-grams ahead
/// lets them overlap instead of waiting for each in turn.
template <typename Vocabulary, typename OnFound>
void look_up(const Vocabulary& vocab, const std::vector<std::pair<std::uint64_t, block>>& grams, OnFound&& on_found) {
  constexpr bool can_prefetch = requires {
    vocab.prefetch(std::uint64_t{});
  };
  constexpr std::size_t ahead = 8;
  const std::size_t n = grams.size();
  if constexpr (can_prefetch)
    for (std::size_t i = 0; i < std::min(ahead, n); ++i)
      vocab.prefetch(grams[i].first);
  for (std::size_t i = 0; i < n; ++i) {
    if constexpr (can_prefetch)
      if (i + ahead < n)
        vocab.prefetch(grams[i + ahead].first);
    const std::uint32_t index = vocab.find(grams[i].first);
    if (index != no_feature) {
      if constexpr (requires { vocab.prefetch_payload(index); })
        vocab.prefetch_payload(index);
      on_found(index, grams[i].second);
    }
  }
}

/// Counts the features of `raw` in `s.counter` (the first half of vectorize()). `Vocabulary`
/// provides `std::uint32_t find(std::uint64_t hash) const` (no_feature when unknown); one that also
/// has `id()` gets its look-ups for short tokens memoised in the scratch's token_cache. Either way
/// the features are counted in the same order, so the result does not depend on what the scratch
/// saw before. `sources` false skips the normalised text's source ranges (see normalize()).
template <typename Vocabulary>
void count_features(const feature_config& cfg, std::string_view raw, const Vocabulary& vocab, vectorizer_scratch& s,
                    bool sources = true) {
  normalize(raw, s.norm, cfg.text_rules, false, sources);
  tokenize(s.norm.text, s.tokens, cfg.text_rules);
  s.counter.clear();
  auto count = [&](std::uint32_t index, block b) { s.counter.add(index, b); };
  auto collect = [&](block b, std::uint64_t hash, std::uint32_t, std::uint32_t) { s.grams.emplace_back(hash, b); };

  s.grams.clear();
  for_each_word_ngram(cfg, s.tokens, collect);
  look_up(vocab, s.grams, count);

  // Character n-grams, token by token; short tokens through the cache, which also remembers
  // whether the token is a known word.
  constexpr bool cached = requires {
    vocab.id();
  };
  if constexpr (cached)
    s.cache.reset_for(vocab.id());
  const bool unigrams = cfg.word_ngram_min == 1 && cfg.word_ngram_max >= 1;
  auto known = [&](std::string_view key) {
    return unigrams &&
           vocab.find(ngram_hash::finish(ngram_hash::feed(ngram_hash::start(block::word), key))) != no_feature;
  };
  const bool chars = cfg.char_ngram_max > 0;
  s.words = 0;
  s.known_words = 0;
  for (const token& t : s.tokens) {
    if (!t.char_grams)
      continue;
    ++s.words;
    if constexpr (cached) {
      if (token_cache::cacheable(t.key)) {
        if (token_cache::hit h; s.cache.find(t.key, h)) {
          s.known_words += h.known ? 1 : 0;
          for (std::size_t k = 0; k < h.count; ++k)
            s.counter.add(h.slots[k], block::chars);
          continue;
        }
        const bool is_known = known(t.key);
        s.known_words += is_known ? 1 : 0;
        s.found.clear();
        if (chars) {
          s.grams.clear();
          for_each_char_ngram(cfg, t, s.units, collect);
          look_up(vocab, s.grams, [&](std::uint32_t index, block b) {
            s.found.push_back(index);
            s.counter.add(index, b);
          });
        }
        s.cache.store(t.key, s.found.data(), s.found.size(), is_known);
        continue;
      }
    }
    s.known_words += known(t.key) ? 1 : 0;
    if (chars) {
      s.grams.clear();
      for_each_char_ngram(cfg, t, s.units, collect);
      look_up(vocab, s.grams, count);
    }
  }
}

/// A feature's term frequency, as configured.
inline double term_frequency(const feature_config& cfg, std::uint32_t count) {
  return !cfg.sublinear_tf ? static_cast<double>(count)
         : count == 1      ? 1.0 // the common case, without a log
                           : 1.0 + std::log(static_cast<double>(count));
}

/// The factor that L2-normalises a block whose squared values sum to `sum_sq`, times `weight`.
inline double block_scale(double sum_sq, double weight) {
  return (sum_sq > 0 ? 1.0 / std::sqrt(sum_sq) : 0.0) * weight;
}

/// The second half's first step: tf x idf of every counted feature into `s.entries` (not yet
/// scaled), in the counter's order; returns the factor of each block (its L2 normalisation, times
/// char_weight for the character block). `Vocabulary` provides `float idf(std::uint32_t) const`.
template <typename Vocabulary>
std::array<double, block_count> weigh_features(const feature_config& cfg, const Vocabulary& vocab,
                                               vectorizer_scratch& s) {
  s.entries.clear();
  double word_sq = 0, char_sq = 0;
  for (const auto& e : s.counter.entries()) {
    const double x = term_frequency(cfg, e.count) * vocab.idf(e.index);
    (e.b == block::word ? word_sq : char_sq) += x * x;
    s.entries.push_back({e.index, static_cast<float>(x)});
  }
  return {block_scale(word_sq, 1.0), block_scale(char_sq, cfg.char_weight)};
}

/// Fills `s.entries` with the tf-idf vector of `raw`: count_features(), weigh_features(), then each
/// entry scaled by its block's factor.
template <typename Vocabulary>
void vectorize(const feature_config& cfg, std::string_view raw, const Vocabulary& vocab, vectorizer_scratch& s) {
  count_features(cfg, raw, vocab, s);
  const auto scale = weigh_features(cfg, vocab, s);
  const auto& counted = s.counter.entries();
  for (std::size_t k = 0; k < s.entries.size(); ++k)
    s.entries[k].value = static_cast<float>(s.entries[k].value * scale[static_cast<std::size_t>(counted[k].b)]);
}

} // namespace hatewatch::core
