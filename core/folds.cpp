#include "core/folds.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <numeric>
#include <random>
#include <stdexcept>
#include <utility>

namespace hatewatch::core {
namespace {

// Fisher-Yates with our own index draw: std::shuffle's use of the engine is not specified, and
// folds must be the same with every standard library.
template <typename T> void shuffle(std::vector<T>& v, std::mt19937_64& rng) {
  for (std::size_t i = v.size(); i > 1; --i)
    std::swap(v[i - 1], v[rng() % i]);
}

} // namespace

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
    shuffle(members, rng);
    for (std::size_t i : members) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

std::vector<std::uint32_t> grouped_folds(const std::vector<example>& data, const std::vector<std::size_t>& subset,
                                         std::uint32_t k, std::uint64_t seed) {
  std::vector<std::size_t> rows = subset;
  if (rows.empty()) {
    rows.resize(data.size());
    std::iota(rows.begin(), rows.end(), 0);
  }
  // Groups in order of first appearance; a row with group 0 is a group of its own.
  std::map<std::pair<std::uint16_t, std::uint64_t>, std::size_t> group_index;
  std::vector<std::vector<std::size_t>> groups; // positions in `rows`
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& e = data[rows[r]];
    if (e.group == 0) {
      groups.push_back({r});
      continue;
    }
    const auto [it, fresh] = group_index.try_emplace({e.corpus, e.group}, groups.size());
    if (fresh)
      groups.emplace_back();
    groups[it->second].push_back(r);
  }
  if (k < 2 || k > groups.size())
    throw std::invalid_argument("the number of folds must be at least 2 and at most the number of groups");
  // Strata: (corpus, label of the group's first row), in a fixed order.
  std::map<std::pair<std::uint16_t, int>, std::vector<std::size_t>> strata;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto& first = data[rows[groups[g].front()]];
    strata[{first.corpus, static_cast<int>(first.y)}].push_back(g);
  }
  std::mt19937_64 rng(seed);
  std::vector<std::uint32_t> fold(rows.size());
  std::uint32_t next = 0;
  for (auto& [key, members] : strata) {
    shuffle(members, rng);
    for (std::size_t g : members) {
      for (std::size_t r : groups[g])
        fold[r] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

} // namespace hatewatch::core
