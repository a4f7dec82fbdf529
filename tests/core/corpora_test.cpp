// Training on several corpora: reading the known layouts, grouped folds, partial labels, corpus
// weights, the second head, calibration and the format-2 model file.
#include "core/calibration.hpp"
#include "core/csv_reader.hpp"
#include "core/dataset.hpp"
#include "core/folds.hpp"
#include "core/metrics.hpp"
#include "core/model_file.hpp"
#include "core/trainer.hpp"
#include "support/tiny_corpus.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

using namespace hatewatch::core;

namespace {

std::vector<example> corpus_from(const std::string& csv, corpus_kind kind, std::uint16_t index = 0) {
  std::istringstream in(csv);
  return read_corpus(in, "c.csv", kind, index);
}

std::string error_of(const std::string& csv, corpus_kind kind) {
  try {
    corpus_from(csv, kind);
  } catch (const csv_error& e) {
    return e.what();
  }
  return "";
}

// The tiny three-class corpus, then a hate-vs-not corpus (index 1) whose "not hate" texts are all
// profane: a corpus that cannot tell offensive from neither.
std::vector<example> mixed() {
  auto data = hatewatch::test::tiny_corpus();
  const char* binary[][2] = {{"0", "slurword vermin everywhere"}, {"0", "slurword must go"},
                             {"2", "swearword swearword traffic"}, {"2", "swearword this swearword"},
                             {"2", "oh swearword my phone"},       {"2", "swearword idiot referee"}};
  for (const auto& [y, text] : binary)
    data.push_back({text, y[0] == '0' ? hate_speech : neither, 1});
  return data;
}

train_options two_corpora(corpus_kind second, bool second_head = false) {
  auto o = hatewatch::test::tiny_options();
  o.corpora = {{"tiny", corpus_kind::text, 1.0, true, false}, {"other", second, 1.0, !second_head, second_head}};
  return o;
}

} // namespace

TEST(Corpora, ReadsGroupsAndTestSplits) {
  const auto sf = corpus_from("text,label,file_id,user_id,subforum_id\n"
                              "a,0,100_1,1,1\nb,2,100_2,1,1\nc,2,200_1,2,1\n",
                              corpus_kind::stormfront, 3);
  ASSERT_EQ(sf.size(), 3u);
  EXPECT_EQ(sf[0].corpus, 3u);
  EXPECT_EQ(sf[0].group, sf[1].group); // one post
  EXPECT_NE(sf[0].group, sf[2].group);
  const auto hm = corpus_from("text,label,split,entry_id,type,target,round.base,round.set,set,matched_id\n"
                              "x,0,train,0,t,a,5,5a,original,1\ny,2,train,1,t,a,5,5a,perturbation,0\n"
                              "z,0,test,7,t,a,5,5a,original,8\n",
                              corpus_kind::hatemojibuild);
  EXPECT_EQ(hm[0].group, hm[1].group); // a pair
  EXPECT_FALSE(hm[0].held_out);
  EXPECT_TRUE(hm[2].held_out);
}

TEST(Corpora, RefusesWhatAKindCannotHold) {
  EXPECT_NE(error_of("text,label,file_id\na,1,1_1\n", corpus_kind::stormfront).find("c.csv:2: label 1"),
            std::string::npos);
  EXPECT_NE(error_of("text,label\na,0\n", corpus_kind::stormfront).find("file_id"), std::string::npos);
  EXPECT_NE(error_of("text,label,split\na,0,train\n", corpus_kind::hatemojibuild).find("entry_id"),
            std::string::npos);
  EXPECT_NE(error_of("text,label,split,entry_id\na,0,train,x\n", corpus_kind::hatemojibuild).find("not a number"),
            std::string::npos);
  EXPECT_EQ(parse_corpus_kind("stormfront"), corpus_kind::stormfront);
  EXPECT_FALSE(parse_corpus_kind("reddit"));
}

