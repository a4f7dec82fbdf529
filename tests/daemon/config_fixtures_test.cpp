// `hatewatch check-config` on every bad config of tests/fixtures/configs/bad/: each answer (exit code
// and message, with the file's path written <file>) must stay exactly what NNN.expected holds. The
// config's reading may move between files and modules (issue 28); what an operator reads may not.
// Run with HATEWATCH_WRITE_EXPECTED=1 to write the .expected files from this build (then review the
// diff: a changed message is a change of behaviour).
#include "support/cli_runner.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string answer_of(const std::filesystem::path& yaml) {
  const auto r = hatewatch::test::run_cli({"check-config", yaml.string()});
  std::string text = "exit " + std::to_string(r.code) + "\n" + r.out + r.err;
  for (auto at = text.find(yaml.string()); at != std::string::npos; at = text.find(yaml.string(), at))
    text.replace(at, yaml.string().size(), "<file>");
  return text;
}

} // namespace

TEST(CheckConfigFixtures, EveryBadConfigGetsTheSameAnswer) {
  const auto dir = std::filesystem::path(HATEWATCH_SOURCE_DIR) / "tests/fixtures/configs/bad";
  const bool write = std::getenv("HATEWATCH_WRITE_EXPECTED") != nullptr;
  std::size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml")
      continue;
    const auto answer = answer_of(entry.path());
    auto expected_path = entry.path();
    expected_path.replace_extension(".expected");
    if (write) {
      std::ofstream(expected_path, std::ios::binary) << answer;
    } else {
      ASSERT_TRUE(std::filesystem::exists(expected_path)) << expected_path;
      EXPECT_EQ(answer, read_file(expected_path)) << entry.path().filename();
      EXPECT_NE(answer.find("exit 1\n"), std::string::npos) << entry.path().filename() << " is not a bad config";
    }
    ++checked;
  }
  EXPECT_GE(checked, 80u) << "the bad-config fixtures are missing";
}
