// Webhook intake and the comments API end to end: a real server with a real SQLite file, real HTTP
// on loopback, Discourse-shaped deliveries.
#include "daemon/base/logging.hpp"
#include "daemon/models/model_loader.hpp"
#include "daemon/base/signature.hpp"
#include "daemon/app/server.hpp"

#include "support/discourse_payloads.hpp"
#include "support/http_client.hpp"
#include "support/running_server.hpp"
#include "support/loopback_config.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <spdlog/sinks/ringbuffer_sink.h>

#include <thread>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <boost/json/parse.hpp>

using namespace hatewatch::daemon;
using hatewatch::test::discourse_post;
using hatewatch::test::http_client;
using verb = boost::beast::http::verb;
using status = boost::beast::http::status;
using namespace std::chrono_literals;

using running = hatewatch::test::running_server;
namespace {

const std::string community_secret = "community-secret-123";
const std::string blog_secret = "blog-secret-456789";
const std::string reader_token = "reader-token-0123456789";

source_config source(std::string name, source_kind kind, std::string secret = {}) {
  source_config s;
  s.name = std::move(name);
  s.kind = kind;
  s.secret = std::move(secret);
  return s;
}

config storage_config_in(const hatewatch::test::temp_dir& dir) {
  auto cfg = hatewatch::test::loopback_config();
  cfg.storage.path = dir.path() / "hatewatch.db";
  cfg.storage.busy_timeout = 200ms;
  cfg.auth.read_tokens = {reader_token};
  cfg.sources.push_back(source("community", source_kind::discourse, community_secret));
  cfg.sources.push_back(source("open", source_kind::discourse));
  cfg.sources.push_back(source("blog", source_kind::generic, blog_secret));
  auto strict = source("strict", source_kind::generic);
  strict.hate_speech_threshold = 0.0; // flags everything
  cfg.sources.push_back(strict);
  auto lenient = source("lenient", source_kind::generic);
  lenient.hate_speech_threshold = 1.0; // flags nothing a softmax can give
  cfg.sources.push_back(lenient);
  auto told = source("told", source_kind::generic);
  told.unsupported_language = unsupported_policy::alert; // no channel: the outbox row is the signal
  told.notify = {};
  cfg.sources.push_back(told);
  auto pms = source("pms", source_kind::discourse);
  pms.include_private = true;
  cfg.sources.push_back(pms);
  return cfg;
}

boost::json::object json(const hatewatch::test::response& res) {
  return boost::json::parse(res.body()).as_object();
}

struct fixture {
  hatewatch::test::temp_dir dir;
  running daemon{storage_config_in(dir)};
  http_client client{daemon.port()};

  hatewatch::test::response discourse(const std::string& source, const std::string& event, const std::string& body,
                                      const std::string& event_id = "", const std::string& secret = "") {
    http_client::header_list headers{{"X-Discourse-Event", event},
                                     {"X-Discourse-Event-Type", "post"},
                                     {"X-Discourse-Instance", "https://forum.example"}};
    if (!event_id.empty())
      headers.emplace_back("X-Discourse-Event-Id", event_id);
    if (!secret.empty())
      headers.emplace_back("X-Discourse-Event-Signature", "sha256=" + hmac_sha256_hex(secret, body));
    return client.request(verb::post, "/webhooks/discourse/" + source, body, "application/json", headers);
  }

  hatewatch::test::response generic(const std::string& source, const std::string& body, const std::string& secret = "") {
    http_client::header_list headers;
    if (!secret.empty())
      headers.emplace_back("X-Hatewatch-Signature", "sha256=" + hmac_sha256_hex(secret, body));
    return client.request(verb::post, "/webhooks/generic/" + source, body, "application/json", headers);
  }

  hatewatch::test::response read(const std::string& target, const std::string& token = reader_token) {
    return client.request(verb::get, target, "", "", {{"Authorization", "Bearer " + token}});
  }