TEST(Corpora, GroupedFoldsKeepGroupsTogetherAndStratify) {
  std::vector<example> data;
  for (int post = 0; post < 40; ++post)
    for (int s = 0; s < 3; ++s)
      data.push_back({"t", post % 4 == 0 ? hate_speech : neither, 0, static_cast<std::uint64_t>(post + 1)});
  const auto f = grouped_folds(data, {}, 4, 7);
  std::map<std::uint64_t, std::set<std::uint32_t>> folds_of_group;
  std::array<int, 4> hate_per_fold{};
  for (std::size_t i = 0; i < data.size(); ++i) {
    folds_of_group[data[i].group].insert(f[i]);
    hate_per_fold[f[i]] += data[i].y == hate_speech;
  }
  for (const auto& [g, folds] : folds_of_group)
    EXPECT_EQ(folds.size(), 1u) << "group " << g;
  for (int n : hate_per_fold)
    EXPECT_TRUE(n == 6 || n == 9) << n; // 10 hate posts (30 rows) over 4 folds
  EXPECT_EQ(f, grouped_folds(data, {}, 4, 7));
  EXPECT_THROW(grouped_folds(data, {}, 41, 7), std::invalid_argument);
}

TEST(Corpora, PartialLabelsDoNotTeachThatNotHateIsNeither) {
  vectorizer_scratch s;
  const auto data = mixed();
  // Read as a three-class corpus, its profane "not hate" rows become "neither" and pull the
  // offensive class down; as a corpus without an offensive class they are missing for it.
  const auto naive = train(data, two_corpora(corpus_kind::text));
  const auto partial = train(data, two_corpora(corpus_kind::stormfront));
  const auto d_naive = naive.raw_decision_values("swearword", s);
  const auto d_partial = partial.raw_decision_values("swearword", s);
  // Naively, four profane texts are positives for "neither"; partially, they are not in its problem.
  EXPECT_LT(d_partial[neither] + 0.5, d_naive[neither]);
  EXPECT_GT(d_partial[offensive_language], d_naive[offensive_language]);
  EXPECT_GT(partial.score("swearword", s)[offensive_language], 0.5);
  // The hate-speech column still learns from both corpora.
  EXPECT_GT(partial.score("slurword vermin", s)[hate_speech], 0.5);
}

TEST(Corpora, CorpusInterceptsKeepAWordFromLearningItsCorpusRate) {
  // Corpus 1 names "groupword" in every row and is mostly hate; the tiny corpus never names it.
  // With one shared intercept, "groupword" carries corpus 1's hate rate; with an intercept per
  // corpus, corpus 1's own intercept does, and "groupword" alone scores lower.
  auto data = hatewatch::test::tiny_corpus();
  for (int i = 0; i < 6; ++i)
    data.push_back({"groupword slurword number" + std::to_string(i), hate_speech, 1});
  data.push_back({"groupword met us at the hall", neither, 1});
  data.push_back({"groupword cooked dinner", neither, 1});
  auto o = two_corpora(corpus_kind::stormfront);
  const auto shared = train(data, o);
  o.corpus_intercepts = true;
  const auto own = train(data, o);
  vectorizer_scratch s;
  // The word's own push on the hate-speech value (each model's shared intercept taken out).
  auto push = [&](const model& m) {
    return m.raw_decision_values("groupword", s)[hate_speech] - m.raw_decision_values("", s)[hate_speech];
  };
  std::cout << "[ groupword] shared " << push(shared) << ", own " << push(own) << "\n";
  EXPECT_LT(push(own) + 0.2, push(shared));
  EXPECT_EQ(own.info().count("corpus_intercepts"), 1u);
  EXPECT_EQ(shared.info().count("corpus_intercepts"), 0u);
  // The hate marker is still learnt.
  EXPECT_GT(own.score("slurword vermin", s)[hate_speech], 0.5);
}

TEST(Corpora, WeightsAreValidatedAndChangeTheModel) {
  const auto data = mixed();
  auto o = two_corpora(corpus_kind::stormfront);
  o.corpora[1].weight = 0.3;
  EXPECT_THROW(train(data, o), std::invalid_argument);
  o.corpora[1].weight = 0;
  EXPECT_THROW(train(data, o), std::invalid_argument);
  // A heavier corpus is fitted more closely: its rows' log loss (hate against the rest) falls.
  auto loss_on_second = [&](const model& m) {
    vectorizer_scratch s;
    double loss = 0;
    for (const auto& e : data)
      if (e.corpus == 1) {
        const double p = m.score(e.text, s)[hate_speech];
        loss -= std::log(e.y == hate_speech ? p : 1 - p);
      }
    return loss;
  };
  o.corpora[1].weight = 1;
  const double one = loss_on_second(train(data, o));
  o.corpora[1].weight = 4;
  const double four = loss_on_second(train(data, o));
  EXPECT_LT(four, one);
  o.corpora[1].weight = 0.25;
  EXPECT_NO_THROW(train(data, o));
}

