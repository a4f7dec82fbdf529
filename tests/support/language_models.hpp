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

} // namespace hatewatch::test