  std::int64_t count(const std::string& sql) {
    SQLite::Database db(dir.path() / "hatewatch.db", SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
  }
};

} // namespace

TEST(Webhooks, DiscoursePingIsAnswered) {
  fixture f;
  const auto res = f.discourse("community", "ping", R"({"ping":"OK"})", "1", community_secret);
  EXPECT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(json(res).at("status").as_string(), "pong");
}

TEST(Webhooks, SignedPostIsScoredStoredAndReadBack) {
  fixture f;
  discourse_post post;
  post.raw = "Welcome aboard, glad you found us";
  const auto res = f.discourse("community", "post_created", hatewatch::test::discourse_post_body(post), "11",
                               community_secret);
  ASSERT_EQ(res.result(), status::ok) << res.body();
  const auto body = json(res);
  EXPECT_EQ(body.at("status").as_string(), "stored");
  EXPECT_FALSE(body.at("duplicate").as_bool());
  const auto id = body.at("comment_id").as_int64();
  const double p0 = body.at("hate speech").as_double(), p1 = body.at("offensive language").as_double(),
               p2 = body.at("neither").as_double();
  EXPECT_NEAR(p0 + p1 + p2, 1.0, 1e-9);

  const auto one = f.read("/v1/comments/" + std::to_string(id));
  ASSERT_EQ(one.result(), status::ok) << one.body();
  const auto c = json(one);
  EXPECT_EQ(c.at("source").as_string(), "community");
  EXPECT_EQ(c.at("external_id").as_string(), "101");
  EXPECT_EQ(c.at("version").as_int64(), 1);
  EXPECT_EQ(c.at("author").as_string(), "alice");
  EXPECT_EQ(c.at("author_trust_level").as_int64(), 1);
  EXPECT_EQ(c.at("text").as_string(), post.raw);
  EXPECT_EQ(c.at("url").as_string(), "https://forum.example/t/welcome-to-the-forum/42/3");
  EXPECT_EQ(c.at("created_at").as_string(), "2026-11-27T09:15:02.123Z");
  const auto& scores = c.at("scores").as_array();
  ASSERT_EQ(scores.size(), 1u);
  EXPECT_DOUBLE_EQ(scores[0].at("hate speech").as_double(), p0);
  EXPECT_TRUE(scores[0].at("explanation").is_array());
  EXPECT_FALSE(scores[0].at("model").as_string().empty());
}

TEST(Webhooks, WrongOrMissingSignatureIs401AndStoresNothing) {
  fixture f;
  const auto body = hatewatch::test::discourse_post_body({});
  EXPECT_EQ(f.discourse("community", "post_created", body, "1").result(), status::unauthorized);
  EXPECT_EQ(f.discourse("community", "post_created", body, "2", "not-the-right-secret").result(), status::unauthorized);
  // Signed right, but the body changed on the way.
  http_client::header_list headers{{"X-Discourse-Event", "post_created"},
                                   {"X-Discourse-Event-Signature", "sha256=" + hmac_sha256_hex(community_secret, body)}};
  auto tampered = body;
  tampered.replace(tampered.find("helpful"), 7, "hateful");
  EXPECT_EQ(f.client.request(verb::post, "/webhooks/discourse/community", tampered, "application/json", headers).result(),
            status::unauthorized);
  EXPECT_EQ(f.generic("blog", R"({"id":"1","text":"hi"})").result(), status::unauthorized);
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments"), 0);
  // An unsigned delivery to a source without a secret is taken.
  EXPECT_EQ(f.discourse("open", "post_created", body, "3").result(), status::ok);
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments"), 1);
}

TEST(Webhooks, RetriedDeliveryIsAcknowledgedAndStoredOnce) {
  fixture f;
  const auto body = hatewatch::test::discourse_post_body({});
  const auto first = json(f.discourse("community", "post_created", body, "77", community_secret));
  const auto again = json(f.discourse("community", "post_created", body, "77", community_secret));
  EXPECT_EQ(again.at("status").as_string(), "redelivery");
  EXPECT_EQ(again.at("comment_id"), first.at("comment_id"));
  // Answered with what was stored (it used to say 0, 0, 0 and not flagged).
  for (const char* k : {"hate speech", "offensive language", "neither", "flagged"})
    EXPECT_EQ(again.at(k), first.at(k)) << k;
  EXPECT_GT(again.at("neither").as_double(), 0.0);
  // The same event id with another text is still that delivery, and says the text differs.
  discourse_post edited;
  edited.raw = "go back to africa you monkey";
  const auto changed =
      json(f.discourse("community", "post_created", hatewatch::test::discourse_post_body(edited), "77", community_secret));
  EXPECT_EQ(changed.at("status").as_string(), "redelivery");
  EXPECT_TRUE(changed.at("text_differs").as_bool());
  EXPECT_EQ(changed.at("hate speech"), first.at("hate speech"));
  // The same post in another delivery (no event id) is recognised by (source, id, version).
  const auto other = json(f.discourse("community", "post_created", body, "", community_secret));
  EXPECT_EQ(other.at("status").as_string(), "duplicate");
  EXPECT_EQ(other.at("comment_id"), first.at("comment_id"));
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments"), 1);
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM scores"), 1);
}

TEST(Webhooks, AnEditIsStoredAsANewVersion) {
  fixture f;
  discourse_post post;
  const auto v1 = json(f.discourse("open", "post_created", hatewatch::test::discourse_post_body(post), "1"));
  post.version = 2;
  post.raw = "Edited: thanks, this was a helpful answer";
  const auto v2 = json(f.discourse("open", "post_edited", hatewatch::test::discourse_post_body(post), "2"));
  EXPECT_EQ(v2.at("status").as_string(), "stored");
  EXPECT_NE(v2.at("comment_id"), v1.at("comment_id"));
  const auto list = json(f.read("/v1/comments?source=open"));
  const auto& comments = list.at("comments").as_array();
  ASSERT_EQ(comments.size(), 2u);
  EXPECT_EQ(comments[0].at("version").as_int64(), 2); // newest first
  EXPECT_EQ(comments[0].at("text").as_string(), post.raw);
  EXPECT_EQ(comments[1].at("version").as_int64(), 1);
}

TEST(Webhooks, PrivateMessagesAreSkippedUnlessTheSourceOptsIn) {
  fixture f;
  discourse_post pm;
  pm.archetype = "private_message";
  const auto skipped = f.discourse("open", "post_created", hatewatch::test::discourse_post_body(pm), "1");
  EXPECT_EQ(skipped.result(), status::ok);
  EXPECT_EQ(json(skipped).at("status").as_string(), "skipped");
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments"), 0);
  const auto taken = f.discourse("pms", "post_created", hatewatch::test::discourse_post_body(pm), "1");
  EXPECT_EQ(json(taken).at("status").as_string(), "stored");
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments WHERE is_private = 1"), 1);
}

TEST(Webhooks, OtherEventsAreAcknowledgedAndIgnored) {
  fixture f;
  const auto res = f.discourse("open", "post_destroyed", hatewatch::test::discourse_post_body({}), "5");
  EXPECT_EQ(res.result(), status::ok);
  EXPECT_EQ(json(res).at("status").as_string(), "ignored");
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments"), 0);
}

TEST(Webhooks, UnknownSourcesAre404) {
  fixture f;
  EXPECT_EQ(f.discourse("nobody", "post_created", hatewatch::test::discourse_post_body({})).result(), status::not_found);
  // A generic source is not a Discourse one, and the other way round.
  EXPECT_EQ(f.discourse("strict", "post_created", hatewatch::test::discourse_post_body({})).result(), status::not_found);
  EXPECT_EQ(f.generic("open", R"({"id":"1","text":"hi"})").result(), status::not_found);
}

TEST(Webhooks, MalformedBodiesAre400WithTheReason) {
  fixture f;
  auto expect_400 = [&](const hatewatch::test::response& res, const std::string& words) {
    EXPECT_EQ(res.result(), status::bad_request) << res.body();
    EXPECT_NE(res.body().find(words), std::string::npos) << res.body();
  };
  expect_400(f.discourse("open", "post_created", "{not json"), "malformed JSON");
  expect_400(f.discourse("open", "post_created", R"({"topic":{}})"), "\\\"post\\\" is missing");
  expect_400(f.discourse("open", "post_created", R"({"post":{"id":5}})"), "\\\"raw\\\" is missing");
  expect_400(f.discourse("open", "post_created", R"({"post":{"raw":"x"}})"), "\\\"id\\\" is missing");
  expect_400(f.discourse("open", "post_created", R"({"post":{"id":5,"raw":"x","version":"two"}})"), "version");
  expect_400(f.discourse("open", "", R"({"post":{"id":5,"raw":"x"}})"), "X-Discourse-Event");
  expect_400(f.generic("strict", R"({"text":"no id"})"), "\\\"id\\\" is missing");
  expect_400(f.generic("strict", R"([{"id":"1","text":"ok"},{"id":"2"}])"), "[1]: \\\"text\\\" is missing");
  expect_400(f.generic("strict", R"({"id":"1","text":"x","created_at":"yesterday"})"), "RFC 3339");
  expect_400(f.generic("strict", R"("just a string")"), "comment object");
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments"), 0);
}

TEST(Webhooks, OversizedDeliveriesAre413) {
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(100);
  auto logger = hatewatch::daemon::get_logger("http");
  logger->sinks().push_back(sink);
  fixture f;
  // A forum's comment is taken up to api.max_comment_bytes (512 KiB), far above any forum's maximum.
  const auto long_one = f.generic("strict", R"({"id":"long","text":")" + std::string(30000, 'a') + "\"}");
  EXPECT_EQ(long_one.result(), status::ok) << long_one.body();
  EXPECT_EQ(f.count("SELECT length(text) FROM comments WHERE external_id = 'long'"), 30000);
  const std::string big_text(600 * 1024, 'a');
  const auto res = f.generic("strict", R"({"id":"1","text":")" + big_text + "\"}");
  EXPECT_EQ(res.result(), status::payload_too_large) << res.body();
  EXPECT_NE(res.body().find("api.max_comment_bytes"), std::string::npos) << res.body();
  http_client other(f.daemon.port());
  std::this_thread::sleep_for(1100ms); // 413s are logged once a second at most
  // The server refuses a body over server.body_limit from its Content-Length, before it arrives.
  other.send_raw("POST /webhooks/generic/strict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 "Content-Length: 2097152\r\n\r\n");
  EXPECT_EQ(other.read().result(), status::payload_too_large);
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments"), 1) << "the long one only";
  // Never silent: logged (both) and counted by route and status.
  std::string logged;
  for (const auto& line : sink->last_formatted())
    logged += line + "\n";
  logger->sinks().pop_back();
  EXPECT_NE(logged.find("413: the text is 614400 bytes; the limit is 524288 (api.max_comment_bytes)"), std::string::npos)
      << logged;
  EXPECT_NE(logged.find("(server.body_limit)"), std::string::npos) << logged;
  EXPECT_NE(f.client.get("/metrics").body().find("route=\"/webhooks/generic/{source}\",status=\"413\"} 1"),
            std::string::npos);
}

