// Every fuzz check over its committed seed corpus (tests/fuzz/seeds/<check>/), in every test pass:
// the seeds are the inputs the fuzzers start from, and the findings they led to stay here as
// regression inputs.
#include "fuzz/fuzz_checks.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

struct named_check {
  const char* name;
  hatewatch::test::fuzz_check check;
};

class FuzzSeeds : public testing::TestWithParam<named_check> {};

TEST_P(FuzzSeeds, KeepEveryInvariant) {
  const auto dir = std::filesystem::path(HATEWATCH_SOURCE_DIR) / "tests/fuzz/seeds" / GetParam().name;
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  std::size_t seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const char* broken = GetParam().check(bytes);
    EXPECT_EQ(broken, nullptr) << entry.path().filename() << ": " << (broken ? broken : "");
    ++seeds;
  }
  EXPECT_GE(seeds, 3u) << "the seed corpus of " << GetParam().name << " is missing";
}

using namespace hatewatch::test;
INSTANTIATE_TEST_SUITE_P(AllChecks, FuzzSeeds,
                         testing::Values(named_check{"text", check_text}, named_check{"http", check_http},
                                         named_check{"perspective", check_perspective},
                                         named_check{"openai", check_openai},
                                         named_check{"discourse", check_discourse},
                                         named_check{"generic", check_generic}, named_check{"coral", check_coral},
                                         named_check{"config", check_config},
                                         named_check{"model_file", check_model_file}, named_check{"csv", check_csv}),
                         [](const testing::TestParamInfo<named_check>& info) { return std::string(info.param.name); });

} // namespace
