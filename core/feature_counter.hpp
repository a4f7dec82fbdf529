#pragma once
// Counts how often each feature index occurs in one document: a small open-addressing table that
// lives in per-thread scratch space, so counting allocates nothing once warm.

#include "core/feature_config.hpp"

#include <cstdint>
#include <vector>

namespace hatewatch::core {

class feature_counter {
public:
  struct entry {
    std::uint32_t index;
    std::uint32_t count;
    block b;
  };

  /// Starts a new document.
  void clear() {
    for (std::uint32_t s : used_)
      slots_[s].entry = empty;
    used_.clear();
    entries_.clear();
  }

  void add(std::uint32_t index, block b) {
    if ((entries_.size() + 1) * 2 > slots_.size()) [[unlikely]]
      grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = mix(index) & mask;; s = (s + 1) & mask) {
      slot& sl = slots_[s];
      if (sl.entry == empty) {
        sl = {index, static_cast<std::uint32_t>(entries_.size())};
        used_.push_back(static_cast<std::uint32_t>(s));
        entries_.push_back({index, 1, b});
        return;
      }
      if (sl.index == index) {
        ++entries_[sl.entry].count;
        return;
      }
    }
  }

  /// The distinct features of the document, in first-seen order.
  const std::vector<entry>& entries() const { return entries_; }

private:
  static constexpr std::uint32_t empty = 0xFFFFFFFFu;
  static std::size_t mix(std::uint32_t x) { return static_cast<std::size_t>(x * 0x9E3779B1u); }

  // The slot holds the feature index beside its entry number, so a probe reads one place.
  struct slot {
    std::uint32_t index;
    std::uint32_t entry; // into entries_, or empty
  };

  [[gnu::noinline]] void grow() {
    std::vector<slot> bigger(slots_.empty() ? 1024 : slots_.size() * 2, slot{0, empty});
    slots_.swap(bigger);
    used_.clear();
    const std::size_t mask = slots_.size() - 1;
    for (std::uint32_t e = 0; e < entries_.size(); ++e) {
      std::size_t s = mix(entries_[e].index) & mask;
      while (slots_[s].entry != empty)
        s = (s + 1) & mask;
      slots_[s] = {entries_[e].index, e};
      used_.push_back(static_cast<std::uint32_t>(s));
    }
  }

  std::vector<slot> slots_;
  std::vector<std::uint32_t> used_; // occupied slots, to clear in O(entries)
  std::vector<entry> entries_;
};

} // namespace hatewatch::core
