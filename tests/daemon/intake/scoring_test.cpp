// score_routed() and the per-model scratch, in-process: which model scores what, and that scoring
// with one model does not disturb another's warm token cache.
#include "daemon/intake/scoring.hpp"
#include "daemon/models/model_loader.hpp"

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

TEST(Scoring, AMixedLanguageTextTakesItsMostHatefulPartEachReadByItsOwnModel) {
  models m;
  hatewatch::core::vectorizer_scratch fresh;
  const std::string german = "Wir sehen uns morgen bei der Versammlung im Rathaus, das Wetter soll schön werden.";
  const std::string english = "Kill all the filthy kikes, they are vermin and must die.";
  const std::string text = german + " " + english;
  const auto r = score_routed(m.set, text, 3);
  // The whole text is no one language to the detector (it finds two); each sentence is read by the
  // model of its own, the English one calls its sentence hate speech, and the text takes its scores.
  EXPECT_NE(r.language.guess.code, "en");
  EXPECT_TRUE(r.language.supported);
  EXPECT_FALSE(r.part_unread);
  EXPECT_EQ(r.model, m.english.get());
  EXPECT_EQ(r.part_languages, (std::vector<std::string>{"de", "en"}));
  EXPECT_EQ(r.result.p, m.english->score(english, fresh));
  EXPECT_GT(r.result.p[0], 0.65);
  // The explanation points into the whole text, at the English sentence.
  ASSERT_FALSE(r.result.explanation.empty());
  EXPECT_GE(r.result.explanation.front().begin, german.size());
  // Scored whole by the German model, as before, the sentence was averaged away.
  EXPECT_LT(m.german->score(text, fresh)[0], r.result.p[0]);

  // Without a model for any other language, a text the English model reads is scored whole ...
  const model_set alone{m.english, {}, {}};
  EXPECT_EQ(score_routed(alone, english + " " + english, 0).part_languages, std::vector<std::string>{});
  // ... and one in a language no model reads is still read in its English part: the comment is
  // flagged by it, not left unscored (nor, were the English part clean, called clean).
  const std::string french = "Ces gens devraient tous quitter notre pays immédiatement et ne jamais revenir.";
  const auto fr = score_routed(alone, french + " " + english, 0);
  EXPECT_TRUE(fr.part_unread);
  EXPECT_FALSE(fr.language.supported);
  EXPECT_EQ(fr.result.p, m.english->score(english, fresh));
  source_config src;
  src.hate_speech_threshold = 0.65;
  hatewatch::daemon::store::comment_record hateful;
  hateful.text = french + " " + english;
  score_comment(alone, src, 0, hateful);
  EXPECT_FALSE(hateful.unsupported);
  EXPECT_TRUE(hateful.flagged);
  hatewatch::daemon::store::comment_record clean;
  clean.text = french + " Thanks for the recipe, see you all on sunday.";
  score_comment(alone, src, 0, clean);
  EXPECT_TRUE(clean.unsupported);
}

TEST(Scoring, APartInALanguageNoModelReadsIsNeverCalledClean) {
  models m;
  const std::string french = "Ces gens devraient tous quitter notre pays immédiatement et ne jamais revenir.";
  const std::string german_clean = "Wir sehen uns morgen bei der Versammlung im Rathaus, bis dann.";
  const std::string german_hate = "Alle hasswort sind gleich und gehören nicht hierher, raus mit ihnen.";
  source_config src;
  src.name = "forum";
  src.hate_speech_threshold = 0.5;
  // The German sentence is clean, the French one unread: the comment stays unscored.
  hatewatch::daemon::store::comment_record clean;
  clean.text = german_clean + " " + french;
  score_comment(m.set, src, 0, clean);
  EXPECT_TRUE(clean.unsupported);
  EXPECT_FALSE(clean.flagged);
  // The German sentence is hateful: the parts read are enough to flag it.
  hatewatch::daemon::store::comment_record hateful;
  hateful.text = german_hate + " " + french;
  score_comment(m.set, src, 0, hateful);
  EXPECT_FALSE(hateful.unsupported);
  EXPECT_TRUE(hateful.flagged);
  EXPECT_GT(hateful.p[0], 0.5);
}

TEST(Scoring, AShortTextGoesToTheModelWhoseVocabularyKnowsIt) {
  models m;
  // Too short for the detector; the German model knows its words, the English one does not.
  const std::string short_german = "hasswort raus!";
  const auto r = score_routed(m.set, short_german, 0);
  EXPECT_EQ(r.model, m.german.get());
  EXPECT_EQ(r.language.guess.code, "de");
  EXPECT_EQ(r.language.guess.basis, hatewatch::core::language_basis::vocabulary);
  // A short English text stays with the English model.
  EXPECT_EQ(score_routed(m.set, "you are so dumb", 0).model, m.english.get());
}

TEST(Scoring, AModelThatTellsOnlyNeitherFlagsOnItsOwnThreshold) {
  source_config src;
  src.hate_speech_threshold = 0.65;
  src.not_neither_threshold = 0.8;
  // p(neither) 0.15: not neither 0.85, split evenly (the model cannot tell hate from offence).
  const hatewatch::core::probabilities p{0.425, 0.425, 0.15};
  EXPECT_FALSE(crosses_thresholds(p, src, true)); // read as three classes, hate 0.425 is below 0.65
  EXPECT_TRUE(crosses_thresholds(p, src, false));
  src.not_neither_threshold = 0.9;
  EXPECT_FALSE(crosses_thresholds(p, src, false));
  src.offensive_language_threshold = 0.1; // the three-class thresholds do not apply to it
  EXPECT_FALSE(crosses_thresholds(p, src, false));
}
