// Alerts the daemon cannot deliver: a reload routing alerts to a channel it lacks is refused whole,
// and a dead alert is due again when a moderator retries it.
#include "alerts_fixture.hpp"

// Issue 29, defect 3: a reload applied a source's notify list at once but a new channel only at a
// restart, so alerts went dead ("channel 'x' is no longer configured") and stayed dead. Such a
// reload is now refused whole; and dead alerts can be made due again once their cause is fixed.
TEST(Alerts, AReloadRoutingAlertsToAChannelTheDaemonLacksIsRefusedWhole) {
  fixture f;
  const auto file = f.dir.path() / "hatewatch.yaml";
  auto yaml = [&](bool with_new_channel) {
    std::ofstream out(file, std::ios::trunc);
    out << "server:\n  listen: 127.0.0.1:0\nmodel:\n  path: " HATEWATCH_SOURCE_DIR "/models/forums.hwm\n"
        << "storage:\n  path: " << (f.dir.path() / "alerts.db").string() << "\n"
        << "alerts:\n  interval: 50ms\nchannels:\n  slack: { kind: slack, url: \"" << f.rx.url("/slack") << "\" }\n";
    if (with_new_channel)
      out << "  hook: { kind: webhook, url: \"" << f.rx.url("/hook") << "\" }\n";
    out << "sources:\n  - name: forum\n    kind: generic\n    thresholds: { hate_speech: 0 }\n    notify: [slack"
        << (with_new_channel ? ", hook" : "") << "]\n";
  };
  yaml(false);
  auto cfg = load_config(file);
  f.daemon = std::make_unique<running>(cfg);
  f.client = std::make_unique<http_client>(f.daemon->port());
  yaml(true);
  EXPECT_FALSE(f.daemon->get().reload()) << "a new channel named in notify before a restart";
  f.post("forum", "r1");
  ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'") == 1; }));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM alerts"), 1) << "routed as before the refused reload";
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM alerts WHERE state = 'dead'"), 0);
  EXPECT_TRUE(f.rx.requests("/hook").empty());
}

TEST(Alerts, ADeadAlertIsDueAgainWhenAModeratorRetriesIt) {
  const std::string mod_token = "retrying-moderator-token-01";
  fixture f;
  f.rx.script("/slack", {{404, "channel_not_found", ""}}); // then 200: the channel was fixed
  f.start([&](config& cfg) { cfg.console.users = {{"mia", mod_token, "", false}}; });
  f.post("only-slack", "s1");
  f.post("only-hook", "h1");
  ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'dead'") == 1; }));
  ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'") == 1; }));
  const auto dead_id = f.count("SELECT id FROM alerts WHERE state = 'dead'");
  auto retry = [&](const std::string& body, const std::string& token) {
    return f.client->request(verb::post, "/v1/alerts/retry", body, "application/json",
                             {{"Authorization", "Bearer " + token}});
  };
  EXPECT_EQ(retry("{}", reader_token).result(), status::unauthorized) << "reading is not moderating";
  EXPECT_EQ(f.client->request(verb::post, "/v1/alerts/retry", "{}", "application/json").result(), status::unauthorized);
  EXPECT_EQ(retry(R"({"id":"x"})", mod_token).result(), status::bad_request);
  EXPECT_EQ(retry(R"({"channel":""})", mod_token).result(), status::bad_request);
  const auto none = retry(R"({"channel":"discord"})", mod_token);
  ASSERT_EQ(none.result(), status::ok) << none.body();
  EXPECT_EQ(json(none.body()).at("retried").as_int64(), 0);
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM alerts WHERE state = 'dead'"), 1);

  const auto res = retry(R"({"id":)" + std::to_string(dead_id) + "}", mod_token);
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(json(res.body()).at("retried").as_int64(), 1);
  ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'") == 2; }));
  const auto slack = f.rx.requests("/slack");
  ASSERT_EQ(slack.size(), 2u);
  EXPECT_EQ(f.count("SELECT attempts FROM alerts WHERE id = " + std::to_string(dead_id)), 1) << "counted afresh";
  EXPECT_EQ(json(retry("{}", mod_token).body()).at("retried").as_int64(), 0) << "a delivered alert is left alone";
}
