// What a delivery leaves behind in harder cases: a comment the model cannot read (stored unscored,
// never clean), a redelivery with another text, a busy database (503, then recovery), storage
// off, and a long post scored by its worst sentence.
#include "webhook_fixture.hpp"

TEST(Webhooks, ACommentTheModelCannotReadIsStoredUnscoredNeverClean) {
  // Before: a German comment got a confident "neither" and was stored as clean.
  fixture f;
  const std::string german = R"({"id":"de-1","text":"Die Ausländer sollen alle verschwinden und nie wiederkommen"})";
  // "strict" flags every score (threshold 0): an unscored comment must still not be flagged.
  const auto res = f.generic("strict", german);
  ASSERT_EQ(res.result(), status::ok) << res.body();
  const auto r = json(res).at("results").at(0).as_object();
  EXPECT_FALSE(r.at("flagged").as_bool());
  EXPECT_TRUE(r.at("hate speech").is_null());
  EXPECT_EQ(r.at("language").as_string(), "de");
  EXPECT_TRUE(r.at("unsupported_language").as_bool());
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM scores WHERE unsupported = 1 AND language = 'de' AND hate_speech IS NULL"
                    " AND flagged = 0"),
            1);
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM alerts"), 0); // queue (the default) alerts nobody

  // A redelivery is answered as stored.
  const auto again = json(f.generic("strict", german)).at("results").at(0).as_object();
  EXPECT_TRUE(again.at("duplicate").as_bool());
  EXPECT_TRUE(again.at("neither").is_null());
  EXPECT_TRUE(again.at("unsupported_language").as_bool());

  // The comments API shows it, and lists what is waiting to be read.
  const auto listed = json(f.read("/v1/comments?unsupported=true")).at("comments").as_array();
  ASSERT_EQ(listed.size(), 1u);
  const auto& score = listed[0].at("score").as_object();
  EXPECT_TRUE(score.at("hate speech").is_null());
  EXPECT_EQ(score.at("language").at("code").as_string(), "de");
  EXPECT_FALSE(score.at("language").at("supported").as_bool());
  EXPECT_TRUE(score.at("unsupported_language").as_bool());
  EXPECT_EQ(f.read("/v1/comments?unsupported=maybe").result(), status::bad_request);

  // An English one beside it is scored as before, with its language.
  const auto en = json(f.generic("strict", R"({"id":"en-1","text":"thanks for the recipe, see you at the meetup"})"));
  EXPECT_TRUE(en.at("results").at(0).at("hate speech").is_double());
  EXPECT_FALSE(en.at("results").at(0).as_object().contains("unsupported_language"));
  const auto scored = json(f.read("/v1/comments?unsupported=false")).at("comments").as_array();
  ASSERT_EQ(scored.size(), 1u);
  EXPECT_EQ(scored[0].at("score").at("language").at("code").as_string(), "en");

  // Under unsupported_language: alert, the source's alert rules apply as for a flagged comment.
  ASSERT_EQ(f.generic("told", R"({"id":"ru-1","text":"Эти люди должны убираться из нашей страны немедленно"})").result(),
            status::ok);
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM scores WHERE unsupported = 1 AND language = 'ru'"), 1);

  const auto metrics = f.client.get("/metrics").body();
  // Counted per delivery, as scores are: the German one came twice.
  EXPECT_NE(metrics.find("hatewatch_unsupported_language_total{policy=\"queue\"} 2\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("hatewatch_unsupported_language_total{policy=\"alert\"} 1\n"), std::string::npos) << metrics;
}

TEST(Webhooks, ARedeliveryWithAnotherTextIsAnsweredWithWhatWasStored) {
  // Same (source, id, version), different text: the answer used to carry the scores of the text it
  // did not store. Now it reports the stored scores and says that the text differed.
  fixture f;
  const auto first = f.generic("strict", R"({"id":"r1","text":"have a lovely day, friends"})");
  ASSERT_EQ(first.result(), status::ok) << first.body();
  const auto stored = json(first).at("results").at(0).as_object();
  const auto again = f.generic("strict", R"({"id":"r1","text":"go back to africa you monkey"})");
  ASSERT_EQ(again.result(), status::ok) << again.body();
  const auto dup = json(again).at("results").at(0).as_object();
  EXPECT_TRUE(dup.at("duplicate").as_bool());
  EXPECT_TRUE(dup.at("text_differs").as_bool());
  EXPECT_EQ(dup.at("comment_id"), stored.at("comment_id"));
  for (const char* k : {"hate speech", "offensive language", "neither", "flagged"})
    EXPECT_EQ(dup.at(k), stored.at(k)) << k;
  // The same text again is a plain duplicate.
  const auto same = json(f.generic("strict", R"({"id":"r1","text":"have a lovely day, friends"})")).at("results").at(0);
  EXPECT_TRUE(same.at("duplicate").as_bool());
  EXPECT_FALSE(same.as_object().contains("text_differs"));
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments"), 1);
}


