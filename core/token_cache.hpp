#pragma once
// A per-thread memo of which character n-grams of a short token are in the vocabulary, and whether
// the token itself is a known word (its word unigram is in the vocabulary).
//
// Comments reuse a small set of words, and a word's character n-grams (and so their look-ups) are
// the same every time, so remembering the slots found for recent tokens skips most hashing and
// table probes. Entries are exact (the token's bytes are compared), direct-mapped, and belong to
// one vocabulary: the cache empties itself when used with another (see reset_for).
// Thread safety: none; it lives in a thread's scratch space.

#include "core/ngram_hash.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace hatewatch::core {

class token_cache {
public:
  /// Tokens longer than this are not cached.
  static constexpr std::size_t max_key = 12;
  /// 4 * max_key - 2: the most character n-grams (lengths 2 to 5) a cached token can have; tokens
  /// with more (other n-gram settings) are not cached.
  static constexpr std::size_t max_slots = 46;
  static constexpr std::size_t size = 4096;

  /// 16 bytes, so the tags of all entries (16 KiB) stay in the first-level cache; the slots are
  /// read only on a hit.
  struct tag {
    std::uint8_t key_length = 0xFF; // 0xFF: empty
    std::uint8_t count = 0;
    std::uint8_t known = 0;
    char key[max_key];
  };
  static_assert(sizeof(tag) <= 16);

  /// A hit: the slots of the token's character n-grams that are in the vocabulary, in order.
  struct hit {
    const std::uint32_t* slots;
    std::size_t count;
    bool known; // the token's word unigram is in the vocabulary
  };

  /// Empties the cache unless it already serves the vocabulary with this id.
  void reset_for(std::uint64_t vocabulary_id) {
    if (vocabulary_id == owner_ && !tags_.empty())
      return;
    tags_.assign(size, tag{});
    slots_.assign(size * max_slots, 0);
    owner_ = vocabulary_id;
  }

  static bool cacheable(std::string_view key) { return key.size() <= max_key; }

  /// The slots cached for `key`; false when it is not cached.
  bool find(std::string_view key, hit& out) const {
    const std::size_t i = index(key);
    const tag& t = tags_[i];
    if (t.key_length != key.size() || std::memcmp(t.key, key.data(), key.size()) != 0)
      return false;
    out = {&slots_[i * max_slots], t.count, t.known != 0};
    return true;
  }

  /// Stores the slots found for `key` (at most max_slots; more are not stored) and whether it is a
  /// known word.
  void store(std::string_view key, const std::uint32_t* slots, std::size_t count, bool known) {
    if (count > max_slots)
      return;
    const std::size_t i = index(key);
    tag& t = tags_[i];
    t.key_length = static_cast<std::uint8_t>(key.size());
    std::memcpy(t.key, key.data(), key.size());
    t.count = static_cast<std::uint8_t>(count);
    t.known = known ? 1 : 0;
    if (count > 0)  // `slots` may be null then
      std::memcpy(&slots_[i * max_slots], slots, count * sizeof(std::uint32_t));
  }

private:
  static std::size_t index(std::string_view key) {
    return static_cast<std::size_t>(ngram_hash::feed(ngram_hash::offset_basis, key) * 0x9E3779B97F4A7C15ULL >> 52);
  }

  std::vector<tag> tags_;
  std::vector<std::uint32_t> slots_;
  std::uint64_t owner_ = 0;
};

} // namespace hatewatch::core
