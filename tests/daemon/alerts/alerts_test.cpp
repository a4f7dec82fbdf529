// Alerts end to end: a real server and SQLite file, receivers on loopback standing in for Slack,
// Discord, Discourse and a webhook (answering 200, 429, 500 and 404 on demand), and a real SMTP server.
#include "alerts_fixture.hpp"

TEST(Alerts, AFlaggedCommentReachesEveryChannelOnceWithContext) {
  fixture f;
  f.start();
  const auto id = f.post("forum", "c1", "go back to where you came from");
  ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'") == 3; }));

  const auto slack = f.rx.requests("/slack");
  ASSERT_EQ(slack.size(), 1u);
  const auto s = json(slack[0].body);
  EXPECT_NE(std::string(s.at("text").as_string()).find("Comment flagged in forum"), std::string::npos);
  const auto blocks = boost::json::serialize(s.at("blocks"));
  EXPECT_NE(blocks.find("hate speech"), std::string::npos) << blocks;
  EXPECT_NE(blocks.find("https://forum.example/c/c1"), std::string::npos) << blocks;
  EXPECT_NE(blocks.find("go back to where you came from"), std::string::npos) << blocks;
  EXPECT_NE(blocks.find("Driven by"), std::string::npos) << blocks;

  const auto hook = f.rx.requests("/hook");
  ASSERT_EQ(hook.size(), 1u);
  EXPECT_EQ(hook[0].headers.at("X-Hatewatch-Event-Id"), "hw-" + std::to_string(id) + "-hook");
  EXPECT_TRUE(signature_matches(hook[0].headers.at("X-Hatewatch-Signature"), hook_secret, hook[0].body));
  const auto h = json(hook[0].body);
  EXPECT_EQ(h.at("type").as_string(), "comment.flagged");
  EXPECT_EQ(h.at("alerts").at(0).at("comment_id").as_int64(), id);
  EXPECT_TRUE(h.at("alerts").at(0).at("explanation").is_array());

  EXPECT_TRUE(h.at("alerts").at(0).at("console_url").is_null()) << "no console.public_url";
  EXPECT_EQ(blocks.find("Review:"), std::string::npos) << blocks;

  const auto discord = f.rx.requests("/discord");
  ASSERT_EQ(discord.size(), 1u);
  const auto d = json(discord[0].body);
  EXPECT_LE(d.at("content").as_string().size(), 2000u);
  EXPECT_TRUE(d.at("allowed_mentions").at("parse").as_array().empty());

  const auto listed = f.alerts("?state=delivered");
  EXPECT_EQ(listed.size(), 3u);
  // A redelivered comment (same id and version) raises no second alert: the answer (given after
  // the commit that would have written one) says duplicate, the outbox still holds the three, all
  // delivered, and delivered rows are never sent again.
  const auto again = f.client->request(
      verb::post, "/webhooks/generic/forum",
      R"({"id":"c1","text":"go back to where you came from","url":"https://forum.example/c/c1"})");
  ASSERT_EQ(again.result(), status::ok) << again.body();
  EXPECT_TRUE(json(again.body()).at("results").at(0).at("duplicate").as_bool());
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM alerts"), 3);
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'"), 3);
  EXPECT_EQ(f.rx.requests("/hook").size(), 1u);
}

TEST(Alerts, MessagesLinkToTheCommentInTheConsole) {
  fixture f;
  f.start([](config& cfg) { cfg.console.public_url = "https://mod.example.org/console/"; });
  const auto id = f.post("forum", "c1", "go back to where you came from");
  ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'") == 3; }));
  const auto link = "https://mod.example.org/console/#/comment/" + std::to_string(id);
  const auto slack = f.rx.requests("/slack");
  ASSERT_EQ(slack.size(), 1u);
  EXPECT_NE(slack[0].body.find("Review: " + link), std::string::npos) << slack[0].body;
  const auto discord = f.rx.requests("/discord");
  ASSERT_EQ(discord.size(), 1u);
  EXPECT_NE(discord[0].body.find(link), std::string::npos) << discord[0].body;
  const auto hook = f.rx.requests("/hook");
  ASSERT_EQ(hook.size(), 1u);
  EXPECT_EQ(json(hook[0].body).at("alerts").at(0).at("console_url").as_string(), link);
}

TEST(Alerts, ACommentTheModelCannotReadAlertsAsNotScoredOnlyWhenTheSourceAsks) {
  fixture f;
  f.start([](config& cfg) {
    for (auto& s : cfg.sources)
      s.alerts.unsupported_language = unsupported_policy::alert;
  });
  const std::string german = "Die Ausländer sollen alle verschwinden und nie wiederkommen";
  const auto id = f.post("forum", "de1", german);
  ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'") == 3; }));
  const auto s = json(f.rx.requests("/slack").at(0).body);
  EXPECT_NE(std::string(s.at("text").as_string()).find("Comment to read in forum"), std::string::npos) << s;
  const auto blocks = boost::json::serialize(s.at("blocks"));
  EXPECT_NE(blocks.find("Not scored: written in 'de'"), std::string::npos) << blocks;
  EXPECT_EQ(blocks.find("hate speech"), std::string::npos) << blocks; // no invented scores
  const auto h = json(f.rx.requests("/hook").at(0).body).at("alerts").at(0).as_object();
  EXPECT_EQ(h.at("comment_id").as_int64(), id);
  EXPECT_TRUE(h.at("scores").is_null());
  EXPECT_EQ(h.at("language").as_string(), "de");
  EXPECT_TRUE(h.at("unsupported_language").as_bool());

  // The default (queue) stores it unscored and tells nobody.
  fixture q;
  q.start();
  q.post("forum", "de2", german);
  EXPECT_EQ(q.count("SELECT COUNT(*) FROM scores WHERE unsupported = 1"), 1);
  EXPECT_EQ(q.count("SELECT COUNT(*) FROM alerts"), 0);
}

TEST(Alerts, UserContentCannotPingOrDisguiseLinksInSlackOrDiscord) {
  fixture f;
  f.start();
  // A comment (and author) written to ping the moderators' channel and to pass a phishing link off
  // as the forum's login page, over several lines.
  const auto res = f.client->request(
      verb::post, "/webhooks/generic/forum",
      R"({"id":"x1","author":"<!here> & co","text":"go back <!channel>\n<https://evil.example|the forum's login page> & more\nthird line","url":"https://forum.example/c/x1"})");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  ASSERT_TRUE(eventually([&] { return f.rx.requests("/slack").size() == 1 && f.rx.requests("/discord").size() == 1; }));

  const auto s = json(f.rx.requests("/slack")[0].body);
  const std::string text(s.at("text").as_string());
  EXPECT_EQ(text, "Comment flagged in forum (by &lt;!here&gt; &amp; co)");
  const auto& blocks = s.at("blocks").as_array();
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].at("text").at("type").as_string(), "plain_text"); // shown as written
  const std::string lines(blocks[1].at("text").at("text").as_string());
  EXPECT_EQ(lines.find('<'), std::string::npos) << lines;
  const std::string excerpt(blocks[2].at("text").at("text").as_string());
  EXPECT_EQ(excerpt, "> go back &lt;!channel&gt;\n> &lt;https://evil.example|the forum's login page&gt; &amp; more\n> "
                     "third line");

  const auto d = json(f.rx.requests("/discord")[0].body);
  EXPECT_TRUE(d.at("allowed_mentions").at("parse").as_array().empty());
  EXPECT_EQ(d.at("flags").as_int64(), 4); // SUPPRESS_EMBEDS: no link previews
}