TEST(Webhooks, ABusyDatabaseAnswers503AndTheDaemonRecovers) {
  fixture f;
  ASSERT_EQ(f.generic("strict", R"({"id":"before","text":"x"})").result(), status::ok);
  {
    // Another process holds the write lock (a backup, a migration by hand...).
    SQLite::Database other(f.dir.path() / "hatewatch.db", SQLite::OPEN_READWRITE);
    other.exec("BEGIN EXCLUSIVE");
    const auto res = f.generic("strict", R"({"id":"during","text":"x"})");
    EXPECT_EQ(res.result(), status::service_unavailable) << res.body();
    EXPECT_EQ(res[boost::beast::http::field::retry_after], "5");
    other.exec("ROLLBACK");
  }
  const auto after = f.generic("strict", R"({"id":"during","text":"x"})"); // the forum's retry
  EXPECT_EQ(after.result(), status::ok) << after.body();
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments"), 2);
  const auto metrics = f.client.get("/metrics").body();
  EXPECT_NE(metrics.find("hatewatch_store_batches_total{result=\"failed\"} 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("hatewatch_store_queue_depth 0"), std::string::npos);
}

TEST(Webhooks, StorageOffAnswers503) {
  running d(hatewatch::test::loopback_config()); // storage.path empty
  http_client c(d.port());
  EXPECT_EQ(c.request(verb::post, "/webhooks/generic/x", R"({"id":"1","text":"x"})").result(), status::not_found);
  auto cfg = hatewatch::test::loopback_config();
  cfg.sources.push_back(source("x", source_kind::generic));
  running with_source(cfg);
  http_client c2(with_source.port());
  EXPECT_EQ(c2.request(verb::post, "/webhooks/generic/x", R"({"id":"1","text":"x"})").result(),
            status::service_unavailable);
  EXPECT_EQ(c2.get("/v1/comments").result(), status::forbidden);
}

// Issue 29, defect 4: a Discourse post of 22,445 bytes (Discourse allows 32,000 characters) was
// answered 413 and neither stored, scored nor logged. Now it is stored whole and scored sentence by
// sentence: the most hateful one decides, and the explanation points into it, where scoring the
// whole text averages one hateful sentence away.
TEST(Webhooks, ALongPostIsStoredAndScoredByItsWorstSentence) {
  fixture f;
  // A long, harmless post: a report of a town's meetings, one line per item, numbered so that no
  // two lines are the same.
  const char* topics[] = {"the new bridge", "the library budget", "the summer fair", "the bus timetable",
                          "the school roof", "the recycling centre", "the football pitch", "the parking rules",
                          "the street lights", "the swimming pool", "the allotments", "the choir's concert"};
  const char* verbs[] = {"was discussed at length", "was approved after a short vote", "needs more volunteers",
                         "will be reviewed next month", "got a grant from the county", "was postponed again"};
  auto line = [&](std::size_t n) {
    return "Item " + std::to_string(n) + ": " + topics[n % 12] + " " + verbs[(n / 12) % 6] + ", said speaker " +
           std::to_string(n * 7 % 97) + ".\n";
  };
  const std::string hateful = "go back to africa you monkey, nobody wants your kind here";
  std::string raw;
  std::size_t n = 0;
  while (raw.size() < 11000)
    raw += line(n++);
  const auto at = raw.size();
  raw += hateful + ".\n";
  while (raw.size() < 22445)
    raw += line(n++);
  raw.resize(22445);

  const auto models = hatewatch::daemon::load_model_file(HATEWATCH_SOURCE_DIR "/models/forums.hwm");
  hatewatch::core::vectorizer_scratch scratch;
  const double whole = models->score(raw, scratch)[0], alone = models->score(hateful, scratch)[0];
  ASSERT_LT(whole, alone / 2) << "scored whole, the sentence is averaged away (else this test shows nothing): "
                              << whole << " vs " << alone;

  hatewatch::test::discourse_post post;
  post.id = 777;
  post.raw = raw;
  const auto res = f.discourse("open", "post_created", hatewatch::test::discourse_post_body(post), "long-1");
  ASSERT_EQ(res.result(), status::ok) << res.body().substr(0, 300);
  const auto answer = json(res);
  EXPECT_DOUBLE_EQ(answer.at("hate speech").as_double(), alone) << "the worst sentence's score, not the whole text's";
  const auto id = answer.at("comment_id").as_int64();
  EXPECT_EQ(f.count("SELECT length(text) FROM comments WHERE id = " + std::to_string(id)), 22445) << "stored whole";
  const auto one = json(f.read("/v1/comments/" + std::to_string(id)));
  const auto& explanation = one.at("scores").at(0).at("explanation").as_array();
  ASSERT_FALSE(explanation.empty());
  bool into_the_sentence = false;
  for (const auto& e : explanation) {
    const auto begin = static_cast<std::size_t>(e.at("begin").as_int64());
    const auto end = static_cast<std::size_t>(e.at("end").as_int64());
    ASSERT_LE(end, raw.size());
    EXPECT_EQ(raw.substr(begin, end - begin), std::string(e.at("ngram").as_string())) << "offsets into the whole text";
    into_the_sentence = into_the_sentence || (begin >= at && end <= at + hateful.size());
  }
  EXPECT_TRUE(into_the_sentence) << "the explanation points at the hateful sentence";
}
