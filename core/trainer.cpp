#include "core/trainer.hpp"

#include "core/calibration.hpp"
#include "core/folds.hpp"
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

struct liblinear_model_deleter {
  void operator()(::model* m) const { free_and_destroy_model(&m); }
};

using trained_model = std::unique_ptr<::model, liblinear_model_deleter>;

// Checks the parameters and trains; liblinear's rand() is seeded first, so runs repeat.
trained_model run_liblinear(const problem& prob, int solver, double c, std::vector<int> weight_label,
                            std::vector<double> weight, const train_options& options) {
  parameter param{};
  param.solver_type = solver;
  param.C = c;
  param.eps = options.epsilon;
  param.p = 0.1;
  param.nr_weight = static_cast<int>(weight_label.size());
  param.weight_label = weight_label.data();
  param.weight = weight.data();
  if (const char* what = check_parameter(&prob, &param))
    throw std::invalid_argument(std::string("liblinear: ") + what);
  set_print_string_function(&quiet);
  std::srand(static_cast<unsigned>(options.seed));
  return trained_model(::train(&prob, &param));
}

struct column_weights_and_bias {
  std::vector<float> w;
  float bias = 0;
};

/// One binary problem: the rows (into x) taking part, whether each is positive, how many times
/// each counts, and the positive and negative classes' share of C.
struct binary_problem {
  std::vector<std::uint32_t> rows;
  std::vector<bool> positive;
  std::vector<std::uint32_t> repeats;
  double c_positive = 1, c_negative = 1;
};

/// liblinear rows: 1-based ascending indices, the bias feature, then the -1 terminator.
struct liblinear_rows {
  std::vector<feature_node> nodes;
  std::vector<std::size_t> start;
};

// With `corpus_of_row`, feature augmentation: after the shared features and intercept, each row
// repeats its features and intercept in its corpus's own block (Daumé III, "Frustratingly easy
// domain adaptation", 2007). Only the shared block is kept in the model.
// With `intercept_of_row`, each row also carries a constant feature of its corpus's own (after
// every other column): the corpus intercepts of train_options::corpus_intercepts.
liblinear_rows to_liblinear(const sparse_rows& x, std::size_t n_features, double bias,
                            const std::vector<std::uint16_t>& corpus_of_row,
                            const std::vector<std::uint16_t>& intercept_of_row, int intercept_base) {
  liblinear_rows out;
  const bool augment = !corpus_of_row.empty();
  out.nodes.reserve((augment ? 2 : 1) * x.entries.size() + 3 * x.size());
  const int n = static_cast<int>(n_features);
  for (std::size_t r = 0; r < x.size(); ++r) {
    out.start.push_back(out.nodes.size());
    for (std::size_t e = x.starts[r]; e < x.starts[r + 1]; ++e)
      out.nodes.push_back({static_cast<int>(x.entries[e].index) + 1, x.entries[e].value});
    if (bias > 0)
      out.nodes.push_back({n + 1, bias});
    if (augment) {
      const int base = (n + 1) * (1 + corpus_of_row[r]);
      for (std::size_t e = x.starts[r]; e < x.starts[r + 1]; ++e)
        out.nodes.push_back({base + static_cast<int>(x.entries[e].index) + 1, x.entries[e].value});
      if (bias > 0)
        out.nodes.push_back({base + n + 1, bias});
    }
    if (!intercept_of_row.empty())
      out.nodes.push_back({intercept_base + 1 + intercept_of_row[r], 1.0});
    out.nodes.push_back({-1, 0});
  }
  return out;
}

// Regularised logistic regression of one binary problem by liblinear.
column_weights_and_bias train_binary(liblinear_rows& rows, const binary_problem& bp, std::size_t n_features,
                                     std::size_t n_blocks, int extra_columns, double repeat_scale,
                                     const train_options& options, int solver) {
  std::vector<feature_node*> x;
  std::vector<double> y;
  for (std::size_t i = 0; i < bp.rows.size(); ++i)
    for (std::uint32_t r = 0; r < bp.repeats[i]; ++r) {
      x.push_back(&rows.nodes[rows.start[bp.rows[i]]]);
      y.push_back(bp.positive[i] ? 1.0 : -1.0);
    }
  const auto n = static_cast<int>(n_features);
  problem prob{};
  prob.l = static_cast<int>(x.size());
  prob.n = (n_blocks == 1 ? n + (options.bias > 0 ? 1 : 0) : static_cast<int>(n_blocks) * (n + 1)) + extra_columns;
  prob.y = y.data();
  prob.x = x.data();
  prob.bias = options.bias > 0 ? options.bias : -1;

  // Repeating each example `repeat_scale` times per unit of weight multiplies the loss by it.
  const auto trained =
      run_liblinear(prob, solver, options.c / repeat_scale, {1, -1}, {bp.c_positive, bp.c_negative}, options);
  // A binary liblinear model holds one weight vector, for the class it lists first.
  const float sign = trained->label[0] == 1 ? 1.0f : -1.0f;
  // nr_class 2 keeps one weight per feature; the shared block comes first.
  column_weights_and_bias out;
  out.w.resize(n_features);
  for (std::size_t j = 0; j < n_features; ++j)
    out.w[j] = sign * static_cast<float>(trained->w[j]);
  if (options.bias > 0)
    out.bias = sign * static_cast<float>(trained->w[n_features] * options.bias);
  return out;
}