TEST(Alerts, RetriesBackOffObeyRetryAfterAndDeadLetter) {
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000);
  auto logger = hatewatch::daemon::get_logger("alerts");
  logger->sinks().push_back(sink);
  fixture f;
  f.rx.script("/hook", {{500, "oops", ""}, {429, "slow down", "1"}}); // then 200
  f.rx.script("/slack", {{404, "channel_not_found", ""}});
  f.rx.script("/discord", {{500, "", ""}, {500, "", ""}, {500, "", ""}, {500, "", ""}});
  f.start();
  f.post("only-hook", "h1");
  f.post("only-slack", "s1");
  f.post("only-discord", "d1");
  ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state != 'pending'") == 3; }));

  const auto hook = f.rx.requests("/hook");
  ASSERT_EQ(hook.size(), 3u);
  EXPECT_GE(hook[2].at - hook[1].at, 950ms); // Retry-After: 1
  EXPECT_EQ(f.count("SELECT attempts FROM alerts WHERE channel = 'hook' AND state = 'delivered'"), 3);
  for (const auto& r : hook) // the same event id on every attempt
    EXPECT_EQ(r.headers.at("X-Hatewatch-Event-Id"), hook[0].headers.at("X-Hatewatch-Event-Id"));

  EXPECT_EQ(f.rx.requests("/slack").size(), 1u); // 404 is permanent: no retry
  const auto dead = f.alerts("?state=dead");
  ASSERT_EQ(dead.size(), 2u);
  std::map<std::string, std::string> errors;
  for (const auto& a : dead)
    errors[std::string(a.at("channel").as_string())] = std::string(a.at("last_error").as_string());
  EXPECT_NE(errors["slack"].find("channel_not_found"), std::string::npos) << errors["slack"];
  EXPECT_NE(errors["discord"].find("gave up after 4 attempts"), std::string::npos) << errors["discord"];
  EXPECT_EQ(f.rx.requests("/discord").size(), 4u);
  // The log says the same: three retries, then "gave up" with the reason (the last said "retry").
  std::size_t retries = 0, gave_up = 0;
  for (const auto& line : sink->last_formatted()) {
    if (line.find("channel discord:") == std::string::npos)
      continue;
    retries += line.find(" retry: ") != std::string::npos;
    gave_up += line.find(" gave up after 4 attempts: HTTP 500") != std::string::npos;
  }
  logger->sinks().pop_back();
  EXPECT_EQ(retries, 3u);
  EXPECT_EQ(gave_up, 1u);

  auto bad = [&](const std::string& query) {
    return f.client->request(verb::get, "/v1/alerts" + query, "", "", {{"Authorization", "Bearer " + reader_token}})
        .result();
  };
  EXPECT_EQ(bad("?state=lost"), status::bad_request);
  EXPECT_EQ(bad("?limit=0"), status::bad_request);
  EXPECT_EQ(bad("?cursor=x"), status::bad_request);
  EXPECT_EQ(f.client->get("/v1/alerts").result(), status::unauthorized);

  const auto metrics = f.client->get("/metrics").body();
  EXPECT_NE(metrics.find("hatewatch_alert_deliveries_total{channel=\"slack\",outcome=\"dead\"} 1"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("hatewatch_alerts{state=\"dead\"} 2"), std::string::npos) << metrics;
}

