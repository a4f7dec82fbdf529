#include "core/trainer.hpp"

#include "core/ngram_extractor.hpp"

#include <linear.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

namespace hatewatch::core {
namespace {

void quiet(const char*) {}

/// Rows of a sparse matrix: row r is entries[starts[r] .. starts[r+1]).
struct sparse_rows {
  std::vector<std::size_t> starts{0};
  std::vector<vector_entry> entries;
  std::size_t size() const { return starts.size() - 1; }
};

/// The training vocabulary: kept hashes in ascending order, their idf, and a hash -> index map.
struct vocabulary {
  std::vector<std::uint64_t> hashes;
  std::vector<float> idfs;
  std::unordered_map<std::uint64_t, std::uint32_t> index;

  std::uint32_t find(std::uint64_t hash) const {
    auto it = index.find(hash);
    return it == index.end() ? no_feature : it->second;
  }
  float idf(std::uint32_t i) const { return idfs[i]; }
};

vocabulary build_vocabulary(const std::vector<example>& data, const std::vector<std::size_t>& docs,
                            const feature_config& cfg) {
  std::unordered_map<std::uint64_t, std::uint32_t> df;
  df.reserve(1 << 20);
  normalized_text norm;
  std::vector<token> tokens;
  std::vector<std::uint32_t> units;
  std::vector<std::uint64_t> seen;
  for (std::size_t i : docs) {
    normalize(data[i].text, norm);
    tokenize(norm.text, tokens);
    seen.clear();
    for_each_ngram(cfg, tokens, units,
                   [&](block, std::uint64_t h, std::uint32_t, std::uint32_t) { seen.push_back(h); });
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (auto h : seen)
      ++df[h];
  }
  const double n = static_cast<double>(docs.size());
  const auto max_df = static_cast<std::uint32_t>(std::floor(cfg.max_df * n));
  vocabulary v;
  for (const auto& [h, count] : df)
    if (count >= cfg.min_df && count <= std::max<std::uint32_t>(max_df, 1))
      v.hashes.push_back(h);
  std::sort(v.hashes.begin(), v.hashes.end());
  v.idfs.reserve(v.hashes.size());
  v.index.reserve(v.hashes.size());
  for (std::uint32_t i = 0; i < v.hashes.size(); ++i) {
    const double d = df[v.hashes[i]];
    const double idf = cfg.smooth_idf ? std::log((1 + n) / (1 + d)) + 1 : std::log(n / d) + 1;
    v.idfs.push_back(static_cast<float>(idf));
    v.index.emplace(v.hashes[i], i);
  }
  return v;
}

struct liblinear_model_deleter {
  void operator()(::model* m) const { free_and_destroy_model(&m); }
};

using weights_and_bias = std::pair<std::vector<std::array<float, class_count>>, std::array<float, class_count>>;

// One-vs-rest L2-regularised logistic regression by liblinear.
weights_and_bias train_liblinear(const sparse_rows& x, const std::vector<label>& y, std::size_t n_features,
                                 std::array<double, class_count> weight, const train_options& options, int solver) {
  const auto n = static_cast<int>(n_features);
  // Rows for liblinear: 1-based ascending indices, the bias feature, then the -1 terminator.
  std::vector<feature_node> nodes;
  nodes.reserve(x.entries.size() + 2 * x.size());
  std::vector<std::size_t> row_start;
  for (std::size_t r = 0; r < x.size(); ++r) {
    row_start.push_back(nodes.size());
    for (std::size_t e = x.starts[r]; e < x.starts[r + 1]; ++e)
      nodes.push_back({static_cast<int>(x.entries[e].index) + 1, x.entries[e].value});
    if (options.bias > 0)
      nodes.push_back({n + 1, options.bias});
    nodes.push_back({-1, 0});
  }
  std::vector<feature_node*> rows;
  rows.reserve(row_start.size());
  for (std::size_t start : row_start)
    rows.push_back(&nodes[start]);
  std::vector<double> labels(y.begin(), y.end());

  problem prob{};
  prob.l = static_cast<int>(rows.size());
  prob.n = n + (options.bias > 0 ? 1 : 0);
  prob.y = labels.data();
  prob.x = rows.data();
  prob.bias = options.bias > 0 ? options.bias : -1;

  std::array<int, class_count> weight_label{0, 1, 2};
  parameter param{};
  param.solver_type = solver;
  param.C = options.c;
  param.eps = options.epsilon;
  param.p = 0.1;
  param.nr_weight = static_cast<int>(class_count);
  param.weight_label = weight_label.data();
  param.weight = weight.data();
  if (const char* problem = check_parameter(&prob, &param))
    throw std::invalid_argument(std::string("liblinear: ") + problem);

  set_print_string_function(&quiet);
  std::srand(static_cast<unsigned>(options.seed));
  std::unique_ptr<::model, liblinear_model_deleter> trained(::train(&prob, &param));

  // liblinear orders classes by first appearance; map them back to ours.
  std::array<std::size_t, class_count> column{};
  for (int i = 0; i < trained->nr_class; ++i)
    column[static_cast<std::size_t>(trained->label[i])] = static_cast<std::size_t>(i);
  const auto nr_class = static_cast<std::size_t>(trained->nr_class);
  weights_and_bias out;
  out.first.resize(n_features);
  for (std::size_t j = 0; j < n_features; ++j)
    for (std::size_t k = 0; k < class_count; ++k)
      out.first[j][k] = static_cast<float>(trained->w[j * nr_class + column[k]]);
  if (options.bias > 0)
    for (std::size_t k = 0; k < class_count; ++k)
      out.second[k] = static_cast<float>(trained->w[n_features * nr_class + column[k]] * options.bias);
  return out;
}

} // namespace

void train_options::validate() const {
  features.validate();
  if (!(std::isfinite(c) && c > 0))
    throw std::invalid_argument("C must be a positive number");
  if (!(std::isfinite(epsilon) && epsilon > 0))
    throw std::invalid_argument("epsilon must be a positive number");
  if (!(std::isfinite(bias) && bias >= 0))
    throw std::invalid_argument("bias must be zero or positive");
  for (double w : class_weights)
    if (!(std::isfinite(w) && w > 0))
      throw std::invalid_argument("class weights must be positive numbers");
}

std::map<std::string, std::string> train_options::describe() const {
  auto str = [](double v) {
    std::ostringstream out;
    out << v;
    return out.str();
  };
  std::map<std::string, std::string> d;
  d["features"] = features.describe();
  d["solver"] = penalty == penalty::l2   ? "liblinear L2R_LR (one-vs-rest logistic regression, L2)"
                : penalty == penalty::l1 ? "liblinear L1R_LR (one-vs-rest logistic regression, L1)"
                                         : "liblinear L2R_LR and L1R_LR, weights averaged (one-vs-rest logistic regression)";
  d["link"] = link == probability_link::softmax ? "softmax" : "ovr";
  d["C"] = str(c);
  d["epsilon"] = str(epsilon);
  d["bias"] = str(bias);
  d["seed"] = std::to_string(seed);
  d["class_weight"] = weighting == class_weighting::none ? "none"
                      : weighting == class_weighting::balanced
                          ? "balanced"
                          : str(class_weights[0]) + "," + str(class_weights[1]) + "," + str(class_weights[2]);
  return d;
}

model train(const std::vector<example>& data, const train_options& options, const std::vector<std::size_t>& subset,
            std::map<std::string, std::string> info) {
  options.validate();
  std::vector<std::size_t> docs = subset;
  if (docs.empty()) {
    docs.resize(data.size());
    std::iota(docs.begin(), docs.end(), 0);
  }
  std::array<std::size_t, class_count> counts{};
  for (std::size_t i : docs)
    ++counts[static_cast<std::size_t>(data[i].y)];
  for (std::size_t k = 0; k < class_count; ++k)
    if (counts[k] == 0)
      throw std::invalid_argument("the training data has no example of class '" + std::string(class_names[k]) + "'");

  const auto& cfg = options.features;
  const vocabulary vocab = build_vocabulary(data, docs, cfg);

  sparse_rows x;
  std::vector<label> y;
  vectorizer_scratch scratch;
  for (std::size_t i : docs) {
    vectorize(cfg, data[i].text, vocab, scratch);
    std::sort(scratch.entries.begin(), scratch.entries.end(),
              [](const vector_entry& a, const vector_entry& b) { return a.index < b.index; });
    x.entries.insert(x.entries.end(), scratch.entries.begin(), scratch.entries.end());
    x.starts.push_back(x.entries.size());
    y.push_back(data[i].y);
  }

  std::array<double, class_count> weight = options.class_weights;
  if (options.weighting == class_weighting::none)
    weight = {1.0, 1.0, 1.0};
  if (options.weighting == class_weighting::balanced)
    for (std::size_t k = 0; k < class_count; ++k)
      weight[k] = static_cast<double>(docs.size()) / (class_count * static_cast<double>(counts[k]));

  auto [w, bias] = train_liblinear(x, y, vocab.hashes.size(), weight, options,
                                   options.penalty == penalty::l1 ? L1R_LR : L2R_LR);
  if (options.penalty == penalty::l2_l1) {
    // The average of two linear models is one linear model: the file format does not change.
    const auto [w1, bias1] = train_liblinear(x, y, vocab.hashes.size(), weight, options, L1R_LR);
    for (std::size_t j = 0; j < w.size(); ++j)
      for (std::size_t k = 0; k < class_count; ++k)
        w[j][k] = 0.5f * (w[j][k] + w1[j][k]);
    for (std::size_t k = 0; k < class_count; ++k)
      bias[k] = 0.5f * (bias[k] + bias1[k]);
  }

  std::vector<feature_row> table_rows(vocab.hashes.size());
  for (std::size_t j = 0; j < vocab.hashes.size(); ++j)
    table_rows[j] = {vocab.hashes[j], vocab.idfs[j], w[j]};

  auto described = options.describe();
  info.insert(described.begin(), described.end());
  info["features_kept"] = std::to_string(vocab.hashes.size());
  info["training_examples"] = std::to_string(docs.size());
  return model(cfg, feature_table(table_rows), bias, options.link, std::move(info));
}

} // namespace hatewatch::core
