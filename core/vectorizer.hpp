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

#include <array>
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
  for_each_ngram(cfg, s.tokens, s.units, [&](block b, std::uint64_t hash, std::uint32_t, std::uint32_t) {
    const std::uint32_t index = vocab.find(hash);
    if (index != no_feature)
      s.counter.add(index, b);
  });

  s.entries.clear();
  std::array<double, block_count> sum_sq{};
  for (const auto& e : s.counter.entries()) {
    const double tf = cfg.sublinear_tf ? 1.0 + std::log(static_cast<double>(e.count)) : static_cast<double>(e.count);
    const double x = tf * vocab.idf(e.index);
    sum_sq[static_cast<std::size_t>(e.b)] += x * x;
    s.entries.push_back({e.index, static_cast<float>(x)});
  }
  std::array<double, block_count> scale{};
  for (std::size_t b = 0; b < block_count; ++b)
    scale[b] = sum_sq[b] > 0 ? 1.0 / std::sqrt(sum_sq[b]) : 0.0;
  scale[static_cast<std::size_t>(block::chars)] *= cfg.char_weight;
  const auto& counted = s.counter.entries();
  for (std::size_t k = 0; k < s.entries.size(); ++k)
    s.entries[k].value = static_cast<float>(s.entries[k].value * scale[static_cast<std::size_t>(counted[k].b)]);
}

} // namespace hatewatch::core
