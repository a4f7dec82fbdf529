#pragma once
// Stratified k-fold assignment: each class's examples are shuffled with the seed and dealt to the
// folds in turn, so every fold has (within one) the same share of each class.

#include "core/labels.hpp"

#include <cstdint>
#include <vector>

namespace hatewatch::core {

/// fold[i] in [0, k) for each example. Throws std::invalid_argument when k < 2 or k > labels.size().
std::vector<std::uint32_t> stratified_folds(const std::vector<label>& labels, std::uint32_t k, std::uint64_t seed);

} // namespace hatewatch::core
