// score_routed() and the per-model scratch, in-process: which model scores what, and that scoring
// with one model does not disturb another's warm token cache.
#include "daemon/intake/scoring.hpp"
#include "daemon/model_loader.hpp"

#include "support/language_models.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace hatewatch::daemon;

namespace {

const std::string shipped = HATEWATCH_SOURCE_DIR "/models/forums.hwm";

struct models {
  hatewatch::test::temp_dir dir;
  std::shared_ptr<const hatewatch::core::model> english = load_model_file(shipped);
  std::shared_ptr<const hatewatch::core::model> german =
      load_model_file(hatewatch::test::train_german_model(dir.path() / "de.hwm"));
  model_set set{english, {{"de", german}}, {}};
};

} // namespace

TEST(Scoring, EachModelHasItsOwnScratchOnAThread) {
  models m;
  auto& en = thread_scratch(*m.english);
  auto& de = thread_scratch(*m.german);
  EXPECT_NE(&en, &de);
  EXPECT_EQ(&thread_scratch(*m.english), &en);
  EXPECT_EQ(&thread_scratch(*m.german), &de);
  // Another thread has its own.
  const hatewatch::core::vectorizer_scratch* other = nullptr;
  std::thread([&] { other = &thread_scratch(*m.english); }).join();
  EXPECT_NE(other, &en);
}

TEST(Scoring, RoutesByLanguageAndScoresAsTheModelAlone) {
  models m;
  const std::string german = "Ich finde, alle hasswort sollten sofort aus unserer Stadt verschwinden";
  const std::string english = "thanks for the recipe, see you all at the meetup on sunday";
  const std::string french = "Ces gens devraient tous quitter notre pays immédiatement et ne jamais revenir";
  hatewatch::core::vectorizer_scratch fresh;

  const auto de = score_routed(m.set, german, 3);
  EXPECT_EQ(de.model, m.german.get());
  EXPECT_EQ(de.language.guess.code, "de");
  EXPECT_TRUE(de.language.supported);
  EXPECT_EQ(de.result.p, m.german->score(german, fresh)); // as the German model alone scores it
  EXPECT_FALSE(de.result.explanation.empty());

  const auto en = score_routed(m.set, english, 0);
  EXPECT_EQ(en.model, m.english.get());
  EXPECT_EQ(en.result.p, m.english->score(english, fresh));
  EXPECT_TRUE(en.result.explanation.empty());

  const auto fr = score_routed(m.set, french, 0);
  EXPECT_EQ(fr.model, m.english.get());
  EXPECT_FALSE(fr.language.supported);
  EXPECT_EQ(fr.language.guess.code, "fr");

  // A model chosen by the caller scores whatever the text is.
  const auto chosen = score_routed(m.set, english, 0, m.german.get());
  EXPECT_EQ(chosen.model, m.german.get());
  EXPECT_TRUE(chosen.language.supported);
  EXPECT_EQ(chosen.result.p, m.german->score(english, fresh));

  // Without a German model, German is not read.
  const model_set alone{m.english, {}, {}};
  EXPECT_FALSE(score_routed(alone, german, 0).language.supported);
  EXPECT_EQ(alone.reading("de"), nullptr);
  EXPECT_EQ(m.set.reading("de"), m.german.get());
  EXPECT_EQ(m.set.reading("en"), m.english.get());
  EXPECT_EQ(readable(m.set), "en, de");
}
