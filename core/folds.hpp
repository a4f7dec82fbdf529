#pragma once
// Cross-validation fold assignment.
//
// stratified_folds: each class's examples are shuffled with the seed and dealt to the folds in turn,
// so every fold has (within one) the same share of each class.
// grouped_folds: the same over groups of examples (a post's sentences, an adversarial pair): a group
// never straddles two folds, and groups are stratified by (corpus, label of their first member).

#include "core/dataset.hpp"
#include "core/labels.hpp"

#include <cstdint>
#include <vector>

namespace hatewatch::core {

/// fold[i] in [0, k) for each example. Throws std::invalid_argument when k < 2 or k > labels.size().
std::vector<std::uint32_t> stratified_folds(const std::vector<label>& labels, std::uint32_t k, std::uint64_t seed);

/// fold[i] in [0, k) for each of `data[subset[i]]` (all of data when subset is empty); examples with
/// the same (corpus, group != 0) share a fold. Throws std::invalid_argument when k < 2 or there are
/// fewer groups than folds.
std::vector<std::uint32_t> grouped_folds(const std::vector<example>& data, const std::vector<std::size_t>& subset,
                                         std::uint32_t k, std::uint64_t seed);

} // namespace hatewatch::core
