#include "core/feature_table.hpp"

#include <bit>
#include <stdexcept>

namespace hatewatch::core {

feature_table::feature_table(const std::vector<feature_row>& rows) {
  // Load factor at most 1/2 keeps probe sequences short; at least one empty slot ends every probe.
  const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, rows.size() * 2));
  slots_.assign(capacity, feature_row{0, 0.0f, {}});
  mask_ = capacity - 1;
  shift_ = 64 - static_cast<unsigned>(std::countr_zero(capacity));
  for (const auto& row : rows) {
    if (row.hash == 0)
      throw std::invalid_argument("feature hash 0 is reserved");
    std::size_t s = home(row.hash);
    while (slots_[s].hash != 0) {
      if (slots_[s].hash == row.hash)
        throw std::invalid_argument("duplicate feature hash");
      s = (s + 1) & mask_;
    }
    slots_[s] = row;
  }
  size_ = rows.size();
}

std::vector<feature_row> feature_table::rows() const {
  std::vector<feature_row> out;
  out.reserve(size_);
  for (const auto& slot : slots_)
    if (slot.hash != 0)
      out.push_back(slot);
  return out;
}

} // namespace hatewatch::core