TEST(Corpora, SecondHeadIsCombinedByMax) {
  const auto data = mixed();
  const auto m = train(data, two_corpora(corpus_kind::stormfront, true));
  EXPECT_EQ(m.heads(), hate_heads::max_of_two);
  vectorizer_scratch s;
  for (const char* text : {"slurword must go", "lovely weather", "swearword"}) {
    const auto raw = m.raw_decision_values(text, s);
    const auto z = m.decision_values(text, s);
    EXPECT_DOUBLE_EQ(z[hate_speech], std::max(raw[0], raw[second_hate_column])) << text;
    EXPECT_DOUBLE_EQ(z[neither], raw[neither]);
  }
  // A corpus that trains only the second head leaves the main head to the first corpus.
  auto o = two_corpora(corpus_kind::stormfront, true);
  o.corpora[0].main_head = false;
  EXPECT_THROW(train(data, o), std::invalid_argument);
}

TEST(Corpora, EvaluationOnlyCorporaAddNothing) {
  auto data = hatewatch::test::tiny_corpus();
  auto o = hatewatch::test::tiny_options();
  o.corpora = {{"tiny", corpus_kind::text, 1.0, true, false}};
  const auto alone = train(data, o);
  // A corpus that trains no head adds no vocabulary and moves no weight.
  data.push_back({"entirely new words here", neither, 1});
  o.corpora.push_back({"eval", corpus_kind::text, 1.0, false, false});
  const auto with_extra = train(data, o);
  EXPECT_EQ(with_extra.table().size(), alone.table().size());
  EXPECT_EQ(with_extra.bias(), alone.bias());
  EXPECT_EQ(with_extra.info().at("training_examples"), alone.info().at("training_examples"));
}

TEST(Calibration, ShrinksAnOverconfidentModel) {
  // Decision values say +-4 (softmax ~0.99), but only 70 % of them are right.
  std::vector<calibration_example> data;
  for (int i = 0; i < 100; ++i) {
    const label y = i % 10 < 7 ? hate_speech : neither;
    data.push_back({{4.0, 0.0, 0.0}, y, true, 1.0});
    data.push_back({{0.0, 0.0, 4.0}, y == hate_speech ? neither : hate_speech, true, 1.0});
  }
  const auto cal = fit_calibration(data);
  EXPECT_LT(cal.scale[hate_speech], 1.0f);
  EXPECT_LT(calibrated_log_loss(data, cal), calibrated_log_loss(data, calibration{}));
  // At the optimum p(hate | d = [4, 0, 0]) is about the 70 % observed.
  const auto p = model::link_probabilities(model::combine({4.0, 0.0, 0.0, 0.0}, hate_heads::one, cal),
                                           probability_link::softmax);
  EXPECT_NEAR(p[hate_speech], 0.7, 0.03);
  EXPECT_THROW(fit_calibration({}), std::invalid_argument);
}

TEST(Calibration, PartialLabelsOnlySayNotHate) {
  // A corpus without an offensive class: "not hate" is satisfied by offensive or neither alike.
  std::vector<calibration_example> data{{{0.0, 3.0, -3.0}, neither, false, 1.0}};
  const calibration identity;
  const double partial = calibrated_log_loss(data, identity);
  data[0].labels_offensive = true;
  EXPECT_LT(partial, calibrated_log_loss(data, identity));
  EXPECT_NEAR(partial, -std::log(1 - 1 / (1 + std::exp(3.0) + std::exp(-3.0))), 1e-9);
}

TEST(Calibration, TrainingFitsAndStoresIt) {
  auto o = hatewatch::test::tiny_options();
  o.calibration_folds = 2;
  const auto m = train(hatewatch::test::tiny_corpus(), o);
  EXPECT_NE(m.calibration(), calibration{});
  std::stringstream file;
  write_model(m, file);
  const auto back = read_model(file);
  EXPECT_EQ(back.calibration(), m.calibration());
  EXPECT_EQ(back.heads(), m.heads());
  EXPECT_EQ(back.features().text_rules, 2u);
  vectorizer_scratch s;
  EXPECT_EQ(back.score("slurword people", s), m.score("slurword people", s));
  o.calibration_folds = 1;
  EXPECT_THROW(train(hatewatch::test::tiny_corpus(), o), std::invalid_argument);
}