TEST(Alerts, AFloodIsBatchedIntoADigest) {
  fixture f;
  f.rx.script("/hook", {{503, "", ""}}); // the first round fails, so the raid piles up
  f.start([](config& cfg) { cfg.alerts.retry_base = 300ms; });
  std::string many = "[";
  for (int i = 0; i < 12; ++i)
    many += std::string(i ? "," : "") + R"({"id":"r)" + std::to_string(i) + R"(","text":"raid comment )" +
            std::to_string(i) + "\"}";
  many += "]";
  ASSERT_EQ(f.client->request(verb::post, "/webhooks/generic/only-hook", many).result(), status::ok);
  ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'") == 12; }));
  const auto hook = f.rx.requests("/hook");
  EXPECT_LT(hook.size(), 12u);
  std::set<std::string> covered;
  bool saw_digest = false;
  for (std::size_t i = 0; i < hook.size(); ++i) {
    const auto body = json(hook[i].body);
    if (body.at("type") == "comments.flagged.digest")
      saw_digest = true;
    if (i == 0)
      continue; // the failed attempt
    for (const auto& a : body.at("alerts").as_array())
      covered.insert(std::string(a.at("event_id").as_string()));
  }
  EXPECT_TRUE(saw_digest);
  EXPECT_EQ(covered.size(), 12u);
  EXPECT_GE(f.count("SELECT COUNT(*) FROM alerts WHERE digest = 1"), 2);
}

