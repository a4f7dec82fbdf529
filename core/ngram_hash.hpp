#pragma once
// The pinned n-gram hash: 64-bit FNV-1a over the UTF-8 bytes, started from a per-block basis.
//
// Pinned means bit for bit: the model file stores these hashes, so changing anything here (the
// constants, the byte order of feeding, the separator between words, the block tags) silently breaks
// every model already trained. Bump the model format version if it must ever change.

#include "core/feature_config.hpp"

#include <cstdint>
#include <string_view>

namespace hatewatch::core::ngram_hash {

inline constexpr std::uint64_t offset_basis = 14695981039346656037ULL;
inline constexpr std::uint64_t prime = 1099511628211ULL;

constexpr std::uint64_t feed(std::uint64_t h, unsigned char byte) noexcept {
  return (h ^ byte) * prime;
}

constexpr std::uint64_t feed(std::uint64_t h, std::string_view bytes) noexcept {
  for (char c : bytes)
    h = feed(h, static_cast<unsigned char>(c));
  return h;
}

/// The hash every n-gram of a block starts from: the basis fed with the block's tag byte.
constexpr std::uint64_t start(block b) noexcept {
  return feed(offset_basis, b == block::word ? 'w' : 'c');
}

/// Separates words inside a word n-gram.
inline constexpr unsigned char word_separator = ' ';

/// 0 marks an empty slot in feature tables, so a hash of 0 is stored as 1.
constexpr std::uint64_t finish(std::uint64_t h) noexcept {
  return h == 0 ? 1 : h;
}

} // namespace hatewatch::core::ngram_hash
