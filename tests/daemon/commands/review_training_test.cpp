// train --reviews: moderators' decisions stored by the daemon's own store code become one more
// corpus, and teach the model a community's word the base corpus never saw.
#include "core/trainer.hpp"
#include "daemon/models/review_comparison.hpp"
#include "daemon/commands/training_data.hpp"
#include "daemon/models/model_loader.hpp"
#include "daemon/base/clock.hpp"
#include "daemon/store/comment_store.hpp"
#include "daemon/store/review_store.hpp"
#include "daemon/store/writer.hpp"

#include "support/cli_runner.hpp"
#include "support/temp_dir.hpp"
#include "support/tiny_corpus.hpp"

#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <boost/json/parse.hpp>

#include <fstream>

using namespace hatewatch::daemon;
using hatewatch::test::run_cli;

namespace {

// A database like a daemon's: comments of two sources, and decisions on them at known times.
// "frobnicator" is this community's slur: moderators label it hate speech; the base corpus never
// saw the word.
void write_reviews(const std::filesystem::path& path) {
  storage_config cfg;
  cfg.path = path;
  store::writer w(cfg);
  w.start();
  w.run_and_wait([](store::write_context& ctx) {
    const char* hateful[] = {"you frobnicator should leave town",   "every frobnicator is vermin",
                             "frobnicator get out of our forum",    "no frobnicator belongs here",
                             "the frobnicator ruin everything",     "send the frobnicator back"};
    const char* fine[] = {"the lake looked lovely this morning", "thanks for the bread recipe",
                          "see you at the meetup on sunday",     "my garden is finally green"};
    std::int64_t t = 1'800'000'000'000;
    auto add = [&](const std::string& source, const std::string& text, std::optional<int> label) {
      store::comment_record c;
      c.source = source;
      c.source_kind = "generic";
      c.external_id = std::to_string(t);
      c.text = text;
      c.received_at = t;
      c.model_version = "test";
      c.p = {0.1, 0.1, 0.8};
      c.language = "en";
      const auto id = store::store_comment(ctx, c).id;
      store::record_review(ctx, {id, label, "", "alice", t});
      t += 60'000;
      return id;
    };
    for (const char* text : hateful)
      add("forum", text, 0);
    for (const char* text : fine)
      add("forum", text, 2);
    add("other", "a frobnicator comment from another forum", 2);
    // Decided, then withdrawn: not trained on.
    const auto withdrawn = add("forum", "the frobnicator decision taken back", 0);
    store::record_review(ctx, {withdrawn, std::nullopt, "", "bob", t});
  });
  w.stop();
}

std::string tiny_csv(const hatewatch::test::temp_dir& dir) {
  std::string csv = "text,label\n";
  for (const auto& e : hatewatch::test::tiny_corpus())
    csv += "\"" + e.text + "\"," + std::to_string(static_cast<int>(e.y)) + "\n";
  return dir.write("tiny.csv", csv).string();
}

double hate(const std::string& model, const std::string& text) {
  hatewatch::core::vectorizer_scratch s;
  return load_model_file(model)->score(text, s)[0];
}

} // namespace

TEST(ReviewTraining, ModeratorsDecisionsTeachTheModelTheirCommunitysWords) {
  hatewatch::test::temp_dir dir;
  const auto db = dir.path() / "hatewatch.db";
  write_reviews(db);
  const auto data = tiny_csv(dir);
  const auto base = (dir.path() / "base.hwm").string(), community = (dir.path() / "community.hwm").string();
  const std::vector<std::string> common{"--data", "text:" + data, "--min-df", "1", "--c", "10"};
  auto args = common;
  args.insert(args.begin(), {"train", "--out", base});
  ASSERT_EQ(run_cli(args).code, 0);
  args = common;
  args.insert(args.begin(), {"train", "--out", community, "--reviews", db.string(), "--reviews-weight", "2",
                             "--source", "forum"});
  const auto r = run_cli(args);
  ASSERT_EQ(r.code, 0) << r.err;
  // "forum": 6 hateful and 4 fine; the other source's, and the withdrawn decision, are left out.
  EXPECT_NE(r.out.find("reviews: 10 reviewed comments"), std::string::npos) << r.out;
  const std::string probe = "that frobnicator should go";
  EXPECT_GT(hate(community, probe), hate(base, probe) + 0.2) << hate(community, probe) << " vs " << hate(base, probe);
  EXPECT_NE(load_model_file(community)->info().at("corpora").find("reviews (text, weight 2"), std::string::npos);

  // Every source; only decisions before a time (the first five, a minute apart).
  args = common;
  args.insert(args.begin(), {"train", "--out", community, "--reviews", db.string()});
  EXPECT_NE(run_cli(args).out.find("reviews: 11 reviewed comments"), std::string::npos);
  args = common;
  args.insert(args.begin(), {"train", "--out", community, "--reviews", db.string(), "--reviews-before",
                             "2027-01-15T08:05:00Z"});
  const auto before = run_cli(args);
  EXPECT_NE(before.out.find("reviews: 5 reviewed comments"), std::string::npos) << before.out << before.err;
}

