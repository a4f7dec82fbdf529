// Webhook intake and the comments API end to end: a real server with a real SQLite file, real HTTP
// on loopback, Discourse-shaped deliveries.
#include "webhook_fixture.hpp"

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
  // Logging is process-wide: an earlier test in this process may have left another level, or
  // written a 413 line within the last second (they are limited to one a second).
  hatewatch::daemon::setup_logging(hatewatch::daemon::log_config{});
  std::this_thread::sleep_for(1100ms);
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
