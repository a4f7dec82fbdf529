#pragma once
// liblinear underneath the trainer (trainer.cpp): sparse rows turned into liblinear's, and one
// binary or one-vs-rest logistic regression fitted, seeded so that runs repeat. Internal to
// hatewatch_train.

#include "core/labels.hpp"
#include "core/trainer.hpp"
#include "core/vectorizer.hpp"

#include <linear.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hatewatch::core::fit {

/// Rows of a sparse matrix: row r is entries[starts[r] .. starts[r+1]).
struct sparse_rows {
  std::vector<std::size_t> starts{0};
  std::vector<vector_entry> entries;
  std::size_t size() const { return starts.size() - 1; }
};

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
                            const std::vector<std::uint16_t>& intercept_of_row, int intercept_base);

// Regularised logistic regression of one binary problem by liblinear.
column_weights_and_bias train_binary(liblinear_rows& rows, const binary_problem& bp, std::size_t n_features,
                                     std::size_t n_blocks, int extra_columns, double repeat_scale,
                                     const train_options& options, int solver);

// One-vs-rest over the three classes in one liblinear call, as the first release trained: for a
// single corpus this gives exactly its models (liblinear's L1 solver draws from rand() across the
// classes in their order of first appearance, so per-column calls would not).
std::array<column_weights_and_bias, class_count> train_one_vs_rest(liblinear_rows& rows, const std::vector<label>& y,
                                                                    std::size_t n_features,
                                                                    std::array<double, class_count> weight,
                                                                    const train_options& options, int solver);

} // namespace hatewatch::core::fit
