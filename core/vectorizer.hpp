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
#include "core/tokenizer.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <cmath>
#include <cstdint>
#include <string_view>
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
  feature_counter counter;
  std::vector<vector_entry> entries;
};

inline constexpr std::uint32_t no_feature = 0xFFFFFFFFu;

/// Fills `s.entries` with the tf-idf vector of `raw`. `Vocabulary` provides
/// `std::uint32_t find(std::uint64_t hash) const` (no_feature when unknown) and
/// `float idf(std::uint32_t index) const`.
template <typename Vocabulary>
void vectorize(const feature_config& cfg, std::string_view raw, const Vocabulary& vocab, vectorizer_scratch& s) {
  normalize(raw, s.norm);
  tokenize(s.norm.text, s.tokens);
  s.counter.clear();
  s.grams.clear();
  for_each_ngram(cfg, s.tokens, s.units,
                 [&](block b, std::uint64_t hash, std::uint32_t, std::uint32_t) { s.grams.emplace_back(hash, b); });
  // Look-ups are cache misses more often than not; issuing the loads a few n-grams ahead lets
  // them overlap instead of waiting for each in turn.
  constexpr std::size_t ahead = 8;
  const std::size_t n = s.grams.size();
  if constexpr (requires { vocab.prefetch(std::uint64_t{}); })
    for (std::size_t i = 0; i < std::min(ahead, n); ++i)
      vocab.prefetch(s.grams[i].first);
  for (std::size_t i = 0; i < n; ++i) {
    if constexpr (requires { vocab.prefetch(std::uint64_t{}); })
      if (i + ahead < n)
        vocab.prefetch(s.grams[i + ahead].first);
    const std::uint32_t index = vocab.find(s.grams[i].first);
    if (index != no_feature) {
      if constexpr (requires { vocab.prefetch_payload(index); })
        vocab.prefetch_payload(index);
      s.counter.add(index, s.grams[i].second);
    }
  }

  s.entries.clear();
  double word_sq = 0, char_sq = 0;
  for (const auto& e : s.counter.entries()) {
    const double tf = !cfg.sublinear_tf ? static_cast<double>(e.count)
                      : e.count == 1     ? 1.0  // the common case, without a log
                                         : 1.0 + std::log(static_cast<double>(e.count));
    const double x = tf * vocab.idf(e.index);
    (e.b == block::word ? word_sq : char_sq) += x * x;
    s.entries.push_back({e.index, static_cast<float>(x)});
  }
  const std::array<double, block_count> sum_sq{word_sq, char_sq};
  std::array<double, block_count> scale{};
  for (std::size_t b = 0; b < block_count; ++b)
    scale[b] = sum_sq[b] > 0 ? 1.0 / std::sqrt(sum_sq[b]) : 0.0;
  scale[static_cast<std::size_t>(block::chars)] *= cfg.char_weight;
  const auto& counted = s.counter.entries();
  for (std::size_t k = 0; k < s.entries.size(); ++k)
    s.entries[k].value = static_cast<float>(s.entries[k].value * scale[static_cast<std::size_t>(counted[k].b)]);
}

} // namespace hatewatch::core