// One-vs-rest over the three classes in one liblinear call, as the first release trained: for a
// single corpus this gives exactly its models (liblinear's L1 solver draws from rand() across the
// classes in their order of first appearance, so per-column calls would not).
std::array<column_weights_and_bias, class_count> train_one_vs_rest(liblinear_rows& rows, const std::vector<label>& y,
                                                                    std::size_t n_features,
                                                                    std::array<double, class_count> weight,
                                                                    const train_options& options, int solver) {
  std::vector<feature_node*> x;
  x.reserve(rows.start.size());
  for (std::size_t start : rows.start)
    x.push_back(&rows.nodes[start]);
  std::vector<double> labels(y.begin(), y.end());
  const auto n = static_cast<int>(n_features);
  problem prob{};
  prob.l = static_cast<int>(x.size());
  prob.n = n + (options.bias > 0 ? 1 : 0);
  prob.y = labels.data();
  prob.x = x.data();
  prob.bias = options.bias > 0 ? options.bias : -1;

  const auto trained = run_liblinear(prob, solver, options.c, {0, 1, 2}, {weight.begin(), weight.end()}, options);
  // liblinear orders classes by first appearance; map them back to ours.
  std::array<std::size_t, class_count> column{};
  for (int i = 0; i < trained->nr_class; ++i)
    column[static_cast<std::size_t>(trained->label[i])] = static_cast<std::size_t>(i);
  const auto nr_class = static_cast<std::size_t>(trained->nr_class);
  std::array<column_weights_and_bias, class_count> out;
  for (std::size_t k = 0; k < class_count; ++k) {
    out[k].w.resize(n_features);
    for (std::size_t j = 0; j < n_features; ++j)
      out[k].w[j] = static_cast<float>(trained->w[j * nr_class + column[k]]);
    if (options.bias > 0)
      out[k].bias = static_cast<float>(trained->w[n_features * nr_class + column[k]] * options.bias);
  }
  return out;
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
  if (corpora.size() > 64)
    throw std::invalid_argument("at most 64 corpora");
  bool main = corpora.empty();
  for (const auto& k : corpora) {
    if (k.hate_only && label_scheme_of(k.kind) == label_scheme::neither_or_not)
      throw std::invalid_argument("corpus " + k.name + ": hate labels only, but a " +
                                  std::string(corpus_kind_name(k.kind)) + " corpus has none (it tells neither apart)");
    const double quarters = k.weight * 4;
    if (!(std::isfinite(k.weight) && k.weight > 0 && k.weight <= 16 && std::abs(quarters - std::round(quarters)) < 1e-9))
      throw std::invalid_argument("corpus '" + k.name + "': weight must be a multiple of 0.25 in (0, 16]");
    main = main || k.main_head;
  }
  if (!main)
    throw std::invalid_argument("no corpus trains the main head");
  if (calibration_folds == 1 || calibration_folds > 20)
    throw std::invalid_argument("calibration folds must be 0 (none) or 2 to 20");
}

corpus_options train_options::corpus(std::size_t i) const {
  if (corpora.empty())
    return {};
  return corpora.at(i);
}

bool train_options::has_second_head() const {
  return std::any_of(corpora.begin(), corpora.end(), [](const corpus_options& k) { return k.second_head; });
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
  if (!corpora.empty()) {
    std::string list;
    for (const auto& k : corpora) {
      list += (list.empty() ? "" : "; ") + k.name + " (" + std::string(corpus_kind_name(k.kind)) + ", weight " +
              str(k.weight) + (k.main_head ? ", main head" : "") + (k.second_head ? ", second head" : "") +
              (!k.main_head && !k.second_head ? ", evaluation only" : "") + (k.hate_only ? ", hate labels only" : "") +
              ")";
    }
    d["corpora"] = list;
  }
  if (corpus_intercepts)
    d["corpus_intercepts"] = "an intercept per corpus while training; the model keeps the shared one";
  if (augment)
    d["feature_augmentation"] = "shared and per-corpus copies of every feature and intercept; the model keeps the "
                                "shared ones";
  d["calibration"] = calibration_folds == 0 ? "none"
                                            : "per-class scale and shift, fitted on " +
                                                  std::to_string(calibration_folds) +
                                                  "-fold grouped out-of-fold predictions";
  return d;
}

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
