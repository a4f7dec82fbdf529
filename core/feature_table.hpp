#pragma once
// The serving vocabulary: n-gram hash -> idf and the class weights, in an open-addressing table.
// Keys and payloads live in separate arrays: probing touches only the dense key array (8 bytes a
// slot, small enough to stay in cache), and only a hit reads its 16-byte payload (idf and the main
// head's three weights, never split across cache lines). The second hate-speech head's weights
// live in an array of their own, empty in models without that head.
//
// Thread safety: immutable after construction; find() is safe from any number of threads.

#include "core/labels.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace hatewatch::core {

/// A feature's weights: one per class of the main (three-class) head, then the second hate-speech
/// head's (zero in models that have none). See model.hpp.
inline constexpr std::size_t weight_columns = class_count + 1;
inline constexpr std::size_t second_hate_column = class_count;
using column_weights = std::array<float, weight_columns>;
using column_weights_d = std::array<double, weight_columns>;

struct feature_row {
  std::uint64_t hash;
  float idf;
  column_weights weights;
};

class feature_table {
public:
  feature_table() : feature_table(std::vector<feature_row>{}) {}
  /// Builds the table from rows with distinct, non-zero hashes (throws std::invalid_argument otherwise).
  explicit feature_table(const std::vector<feature_row>& rows);

  /// The slot of `hash`, or no_feature (see vectorizer.hpp) when it is not in the vocabulary.
  std::uint32_t find(std::uint64_t hash) const noexcept {
    for (std::size_t s = home(hash);; s = (s + 1) & mask_) {
      const std::uint64_t k = keys_[s];
      if (k == hash)
        return static_cast<std::uint32_t>(s);
      if (k == 0)
        return 0xFFFFFFFFu;
    }
  }
  /// Starts loading the cache line where find(hash) will begin probing.
  void prefetch(std::uint64_t hash) const noexcept { __builtin_prefetch(&keys_[home(hash)]); }
  /// Starts loading the payload (idf and weights) of a slot that find() returned.
  void prefetch_payload(std::uint32_t slot) const noexcept { __builtin_prefetch(&payload_[slot]); }
  float idf(std::uint32_t slot) const noexcept { return payload_[slot].idf; }
  column_weights weights(std::uint32_t slot) const noexcept {
    const payload& p = payload_[slot];
    return {p.weights[0], p.weights[1], p.weights[2], second_.empty() ? 0.0f : second_[slot]};
  }

  std::size_t size() const noexcept { return size_; }
  /// Distinct for every table built in this process (copies share it: they hold the same data).
  std::uint64_t id() const noexcept { return id_; }
  std::size_t memory_bytes() const noexcept {
    return keys_.size() * sizeof(std::uint64_t) + payload_.size() * sizeof(payload) + second_.size() * sizeof(float);
  }
  /// The stored rows, in slot order (for writing a model file).
  std::vector<feature_row> rows() const;

private:
  // FNV-1a's low bits depend only on the low bits of its input, so the slot comes from the
  // high bits of a Fibonacci multiply instead.
  std::size_t home(std::uint64_t hash) const noexcept {
    return static_cast<std::size_t>((hash * 0x9E3779B97F4A7C15ULL) >> shift_);
  }

  struct alignas(16) payload {
    float idf;
    std::array<float, class_count> weights;
  };
  static_assert(sizeof(payload) == 16);
  std::vector<std::uint64_t> keys_; // hash 0 = empty
  std::vector<payload> payload_;
  std::vector<float> second_; // per slot; empty when every row's second-head weight is zero
  std::size_t mask_ = 0;
  unsigned shift_ = 63;
  std::size_t size_ = 0;
  std::uint64_t id_ = 0;
};

} // namespace hatewatch::core
