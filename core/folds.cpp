#include "core/folds.hpp"

#include <array>
#include <random>
#include <stdexcept>

namespace hatewatch::core {

std::vector<std::uint32_t> stratified_folds(const std::vector<label>& labels, std::uint32_t k, std::uint64_t seed) {
  if (k < 2 || k > labels.size())
    throw std::invalid_argument("the number of folds must be at least 2 and at most the number of examples");
  std::array<std::vector<std::size_t>, class_count> by_class;
  for (std::size_t i = 0; i < labels.size(); ++i)
    by_class[static_cast<std::size_t>(labels[i])].push_back(i);
  std::mt19937_64 rng(seed);
  std::vector<std::uint32_t> fold(labels.size());
  std::uint32_t next = 0;
  for (auto& members : by_class) {
    // Fisher-Yates with our own index draw: std::shuffle's use of the engine is not specified,
    // and folds must be the same with every standard library.
    for (std::size_t i = members.size(); i > 1; --i)
      std::swap(members[i - 1], members[rng() % i]);
    for (std::size_t i : members) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

} // namespace hatewatch::core