TEST(ReviewTraining, BadReviewSourcesAreRefusedWithTheReason) {
  hatewatch::test::temp_dir dir;
  const auto data = tiny_csv(dir);
  const auto db = dir.path() / "hatewatch.db";
  write_reviews(db);
  const auto out = (dir.path() / "x.hwm").string();
  auto train = [&](std::vector<std::string> extra) {
    std::vector<std::string> args{"train", "--data", "text:" + data, "--out", out, "--min-df", "1"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args);
  };
  auto expect = [&](std::vector<std::string> extra, const std::string& message) {
    const auto r = train(extra);
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
  };
  expect({"--reviews", (dir.path() / "nope.db").string()}, "nope.db: no such database");
  expect({"--reviews", data}, "tiny.csv: ");
  expect({"--reviews", db.string(), "--source", "elsewhere"}, "no reviewed comments of source 'elsewhere'");
  expect({"--reviews", db.string(), "--reviews-before", "2020-01-01T00:00:00Z"}, "no reviewed comments");
  expect({"--reviews", db.string(), "--reviews-before", "yesterday"}, "not an RFC 3339 time");
  expect({"--source", "forum"}, "give --reviews");
  expect({"--reviews", db.string(), "--reviews-weight", "0.3"}, "weight");
  // An empty database of an older schema is not one with reviews.
  { SQLite::Database old((dir.path() / "old.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    old.exec("CREATE TABLE comments (id INTEGER PRIMARY KEY)"); }
  expect({"--reviews", (dir.path() / "old.db").string()}, "not a hatewatch database with reviews");
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(ReviewTraining, EvaluateComparesACandidateWithTheLiveModelOnNewerDecisions) {
  hatewatch::test::temp_dir dir;
  const auto db = dir.path() / "hatewatch.db";
  write_reviews(db);
  const auto data = tiny_csv(dir);
  const auto live = (dir.path() / "live.hwm").string(), candidate = (dir.path() / "candidate.hwm").string();
  const std::string split = "2027-01-15T08:03:00Z"; // three decisions before, the rest after
  ASSERT_EQ(run_cli({"train", "--data", "text:" + data, "--out", live, "--min-df", "1", "--c", "10"}).code, 0);
  ASSERT_EQ(run_cli({"train", "--data", "text:" + data, "--out", candidate, "--min-df", "1", "--c", "10", "--reviews",
                     db.string(), "--reviews-before", split})
                .code,
            0);
  const std::vector<std::string> compare{"evaluate", "--model",  candidate,    "--against", live,
                                         "--reviews", db.string(), "--reviews-from", split,     "--json"};
  const auto r = run_cli(compare);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = boost::json::parse(r.out).as_object();
  EXPECT_EQ(j.at("n").as_int64(), 8); // 3 hateful, 4 fine and the other source's: decided from the split on
  const auto& m = j.at("macro_f1").as_object();
  EXPECT_NEAR(m.at("difference").as_double(), m.at("candidate").as_double() - m.at("live").as_double(), 1e-12);
  EXPECT_LE(m.at("low").as_double(), m.at("high").as_double());
  // The candidate learnt the community's word from the older decisions: it finds the newer hateful ones.
  EXPECT_GT(j.at("hate_speech_f1").at("candidate").as_double(), j.at("hate_speech_f1").at("live").as_double());
  EXPECT_EQ(run_cli(compare).out, r.out); // seeded: the same interval every time

  auto text = compare;
  text.pop_back();
  const auto table = run_cli(text);
  EXPECT_NE(table.out.find("on 8 reviewed comments"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("verdict: "), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("fewer than 100 comments"), std::string::npos) << table.out;

  // What is missing is named.
  auto no_against = run_cli({"evaluate", "--model", candidate, "--reviews", db.string()});
  EXPECT_EQ(no_against.code, 1);
  EXPECT_NE(no_against.err.find("--against LIVE"), std::string::npos) << no_against.err;
  auto stray = run_cli({"evaluate", "--model", candidate, "--data", data, "--against", live});
  EXPECT_EQ(stray.code, 1);
  EXPECT_NE(stray.err.find("need --reviews"), std::string::npos) << stray.err;
}

TEST(ReviewTraining, TheComparisonsIntervalTellsBetterFromNoDifference) {
  hatewatch::test::temp_dir dir;
  const auto data = tiny_csv(dir);
  const auto live_path = (dir.path() / "live.hwm").string();
  ASSERT_EQ(run_cli({"train", "--data", "text:" + data, "--out", live_path, "--min-df", "1", "--c", "10"}).code, 0);
  const auto live = load_model_file(live_path);
  // 200 decisions: the community's word is hate speech, plain talk is fine.
  std::vector<reviewed_example> reviews;
  for (int i = 0; i < 200; ++i) {
    reviewed_example r;
    r.example.text = i % 2 ? "the frobnicator number " + std::to_string(i) + " must go"
                           : "lovely weather number " + std::to_string(i) + " for a walk";
    r.example.y = i % 2 ? hatewatch::core::hate_speech : hatewatch::core::neither;
    reviews.push_back(r);
  }
  const auto same = compare_on_reviews(*live, *live, reviews);
  EXPECT_EQ(same.macro_f1.difference(), 0.0);
  EXPECT_EQ(same.macro_f1.low, 0.0);
  EXPECT_EQ(same.macro_f1.high, 0.0);
  EXPECT_STREQ(same.verdict(), "no clear difference");

  training_set set;
  set.data = hatewatch::test::tiny_corpus();
  std::vector<reviewed_example> train_on(reviews.begin(), reviews.begin() + 100);
  add_reviews(set, train_on, 1);
  auto options = hatewatch::test::tiny_options();
  options.corpora = set.corpora;
  const auto candidate = hatewatch::core::train(set.data, options, {}, {{"name", "candidate"}});
  const std::vector<reviewed_example> held_out(reviews.begin() + 100, reviews.end());
  const auto better = compare_on_reviews(candidate, *live, held_out);
  EXPECT_GT(better.macro_f1.low, 0.0) << better.macro_f1.candidate << " vs " << better.macro_f1.live;
  EXPECT_STREQ(better.verdict(), "better");
  EXPECT_STREQ(compare_on_reviews(*live, candidate, held_out).verdict(), "worse");
}
