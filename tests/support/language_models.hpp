#pragma once
// Small models of other languages for the routing tests, trained at test time through the real
// command line from fixtures written for the tests (tests/fixtures/models/README.md).

#include "support/cli_runner.hpp"

#include <filesystem>
#include <stdexcept>
#include <string>

namespace hatewatch::test {

/// Trains tests/fixtures/models/de-tiny.csv into `path`, its file listing `languages`.
inline std::filesystem::path train_german_model(const std::filesystem::path& path,
                                                const std::string& languages = "de") {
  const auto r = run_cli({"train", "--data", "text:" HATEWATCH_SOURCE_DIR "/tests/fixtures/models/de-tiny.csv",
                          "--out", path.string(), "--name", "de", "--languages", languages, "--min-df", "1", "--c",
                          "10"});
  if (r.code != 0)
    throw std::runtime_error("training the German fixture model failed: " + r.err);
  return path;
}

/// Trains tests/fixtures/models/tr-tiny.tsv (OffensEval's layout: OFF / NOT only) into `path`: a
/// Turkish model that tells only neither from the rest.
inline std::filesystem::path train_turkish_model(const std::filesystem::path& path) {
  const auto r = run_cli({"train", "--data", "offenseval:" HATEWATCH_SOURCE_DIR "/tests/fixtures/models/tr-tiny.tsv",
                          "--main-head", "offenseval", "--out", path.string(), "--name", "tr", "--languages", "tr",
                          "--min-df", "1", "--c", "10", "--text-rules", "4"});
  if (r.code != 0)
    throw std::runtime_error("training the Turkish fixture model failed: " + r.err);
  return path;
}

} // namespace hatewatch::test
