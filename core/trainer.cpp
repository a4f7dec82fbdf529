#include "core/trainer.hpp"

#include "core/calibration.hpp"
#include "core/folds.hpp"
#include "core/liblinear_fit.hpp"
#include "core/ngram_extractor.hpp"


#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

namespace hatewatch::core {
using namespace fit;

namespace {

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
    normalize(data[i].text, norm, cfg.text_rules);
    tokenize(norm.text, tokens, cfg.text_rules);
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

// The smallest number of repeats per unit of weight that makes every corpus weight whole.
std::uint32_t repeat_scale(const train_options& o) {
  for (std::uint32_t s : {1u, 2u, 4u}) {
    bool whole = true;
    for (std::size_t c = 0; c < std::max<std::size_t>(1, o.corpora.size()); ++c) {
      const double r = o.corpus(c).weight * s;
      whole = whole && std::abs(r - std::round(r)) < 1e-9;
    }
    if (whole)
      return s;
  }
  return 4; // validate() refused anything else
}

// The binary problem of one weight column over the training rows.
binary_problem column_problem(const std::vector<example>& data, const std::vector<std::size_t>& docs,
                              const train_options& o, std::size_t column, std::uint32_t scale) {
  binary_problem bp;
  const bool second = column == second_hate_column;
  const label target = second ? hate_speech : static_cast<label>(column);
  double n = 0, n_positive = 0;
  bool two_class = second; // every corpus taking part says only "neither" or "not neither"
  if (!second && target == neither) {
    two_class = true;
    for (std::size_t c = 0; c < std::max<std::size_t>(1, o.corpora.size()); ++c)
      two_class = two_class && (!o.corpus(c).trains(neither) || o.corpus(c).neither_only());
  }
  for (std::uint32_t r = 0; r < docs.size(); ++r) {
    const auto& e = data[docs[r]];
    const auto corpus = o.corpus(e.corpus);
    const bool takes_part = second ? corpus.second_head
                                   : corpus.trains(target);
    if (!takes_part)
      continue;
    bp.rows.push_back(r);
    bp.positive.push_back(e.y == target);
    bp.repeats.push_back(static_cast<std::uint32_t>(std::lround(corpus.weight * scale)));
    n += corpus.weight;
    n_positive += e.y == target ? corpus.weight : 0;
  }
  const std::string what = second ? "the second head" : "class '" + std::string(class_names[target]) + "'";
  if (bp.rows.empty())
    return bp; // no corpus can label this class: the column stays untrained
  if (n_positive == 0)
    throw std::invalid_argument("the training data has no example of " + what);
  if (n_positive == n)
    throw std::invalid_argument("the training data has no counter-example for " + what);
  if (o.weighting == class_weighting::balanced) {
    // The main head keeps the one-vs-rest form of scikit-learn's "balanced" (n / (3 n_k) for the
    // class, 1 for the rest); the second head is a two-class problem, and so is the neither column
    // of corpora that tell only neither from the rest.
    if (two_class) {
      bp.c_positive = n / (2 * n_positive);
      bp.c_negative = n / (2 * (n - n_positive));
    } else {
      bp.c_positive = n / (class_count * n_positive);
    }
  } else if (o.weighting == class_weighting::custom && !second) {
    bp.c_positive = o.class_weights[target];
  }
  return bp;
}

} // namespace

model train(const std::vector<example>& data, const train_options& options, const std::vector<std::size_t>& subset,
            std::map<std::string, std::string> info) {
  options.validate();
  std::vector<std::size_t> docs = subset;
  if (docs.empty())
    for (std::size_t i = 0; i < data.size(); ++i)
      if (!data[i].held_out)
        docs.push_back(i);
  for (std::size_t i : docs)
    if (!options.corpora.empty() && data[i].corpus >= options.corpora.size())
      throw std::invalid_argument("an example names corpus " + std::to_string(data[i].corpus) + " of " +
                                  std::to_string(options.corpora.size()));
  // A corpus that trains no head (kept for evaluation only) adds nothing, not even vocabulary.
  std::erase_if(docs, [&](std::size_t i) {
    const auto c = options.corpus(data[i].corpus);
    return !c.main_head && !c.second_head;
  });
  if (docs.empty())
    throw std::invalid_argument("no training examples");

  calibration cal;
  const auto heads = options.has_second_head() ? hate_heads::max_of_two : hate_heads::one;
  if (options.calibration_folds >= 2) {
    auto inner = options;
    inner.calibration_folds = 0;
    const auto fold = grouped_folds(data, docs, options.calibration_folds, options.seed);
    std::vector<calibration_example> oof;
    vectorizer_scratch scratch;
    for (std::uint32_t f = 0; f < options.calibration_folds; ++f) {
      std::vector<std::size_t> train_idx;
      for (std::size_t r = 0; r < docs.size(); ++r)
        if (fold[r] != f)
          train_idx.push_back(docs[r]);
      const model m = train(data, inner, train_idx);
      for (std::size_t r = 0; r < docs.size(); ++r) {
        if (fold[r] != f)
          continue;
        const auto& e = data[docs[r]];
        const auto corpus = options.corpus(e.corpus);
        oof.push_back({model::combine(m.raw_decision_values(e.text, scratch), heads, {}), e.y,
                       corpus.uses_offensive(), corpus.weight, corpus.neither_only()});
      }
    }
    cal = fit_calibration(oof);
  }

  const auto& cfg = options.features;
  const vocabulary vocab = build_vocabulary(data, docs, cfg);

  sparse_rows x;
  vectorizer_scratch scratch;
  for (std::size_t i : docs) {
    vectorize(cfg, data[i].text, vocab, scratch);
    std::sort(scratch.entries.begin(), scratch.entries.end(),
              [](const vector_entry& a, const vector_entry& b) { return a.index < b.index; });
    x.entries.insert(x.entries.end(), scratch.entries.begin(), scratch.entries.end());
    x.starts.push_back(x.entries.size());
  }
  const std::size_t n_features = vocab.hashes.size();
  std::vector<std::uint16_t> corpus_of_row;
  std::size_t n_blocks = 1;
  if (options.augment) {
    for (std::size_t i : docs)
      corpus_of_row.push_back(data[i].corpus);
    n_blocks = 1 + std::max<std::size_t>(1, options.corpora.size());
  }
  // The corpus intercepts come after every other column (liblinear's own bias column is n + 1).
  std::vector<std::uint16_t> intercept_of_row;
  int extra_columns = 0;
  const int intercept_base = static_cast<int>(n_blocks == 1 ? n_features + 1 : n_blocks * (n_features + 1));
  if (options.corpus_intercepts && !options.corpora.empty()) {
    for (std::size_t i : docs)
      intercept_of_row.push_back(data[i].corpus);
    extra_columns = static_cast<int>(options.corpora.size());
  }
  auto rows = to_liblinear(x, n_features, options.bias, corpus_of_row, intercept_of_row, intercept_base);
  const std::uint32_t scale = repeat_scale(options);

  std::vector<column_weights> w(n_features, column_weights{});
  column_weights bias{};
  auto store = [&](std::size_t k, const column_weights_and_bias& fit) {
    for (std::size_t j = 0; j < n_features; ++j)
      w[j][k] = fit.w[j];
    bias[k] = fit.bias;
  };
  auto average = [](column_weights_and_bias& a, const column_weights_and_bias& b) {
    // The average of two linear models is one linear model: the file format does not change.
    for (std::size_t j = 0; j < a.w.size(); ++j)
      a.w[j] = 0.5f * (a.w[j] + b.w[j]);
    a.bias = 0.5f * (a.bias + b.bias);
  };
  const int first_solver = options.penalty == penalty::l1 ? L1R_LR : L2R_LR;
  if (options.corpora.empty()) {
    // One corpus with all three classes: one one-vs-rest call per penalty, as the first release.
    std::vector<label> y;
    std::array<double, class_count> counts{};
    for (std::size_t i : docs) {
      y.push_back(data[i].y);
      ++counts[static_cast<std::size_t>(data[i].y)];
    }
    for (std::size_t k = 0; k < class_count; ++k)
      if (counts[k] == 0)
        throw std::invalid_argument("the training data has no example of class '" + std::string(class_names[k]) + "'");
    std::array<double, class_count> weight = options.class_weights;
    if (options.weighting == class_weighting::none)
      weight = {1.0, 1.0, 1.0};
    if (options.weighting == class_weighting::balanced)
      for (std::size_t k = 0; k < class_count; ++k)
        weight[k] = static_cast<double>(docs.size()) / (class_count * counts[k]);
    auto fits = train_one_vs_rest(rows, y, n_features, weight, options, first_solver);
    if (options.penalty == penalty::l2_l1) {
      const auto l1 = train_one_vs_rest(rows, y, n_features, weight, options, L1R_LR);
      for (std::size_t k = 0; k < class_count; ++k)
        average(fits[k], l1[k]);
    }
    for (std::size_t k = 0; k < class_count; ++k)
      store(k, fits[k]);
  } else {
    const std::size_t columns = heads == hate_heads::max_of_two ? weight_columns : class_count;
    std::array<bool, weight_columns> trained{};
    for (std::size_t k = 0; k < columns; ++k) {
      const auto bp = column_problem(data, docs, options, k, scale);
      trained[k] = !bp.rows.empty();
      if (bp.rows.empty()) {
        // Weights and bias 0: the column neither pushes nor holds back its class.
        const std::string name = k < class_count ? std::string(class_names[k]) : "second hate head";
        info["untrained_columns"] += (info["untrained_columns"].empty() ? "" : ", ") + name;
        continue;
      }
      auto fit = train_binary(rows, bp, n_features, n_blocks, extra_columns, scale, options, first_solver);
      if (options.penalty == penalty::l2_l1)
        average(fit, train_binary(rows, bp, n_features, n_blocks, extra_columns, scale, options, L1R_LR));
      store(k, fit);
    }
    // Only corpora that tell neither from the rest (OffensEval): the model says so (model.hpp).
    if (!trained[hate_speech] && !trained[offensive_language] && trained[neither]) {
      info["classes"] = std::string(two_class_names[0]) + ", " + std::string(two_class_names[1]);
      // Under softmax, logits (-ln 2, -ln 2, d) give p(neither) = 1 / (1 + e^-d): the neither
      // column's own two-class logistic regression, its "rest" shared evenly by the other two.
      if (options.link == probability_link::softmax)
        bias[hate_speech] = bias[offensive_language] = static_cast<float>(-std::log(2.0));
    }
  }

  std::vector<feature_row> table_rows(n_features);
  for (std::size_t j = 0; j < n_features; ++j)
    table_rows[j] = {vocab.hashes[j], vocab.idfs[j], w[j]};

  auto described = options.describe();
  info.insert(described.begin(), described.end());
  info["features_kept"] = std::to_string(n_features);
  info["training_examples"] = std::to_string(docs.size());
  return model(cfg, feature_table(table_rows), bias, options.link, std::move(info), heads, cal);
}

} // namespace hatewatch::core
