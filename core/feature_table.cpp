#include "core/feature_table.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <stdexcept>

namespace hatewatch::core {
namespace {
std::atomic<std::uint64_t> next_table_id{1};
} // namespace

feature_table::feature_table(const std::vector<feature_row>& rows) {
  // Load factor at most 2/3 keeps probe sequences short (and mostly within one cache line of
  // keys); at least one empty slot ends every probe.
  const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, rows.size() + rows.size() / 2 + 1));
  keys_.assign(capacity, 0);
  payload_.assign(capacity, payload{0.0f, {}});
  const bool second_head = std::any_of(rows.begin(), rows.end(), [](const feature_row& r) {
    return r.weights[second_hate_column] != 0.0f;
  });
  if (second_head)
    second_.assign(capacity, 0.0f);
  mask_ = capacity - 1;
  shift_ = 64 - static_cast<unsigned>(std::countr_zero(capacity));
  for (const auto& row : rows) {
    if (row.hash == 0)
      throw std::invalid_argument("feature hash 0 is reserved");
    std::size_t s = home(row.hash);
    while (keys_[s] != 0) {
      if (keys_[s] == row.hash)
        throw std::invalid_argument("duplicate feature hash");
      s = (s + 1) & mask_;
    }
    keys_[s] = row.hash;
    payload_[s] = {row.idf, {row.weights[0], row.weights[1], row.weights[2]}};
    if (second_head)
      second_[s] = row.weights[second_hate_column];
  }
  size_ = rows.size();
  id_ = next_table_id.fetch_add(1, std::memory_order_relaxed);
}

std::vector<feature_row> feature_table::rows() const {
  std::vector<feature_row> out;
  out.reserve(size_);
  for (std::size_t s = 0; s < keys_.size(); ++s)
    if (keys_[s] != 0)
      out.push_back({keys_[s], payload_[s].idf, weights(static_cast<std::uint32_t>(s))});
  return out;
}

} // namespace hatewatch::core