TEST(Metrics, ExpectedCalibrationError) {
  // Two bins: p 0.05 (1 of 10 positive: 0.1) and p 0.95 (9 of 10: 0.9) -> |0.1 - 0.05| / 2 + |0.9 - 0.95| / 2.
  std::vector<bool> y;
  std::vector<double> p;
  for (int i = 0; i < 10; ++i) {
    y.push_back(i == 0);
    p.push_back(0.05);
    y.push_back(i != 0);
    p.push_back(0.95);
  }
  EXPECT_NEAR(expected_calibration_error(y, p), 0.05, 1e-12);
  EXPECT_NEAR(expected_calibration_error({true, false}, {1.0, 0.0}), 0.0, 1e-12);
}

namespace {

// An OffensEval-like corpus: "offensive or hateful" (label 1 under neither_or_not) against neither.
std::vector<example> neither_or_not() {
  std::vector<example> data;
  const char* off[] = {"swearword you idiot", "swearword this swearword", "shut up idiot", "idiot swearword",
                       "you idiot loser", "loser swearword"};
  const char* clean[] = {"lovely weather today", "see you at the match", "thanks for the recipe",
                         "the bus was late today", "nice goal at the match", "we cooked dinner today"};
  for (const char* t : off)
    data.push_back({t, offensive_language, 0});
  for (const char* t : clean)
    data.push_back({t, neither, 0});
  return data;
}

} // namespace

TEST(Corpora, ANeitherOrNotCorpusTrainsOnlyTheNeitherColumnAndSaysSo) {
  auto o = hatewatch::test::tiny_options();
  o.corpora = {{"da", corpus_kind::offenseval, 1.0, true, false}};
  const auto m = train(neither_or_not(), o);
  EXPECT_FALSE(m.tells_hate());
  EXPECT_EQ(m.info().at("classes"), "neither, not neither");
  ASSERT_EQ(m.distinguishes().size(), 2u);
  EXPECT_EQ(m.distinguishes()[1], "not neither");
  EXPECT_NE(m.info().at("untrained_columns").find("hate speech"), std::string::npos);
  vectorizer_scratch s;
  // Hate speech and offensive language share the rest evenly, and p(neither) is the neither
  // column's own logistic function: softmax(-ln 2, -ln 2, d) = 1 / (1 + e^-d).
  for (const char* text : {"you idiot", "lovely weather", "swearword"}) {
    const auto p = m.score(text, s);
    const auto d = m.raw_decision_values(text, s)[neither];
    EXPECT_NEAR(p[hate_speech], p[offensive_language], 1e-12) << text;
    EXPECT_NEAR(p[neither], 1 / (1 + std::exp(-d)), 1e-6) << text;
  }
  EXPECT_GT(1 - m.score("you idiot", s)[neither], 0.5);
  EXPECT_GT(m.score("lovely weather", s)[neither], 0.5);
  // The file keeps it; a three-class corpus beside it makes a model that tells hate apart again.
  std::stringstream file;
  write_model(m, file);
  EXPECT_FALSE(read_model(file).tells_hate());
  auto mixed_data = hatewatch::test::tiny_corpus();
  for (auto e : neither_or_not()) {
    e.corpus = 1;
    mixed_data.push_back(e);
  }
  o.corpora = {{"tiny", corpus_kind::text, 1.0, true, false}, {"da", corpus_kind::offenseval, 1.0, true, false}};
  EXPECT_TRUE(train(mixed_data, o).tells_hate());
}

TEST(Calibration, ANotNeitherLabelIsSatisfiedByHateOrOffensive) {
  std::vector<calibration_example> data{{{3.0, -3.0, 0.0}, offensive_language, false, 1.0, true}};
  const calibration identity;
  const double z = std::exp(3.0) + std::exp(-3.0) + 1;
  // "Not neither": p(hate) + p(offensive), however the two split.
  EXPECT_NEAR(calibrated_log_loss(data, identity), -std::log((std::exp(3.0) + std::exp(-3.0)) / z), 1e-9);
  data[0].y = neither;
  EXPECT_NEAR(calibrated_log_loss(data, identity), -std::log(1 / z), 1e-9);
}

TEST(Model, AnUnknownClassesEntryIsRefused) {
  auto o = hatewatch::test::tiny_options();
  const auto m = train(hatewatch::test::tiny_corpus(), o);
  auto info = m.info();
  info["classes"] = "hate, love";
  EXPECT_THROW(model(m.features(), m.table(), m.bias(), m.link(), info, m.heads(), m.calibration()),
               std::invalid_argument);
}
