#include "core/model.hpp"

#include "core/text_list.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

namespace hatewatch::core {

namespace {

std::vector<std::string> languages_of(const std::map<std::string, std::string>& info) {
  std::vector<std::string> out;
  if (const auto it = info.find("languages"); it != info.end())
    for_each_list_item(it->second, " ", [&](std::string_view code) {
      if (!code.empty())
        out.emplace_back(code);
    });
  if (out.empty())
    out.emplace_back("en");
  return out;
}

} // namespace

model::model(feature_config features, feature_table table, column_weights bias, probability_link link,
             std::map<std::string, std::string> info, hate_heads heads, struct calibration cal)
    : features_(features), table_(std::move(table)), bias_(bias), link_(link), info_(std::move(info)), heads_(heads),
      calibration_(cal), languages_(languages_of(info_)) {
  features_.validate();
  if (const auto it = info_.find("classes"); it != info_.end()) {
    if (it->second != std::string(two_class_names[0]) + ", " + std::string(two_class_names[1]))
      throw std::invalid_argument("unknown classes '" + it->second.substr(0, 60) + "' (only 'neither, not neither')");
    tells_hate_ = false;
  }
  for (std::size_t k = 0; k < class_count; ++k)
    if (!(std::isfinite(cal.scale[k]) && cal.scale[k] > 0 && std::isfinite(cal.shift[k])))
      throw std::invalid_argument("calibration scales must be positive and shifts finite");
}

std::vector<std::string_view> model::distinguishes() const {
  if (tells_hate_)
    return {class_names.begin(), class_names.end()};
  return {two_class_names.begin(), two_class_names.end()};
}

column_weights_d model::raw_decision_values(std::string_view text, vectorizer_scratch& s) const {
  return decide(text, s, false);
}

column_weights_d model::decide(std::string_view text, vectorizer_scratch& s, bool sources) const {
  // vectorize() and w.x in one pass over the features: the same values, in the same order and
  // precision, as vectorize() followed by a dot product per column.
  count_features(features_, text, table_, s, sources);
  const auto scale = weigh_features(features_, table_, s);
  const auto& counted = s.counter.entries();
  // Four named sums (not a loop over an array) so that the compiler keeps them in registers, two
  // columns to an instruction.
  static_assert(weight_columns == 4);
  double d0 = bias_[0], d1 = bias_[1], d2 = bias_[2], d3 = bias_[3];
  for (std::size_t i = 0; i < s.entries.size(); ++i) {
    const auto value = static_cast<float>(s.entries[i].value * scale[static_cast<std::size_t>(counted[i].b)]);
    s.entries[i].value = value; // explanations read the vector
    const auto w = table_.weights(s.entries[i].index);
    const double v = value;
    d0 += static_cast<double>(w[0]) * v;
    d1 += static_cast<double>(w[1]) * v;
    d2 += static_cast<double>(w[2]) * v;
    d3 += static_cast<double>(w[3]) * v;
  }
  return {d0, d1, d2, d3};
}

std::array<double, class_count> model::decision_values(std::string_view text, vectorizer_scratch& s) const {
  return combine(raw_decision_values(text, s), heads_, calibration_);
}

std::array<double, class_count> model::combine(const column_weights_d& raw, hate_heads heads,
                                               const struct calibration& cal, std::size_t* hate_column) {
  std::size_t hate = label::hate_speech;
  if (heads == hate_heads::max_of_two && raw[second_hate_column] > raw[label::hate_speech])
    hate = second_hate_column;
  if (hate_column)
    *hate_column = hate;
  std::array<double, class_count> z{raw[hate], raw[1], raw[2]};
  for (std::size_t k = 0; k < class_count; ++k)
    z[k] = cal.scale[k] * z[k] + cal.shift[k];
  return z;
}

probabilities model::link_probabilities(const std::array<double, class_count>& d, probability_link link) {
  probabilities p{};
  double sum = 0;
  const double top = std::max({d[0], d[1], d[2]});
  for (std::size_t k = 0; k < class_count; ++k) {
    // Subtracting the largest value keeps exp() from overflowing.
    p[k] = link == probability_link::softmax ? std::exp(d[k] - top) : 1.0 / (1.0 + std::exp(-d[k]));
    sum += p[k];
  }
  for (auto& v : p)
    v /= sum;
  return p;
}

probabilities model::score(std::string_view text, vectorizer_scratch& s) const {
  return link_probabilities(decision_values(text, s), link_);
}

std::vector<contribution> model::explain(std::string_view text, std::size_t top, vectorizer_scratch& s) const {
  std::size_t column = 0;
  combine(decide(text, s, true), heads_, calibration_, &column);
  return explain_vectorized(text, top, column, s);
}

model::scored model::score_explained(std::string_view text, std::size_t top, vectorizer_scratch& s) const {
  std::size_t column = 0;
  const auto z = combine(decide(text, s, true), heads_, calibration_, &column);
  return {link_probabilities(z, link_), explain_vectorized(text, top, column, s)};
}

std::vector<contribution> model::explain_vectorized(std::string_view text, std::size_t top, std::size_t column,
                                                    vectorizer_scratch& s) const {
  // Where each feature first occurs (normalised byte range).
  std::unordered_map<std::uint32_t, std::pair<std::uint32_t, std::uint32_t>> first;
  for_each_ngram(features_, s.tokens, s.units, [&](block, std::uint64_t hash, std::uint32_t b, std::uint32_t e) {
    const auto index = table_.find(hash);
    if (index != no_feature && e > b)
      first.try_emplace(index, b, e);
  });
  const double scale = calibration_.scale[label::hate_speech];
  std::vector<contribution> out;
  for (const auto& e : s.entries) {
    const double weight = scale * static_cast<double>(table_.weights(e.index)[column]) * e.value;
    const auto at = first.find(e.index);
    if (weight <= 0 || at == first.end())
      continue;
    const auto begin = s.norm.source_begin[at->second.first];
    const auto end = s.norm.source_end[at->second.second - 1];
    out.push_back({std::string(text.substr(begin, end - begin)), begin, end, weight});
  }
  std::sort(out.begin(), out.end(), [](const contribution& a, const contribution& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.begin < b.begin;
  });
  if (out.size() > top)
    out.resize(top);
  return out;
}

} // namespace hatewatch::core