TEST(Alerts, OutcomesAreRecordedAsTheyGoNotAtTheEndOfARound) {
  // A replica killed mid-round sends again (same event id) only what it delivered and had not
  // recorded: a few, not the round's whole claim (up to 500).
  fixture f;
  std::int64_t recorded_at_30 = -1;
  f.rx.on_request([&](const std::string& path, std::size_t n) {
    if (path == "/hook" && n == 30) // the dispatcher waits for this answer meanwhile
      recorded_at_30 = f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'");
  });
  f.start([](config& cfg) { cfg.alerts.digest_after = 1000; });
  std::string many = "[";
  for (int i = 0; i < 40; ++i)
    many += hatewatch::test::cat(i ? "," : "", R"({"id":"m)", std::to_string(i), R"(","text":"comment )",
                                 std::to_string(i), "\"}");
  many += "]";
  ASSERT_EQ(f.client->request(verb::post, "/webhooks/generic/only-hook", many).result(), status::ok);
  ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'") == 40; }));
  EXPECT_EQ(f.rx.requests("/hook").size(), 40u) << "each sent once";
  EXPECT_GE(recorded_at_30, 16) << "29 delivered by then, in one round";
  EXPECT_LT(recorded_at_30, 30);
}

TEST(Alerts, RulesBypassStaffTrustAndShortTextsAndFlagOnDiscourse) {
  fixture f;
  f.start();
  auto deliver = [&](hatewatch::test::discourse_post p, const std::string& event_id) {
    const auto res = f.client->request(verb::post, "/webhooks/discourse/disc", hatewatch::test::discourse_post_body(p),
                                       "application/json", {{"X-Discourse-Event", "post_created"},
                                                            {"X-Discourse-Event-Id", event_id},
                                                            {"X-Discourse-Instance", "https://forum.example"}});
    EXPECT_EQ(res.result(), status::ok) << res.body();
  };
  hatewatch::test::discourse_post staff;
  staff.id = 1;
  staff.staff = true;
  deliver(staff, "1");
  hatewatch::test::discourse_post trusted;
  trusted.id = 2;
  trusted.trust_level = 3;
  deliver(trusted, "2");
  hatewatch::test::discourse_post brief;
  brief.id = 3;
  brief.raw = "short";
  deliver(brief, "3");
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM alerts"), 0);

  hatewatch::test::discourse_post member;
  member.id = 4;
  deliver(member, "4");
  ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'") == 2; }));
  const auto flags = f.rx.requests("/post_actions.json");
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].headers.at("Api-Key"), "discourse-api-key-0123");
  EXPECT_EQ(flags[0].headers.at("Api-Username"), "system");
  const auto body = json(flags[0].body);
  EXPECT_EQ(body.at("id").as_int64(), 4);
  EXPECT_EQ(body.at("post_action_type_id").as_int64(), 7);
  EXPECT_FALSE(body.at("flag_topic").as_bool());
  EXPECT_EQ(f.rx.requests("/hook").size(), 1u);
}

TEST(Alerts, Discords429WaitsForTheRetryAfterOfItsBody) {
  fixture f;
  f.rx.script("/discord", {{429, R"({"message":"You are being rate limited.","retry_after":1.0,"global":false})", ""}});
  f.start();
  f.post("only-discord", "d429");
  ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'") == 1; }));
  const auto sent = f.rx.requests("/discord");
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_GE(sent[1].at - sent[0].at, 950ms); // no Retry-After header: the body's 1.0 s
}
