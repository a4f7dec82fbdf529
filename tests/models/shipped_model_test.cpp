// The model the daemon ships with (models/forums.hwm): it loads, it behaves, its card names it,
// and it is reproducible to the byte from the shared data and models/forums.yaml.
#include "core/metrics.hpp"
#include "daemon/app/cli.hpp"
#include "daemon/commands/dataset_file.hpp"
#include "daemon/commands/functional_suite.hpp"
#include "daemon/intake/source_config.hpp"
#include "daemon/models/model_loader.hpp"
#include "models/model_files.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>

using namespace hatewatch;
using test::forums_model;

TEST(ShippedModel, LoadsWithItsNameAndCard) {
  const auto m = daemon::load_model_file(forums_model);
  EXPECT_EQ(m->version().rfind("forums-", 0), 0u) << m->version();
  EXPECT_GT(m->table().size(), 10000u);
  EXPECT_EQ(m->features().text_rules, 3u);
  // Calibrated: the fitted scales are not the identity.
  EXPECT_NE(m->calibration(), core::calibration{});
  // The model card names this exact file's version.
  EXPECT_NE(test::slurp(HATEWATCH_SOURCE_DIR "/models/README.md").find(m->version()), std::string::npos);
}

TEST(ShippedModel, TellsPlainTextFromProfanityAndHate) {
  const auto m = daemon::load_model_file(forums_model);
  core::vectorizer_scratch s;
  const auto calm = m->score("Thanks for the recipe, I will try it this weekend with my kids", s);
  EXPECT_GT(calm[core::neither], 0.5);
  EXPECT_LT(calm[core::hate_speech], 0.1);
  const auto rude = m->score("shut up you stupid bitch", s);
  EXPECT_GT(rude[core::offensive_language], 0.5);
  // The first model scored these 0.14 and 0.17 hate speech; forum-style hate is what v2 learnt.
  const auto hate = m->score("go back to africa you monkey", s);
  EXPECT_GT(hate[core::hate_speech], 0.5);
  const auto kind = m->score("You are a wonderful person", s);
  EXPECT_LT(kind[core::hate_speech], 0.15);
}

TEST(ShippedModel, FindsHatefulStatementsWithoutSlurs) {
  // Model v3's purpose, on the functional suite (evaluation only, never trained on): at the
  // default threshold it is right on at least the share the card reports (less 0.01), and a
  // statement without a slur scores as hate while its negation or a neutral mention does not.
  const auto m = daemon::load_model_file(forums_model);
  std::ifstream in(HATEWATCH_SOURCE_DIR "/tests/fixtures/functional/suite.csv", std::ios::binary);
  const auto cases = daemon::read_suite(in, "suite.csv");
  ASSERT_GE(cases.size(), 700u);
  const auto r = daemon::run_suite(*m, cases, daemon::default_hate_speech_threshold);
  std::cout << "[ suite    ] overall " << r.overall.accuracy() << ", hateful " << r.hateful.accuracy()
            << ", not hateful " << r.not_hateful.accuracy() << "\n";
  EXPECT_GE(r.overall.accuracy(), 0.61); // the card: 0.621
  core::vectorizer_scratch s;
  const double threshold = daemon::default_hate_speech_threshold;
  EXPECT_GE(m->score("Muslims are vermin.", s)[core::hate_speech], threshold);
  EXPECT_LT(m->score("There are many Muslims in my neighbourhood.", s)[core::hate_speech], threshold);
}

TEST(ShippedModel, FitsTheTrainingData) {
  if (!test::have_shared_data())
    GTEST_SKIP() << "no shared data at " << test::shared_data;
  const auto m = daemon::load_model_file(forums_model);
  const auto data = daemon::read_dataset_file(test::davidson_csv);
  std::vector<core::label> truth;
  std::vector<core::probabilities> predicted;
  core::vectorizer_scratch s;
  for (const auto& e : data) {
    truth.push_back(e.y);
    predicted.push_back(m->score(e.text, s));
  }
  const auto eval = core::evaluate(truth, predicted);
  // Training-set fit, not quality (that is the grouped CV in models/README.md): a broken pipeline
  // or a model trained on other data falls far below this.
  EXPECT_GT(eval.macro_f1, 0.8);
  EXPECT_GT(eval.classes[core::hate_speech].average_precision, 0.5);
}

TEST(ShippedModel, IsReproducibleFromTheSharedData) {
  if (!test::have_shared_data())
    GTEST_SKIP() << "no shared data at " << test::shared_data;
#ifdef HATEWATCH_SANITIZED
  GTEST_SKIP() << "training the full mix takes minutes under the sanitizers; the dev pass checks this";
#endif
  test::temp_dir dir;
  const auto out = (dir.path() / "forums.hwm").string();
  std::ostringstream o, e;
  ASSERT_EQ(daemon::run_cli({"train", "--manifest", HATEWATCH_SOURCE_DIR "/models/forums.yaml", "--out", out}, o, e), 0)
      << e.str();
  EXPECT_TRUE(test::slurp(out) == test::slurp(forums_model)) << "retrained model differs from models/forums.hwm";
}
