#include "core/liblinear_fit.hpp"

#include <cmath>
#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace hatewatch::core::fit {
namespace {

void quiet(const char*) {}

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

} // namespace

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

} // namespace hatewatch::core::fit
