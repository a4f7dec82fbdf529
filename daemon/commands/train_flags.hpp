#pragma once
// The training options as command-line flags, shared by `train` and `evaluate --cv`.

#include "core/trainer.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace hatewatch::daemon {

/// Flags as parsed; to_options() checks and converts them.
struct train_flags {
  std::string word_ngrams = "1-2";
  std::string char_ngrams = "3-5";
  std::string class_weight = "balanced";
  std::string link = "softmax";
  std::string penalty = "l2+l1";
  core::train_options defaults;
  core::train_options options;

  /// Adds --c, --class-weight, --word-ngrams, ... to `cmd`, bound to this object.
  void add_to(CLI::App& cmd);
  /// Throws std::invalid_argument naming the bad flag.
  core::train_options to_options() const;
};

} // namespace hatewatch::daemon