TEST(Webhooks, GenericDeliveriesTakeOneCommentOrAnArray) {
  fixture f;
  const std::string one = R"({"id":"c-1","text":"first comment","author":"bob","url":"https://blog.example/p/1#c-1",)"
                          R"("created_at":"2026-11-27T12:00:00+02:00"})";
  const auto single = f.generic("blog", one, blog_secret);
  ASSERT_EQ(single.result(), status::ok) << single.body();
  const auto results = json(single).at("results").as_array();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].at("id").as_string(), "c-1");
  const auto stored = json(f.read("/v1/comments/" + std::to_string(results[0].at("comment_id").as_int64())));
  EXPECT_EQ(stored.at("author").as_string(), "bob");
  EXPECT_EQ(stored.at("created_at").as_string(), "2026-11-27T10:00:00.000Z");

  const auto many = f.generic("strict", R"([{"id":1,"text":"a"},{"id":2,"text":"b"},{"id":1,"text":"a"}])");
  ASSERT_EQ(many.result(), status::ok) << many.body();
  const auto list = json(many).at("results").as_array();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_FALSE(list[0].at("duplicate").as_bool());
  EXPECT_TRUE(list[2].at("duplicate").as_bool());
  EXPECT_EQ(list[2].at("comment_id"), list[0].at("comment_id"));
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments"), 3);
}

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

