#pragma once
// What `train` and `evaluate` learn from: one or more corpora, given on the command line as
// `--data KIND:PATH[:WEIGHT]` (or a bare PATH: a Davidson or text,label CSV) or in a YAML manifest.
//
// Manifest (paths relative to the manifest's folder):
//   name: forums
//   corpora:
//     - {kind: davidson, path: ../../shared/data/davidson2017/labeled_data.train.csv, heads: [main]}
//     - {kind: stormfront, path: ..., weight: 1, heads: [second]}
//     - {kind: hatexplain, path: ..., weight: 0.5, hate_only: true}
//     - {kind: dynahate, path: [dev.csv, test.csv]}   # several files, one corpus
//     - {kind: cad, path: cad_v1_1_dev.tsv, test: true}   # evaluated on, never trained on
//   options: {word-ngrams: 1-2, calibrate: 5, ...}   # the train flags, without the dashes
//   languages: [de]   # what the model reads (ISO 639-1 codes as the detector writes them); default en

#include "core/dataset.hpp"
#include "core/trainer.hpp"
#include "daemon/commands/train_flags.hpp"
#include "daemon/models/review_corpus.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hatewatch::daemon {

struct data_spec {
  std::optional<core::corpus_kind> kind; // none: a bare path, read as before corpora had kinds
  /// One file, or several joined by ',' (read as one corpus, so groups span them: DynaHate's
  /// dev and test files hold perturbations of each other's entries).
  std::string path;
  double weight = 1.0;
  /// Every row is a test row: never trained on, scored by the model trained on the rest
  /// (`KIND:PATH:test`, or `test: true` in a manifest).
  bool held_out = false;
  bool main_head = true;
  bool second_head = false;
  bool hate_only = false;
};

/// "KIND:PATH[,PATH...][:WEIGHT][:test]" or "PATH". Throws std::invalid_argument for an unknown kind or bad weight.
data_spec parse_data_spec(const std::string& text);

struct training_set {
  std::vector<core::example> data;
  /// One per spec (empty for a single bare path: the legacy single-corpus training).
  std::vector<core::corpus_options> corpora;
};

/// Reads every corpus; names them by kind ("stormfront", a second of one kind "stormfront-2").
/// Throws core::csv_error or std::invalid_argument.
training_set load_training_set(const std::vector<data_spec>& specs);

/// Applies --main-head / --second-head / --hate-only lists ("all", "none" or comma-separated corpus names) to
/// the corpora; an empty string leaves the specs' own choice. Throws std::invalid_argument for an
/// unknown name.
void assign_heads(std::vector<core::corpus_options>& corpora, const std::string& main_heads,
                  const std::string& second_heads, const std::string& hate_only = "");

/// A list of language codes ("de", "de, fr"): each one the language detector writes, none twice.
/// Throws std::invalid_argument naming `where` and the code.
std::vector<std::string> parse_languages(std::string_view list, const std::string& where);

struct manifest {
  std::string name;
  std::vector<std::string> languages; // empty: not given
  std::vector<data_spec> data;
  /// The options as command-line words ("--word-ngrams", "1-2", ...), for the train flags' parser.
  std::vector<std::string> args;
};

/// Throws std::invalid_argument with the file, line and key of what is wrong.
manifest read_manifest(const std::filesystem::path& path);

struct training_plan {
  std::vector<data_spec> specs;
  core::train_options options; // without corpora: load_training_set() and assign_heads() add them
  std::string name;            // the manifest's, or empty
  std::vector<std::string> languages; // the manifest's, or empty
};

/// What train and evaluate learn from: a manifest (whose options stand in for the flags, and then
/// training flags on the command line are refused), or --data specs with the flags.
/// Throws std::invalid_argument.
training_plan plan_training(const std::string& manifest_path, const std::vector<std::string>& data,
                            const train_flags& flags);

/// Adds the reviewed comments to `set` as one more corpus, "reviews" (three classes, each comment
/// a group of its own), counted `weight` times. A set read from one bare file (no corpora) gets
/// that file as a corpus "base" first.
void add_reviews(training_set& set, const std::vector<reviewed_example>& reviews, double weight);

} // namespace hatewatch::daemon
