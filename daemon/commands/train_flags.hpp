#pragma once
// The training options as command-line flags, shared by `train` and `evaluate --cv`.

#include "core/trainer.hpp"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace hatewatch::daemon {

/// Flags as parsed; to_options() checks and converts them.
struct train_flags {
  std::string word_ngrams = "1-2";
  std::string char_ngrams = "3-5";
  std::string class_weight = "balanced";
  std::string link = "softmax";
  std::string penalty = "l2+l1";
  std::string main_heads;   // "" = as the data specs say
  std::string second_heads; // "" = as the data specs say
  std::string hate_only;    // "" = as the data specs say
  core::train_options defaults;
  core::train_options options;

  /// Adds --c, --class-weight, --word-ngrams, ... to `cmd`, bound to this object.
  void add_to(CLI::App& cmd);
  /// Throws std::invalid_argument naming the bad flag.
  core::train_options to_options() const;

  /// Parses option words (as a manifest gives them, "--word-ngrams=1-2") over these flags.
  /// Throws std::invalid_argument naming the bad option.
  void parse_words(const std::vector<std::string>& words);

  /// Whether any of these flags was given on the command line that add_to() last registered them on.
  bool any_given() const;

private:
  std::vector<CLI::Option*> added_;
};

} // namespace hatewatch::daemon