TEST(CommentsApi, IsClosedWithoutReadTokensAndChecksTheToken) {
  hatewatch::test::temp_dir dir;
  auto cfg = storage_config_in(dir);
  cfg.auth.read_tokens.clear();
  running closed(cfg);
  http_client c(closed.port());
  EXPECT_EQ(c.get("/v1/comments").result(), status::forbidden);

  fixture f;
  EXPECT_EQ(f.client.get("/v1/comments").result(), status::unauthorized);
  EXPECT_EQ(f.read("/v1/comments", "wrong-token-0123456789").result(), status::unauthorized);
  EXPECT_EQ(f.read("/v1/comments").result(), status::ok);
}

TEST(CommentsApi, FiltersAndPagesWithACursor) {
  fixture f;
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(f.generic("strict", R"({"id":"s)" + std::to_string(i) + R"(","text":"x"})").result(), status::ok);
    ASSERT_EQ(f.generic("lenient", R"({"id":"l)" + std::to_string(i) + R"(","text":"x"})").result(), status::ok);
  }
  const auto flagged = json(f.read("/v1/comments?flagged=true&limit=100")).at("comments").as_array();
  ASSERT_EQ(flagged.size(), 5u);
  for (const auto& c : flagged) {
    EXPECT_EQ(c.at("source").as_string(), "strict");
    EXPECT_TRUE(c.at("score").at("flagged").as_bool());
  }
  EXPECT_EQ(json(f.read("/v1/comments?flagged=false&source=lenient")).at("comments").as_array().size(), 5u);
  EXPECT_EQ(json(f.read("/v1/comments?source=nobody")).at("comments").as_array().size(), 0u);

  // Pages of 3, newest first, every comment once.
  std::vector<std::int64_t> seen;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    const auto body = json(f.read("/v1/comments?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor)));
    for (const auto& c : body.at("comments").as_array())
      seen.push_back(c.at("id").as_int64());
    if (body.at("next_cursor").is_null())
      break;
    cursor = std::string(body.at("next_cursor").as_string());
  }
  ASSERT_EQ(seen.size(), 10u);
  EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));
  EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()).size(), 10u);

  EXPECT_EQ(json(f.read("/v1/comments?since=2999-01-01T00:00:00Z")).at("comments").as_array().size(), 0u);
  EXPECT_EQ(json(f.read("/v1/comments?since=2000-01-01T00:00:00Z&limit=500")).at("comments").as_array().size(), 10u);
  EXPECT_EQ(f.read("/v1/comments?since=yesterday").result(), status::bad_request);
  EXPECT_EQ(f.read("/v1/comments?limit=0").result(), status::bad_request);
  EXPECT_EQ(f.read("/v1/comments?flagged=maybe").result(), status::bad_request);
  EXPECT_EQ(f.read("/v1/comments?cursor=abc").result(), status::bad_request);
  EXPECT_EQ(f.read("/v1/comments?source=%zz").result(), status::bad_request);
  EXPECT_EQ(f.read("/v1/comments/999999").result(), status::not_found);
  EXPECT_EQ(f.read("/v1/comments/abc").result(), status::not_found);
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
