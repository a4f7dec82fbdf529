// The tutorial-era model (models/davidson2017.hwm, format version 1, text rules 1) still loads,
// scores as it did, and is what its options give when trained again.
#include "core/model_file.hpp"
#include "daemon/app/cli.hpp"
#include "daemon/models/model_loader.hpp"
#include "models/model_files.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace hatewatch;
using test::tutorial_model;

TEST(TutorialModel, LoadsAsAVersionOneFile) {
  const auto m = daemon::load_model_file(tutorial_model);
  EXPECT_EQ(m->version(), "davidson2017-b109235f");
  EXPECT_EQ(m->features().text_rules, 1u);
  EXPECT_EQ(m->heads(), core::hate_heads::one);
  EXPECT_EQ(m->calibration(), core::calibration{});
  EXPECT_EQ(m->table().size(), 36346u);
  core::vectorizer_scratch s;
  // As the code before text rules 2 and format version 2 scored it.
  const auto p = m->score("Thanks for the recipe, I will try it this weekend with my kids", s);
  EXPECT_NEAR(p[core::hate_speech], 0.019540, 1e-6);
  EXPECT_NEAR(p[core::neither], 0.861817, 1e-6);
}

TEST(TutorialModel, IsWhatItsOptionsTrain) {
  if (!std::filesystem::exists(test::davidson_csv))
    GTEST_SKIP() << "no shared data at " << test::davidson_csv;
  test::temp_dir dir;
  const auto out = (dir.path() / "davidson2017.hwm").string();
  std::vector<std::string> args{"train", "--data", test::davidson_csv, "--out", out, "--text-rules", "1"};
  std::istringstream options(test::slurp(HATEWATCH_SOURCE_DIR "/models/davidson2017.args"));
  for (std::string word; options >> word;)
    args.push_back(word);
  std::ostringstream o, e;
  ASSERT_EQ(daemon::run_cli(args, o, e), 0) << e.str();
  // Written in today's format, so compare the models, not the bytes.
  const auto shipped = daemon::load_model_file(tutorial_model);
  const auto again = daemon::load_model_file(out);
  EXPECT_EQ(again->bias(), shipped->bias());
  auto a = shipped->table().rows();
  auto b = again->table().rows();
  ASSERT_EQ(a.size(), b.size());
  auto by_hash = [](const core::feature_row& x, const core::feature_row& y) { return x.hash < y.hash; };
  std::sort(a.begin(), a.end(), by_hash);
  std::sort(b.begin(), b.end(), by_hash);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    differ += a[i].hash != b[i].hash || a[i].idf != b[i].idf || a[i].weights != b[i].weights;
  EXPECT_EQ(differ, 0u);
}
