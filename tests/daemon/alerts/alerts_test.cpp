// Alerts end to end: a real server and SQLite file, receivers on loopback standing in for Slack,
// Discord, Discourse and a webhook (answering 200, 429, 500 and 404 on demand), and a real SMTP server.
#include "daemon/alerts/channels.hpp"
#include "daemon/base/signature.hpp"
#include "daemon/base/logging.hpp"
#include "daemon/app/server.hpp"

#include "support/cli_runner.hpp"
#include "support/discourse_payloads.hpp"
#include "support/fake_receiver.hpp"
#include "support/http_client.hpp"
#include "support/running_server.hpp"
#include "support/loopback_config.hpp"
#include "support/smtp_server.hpp"
#include "support/text_cat.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <spdlog/sinks/ringbuffer_sink.h>

#include <SQLiteCpp/Database.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <set>

using namespace hatewatch::daemon;
using hatewatch::test::fake_receiver;
using hatewatch::test::http_client;
using verb = boost::beast::http::verb;
using status = boost::beast::http::status;
using namespace std::chrono_literals;

using running = hatewatch::test::running_server;
namespace {

const std::string hook_secret = "hook-signing-secret-01";
const std::string reader_token = "reader-token-0123456789";

channel_config channel(std::string name, channel_kind kind, std::string url) {
  channel_config c;
  c.name = std::move(name);
  c.kind = kind;
  c.url = std::move(url);
  c.timeout = 2s;
  return c;
}

source_config generic_source(std::string name, std::vector<std::string> notify) {
  source_config s;
  s.name = std::move(name);
  s.kind = source_kind::generic;
  s.hate_speech_threshold = 0.0; // every comment is flagged
  s.notify = std::move(notify);
  return s;
}

config alert_config(const hatewatch::test::temp_dir& dir, const fake_receiver& rx) {
  auto cfg = hatewatch::test::loopback_config();
  cfg.storage.path = dir.path() / "alerts.db";
  cfg.auth.read_tokens = {reader_token};
  cfg.alerts.interval = 50ms;
  cfg.alerts.retry_base = 100ms;
  cfg.alerts.retry_max = 400ms;
  cfg.alerts.max_attempts = 4;
  cfg.alerts.digest_after = 5;
  cfg.channels.push_back(channel("slack", channel_kind::slack, rx.url("/slack")));
  cfg.channels.push_back(channel("discord", channel_kind::discord, rx.url("/discord")));
  auto hook = channel("hook", channel_kind::webhook, rx.url("/hook"));
  hook.secret = hook_secret;
  cfg.channels.push_back(hook);
  cfg.sources.push_back(generic_source("forum", {"slack", "discord", "hook"}));
  cfg.sources.push_back(generic_source("only-hook", {"hook"}));
  cfg.sources.push_back(generic_source("only-slack", {"slack"}));
  cfg.sources.push_back(generic_source("only-discord", {"discord"}));
  source_config disc;
  disc.name = "disc";
  disc.kind = source_kind::discourse;
  disc.hate_speech_threshold = 0.0;
  disc.notify = {"hook"};
  disc.min_text_length = 10;
  disc.bypass_min_trust_level = 3;
  disc.flag.enabled = true;
  disc.flag.base_url = rx.url("");
  disc.flag.api_key = "discourse-api-key-0123";
  cfg.sources.push_back(disc);
  return cfg;
}

bool eventually(const std::function<bool()>& f, std::chrono::milliseconds limit = 10s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (f())
      return true;
    std::this_thread::sleep_for(20ms);
  }
  return f();
}

/// A certificate for 127.0.0.1 and its key, made with the openssl command line.
bool make_self_signed_cert(const std::filesystem::path& cert, const std::filesystem::path& key) {
  const auto cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext "
                   "subjectAltName=IP:127.0.0.1 -keyout " +
                   key.string() + " -out " + cert.string() + " 2>/dev/null";
  return std::system(cmd.c_str()) == 0;
}

boost::json::object json(const std::string& s) {
  return boost::json::parse(s).as_object();
}

struct fixture {
  hatewatch::test::temp_dir dir;
  fake_receiver rx{{"/slack", "/discord", "/hook", "/post_actions.json"}};
  std::unique_ptr<running> daemon;
  std::unique_ptr<http_client> client;

  void start(const std::function<void(config&)>& tweak = {}) {
    auto cfg = alert_config(dir, rx);
    if (tweak)
      tweak(cfg);
    daemon = std::make_unique<running>(cfg);
    client = std::make_unique<http_client>(daemon->port());
  }
  std::int64_t post(const std::string& source, const std::string& id, const std::string& text = "a comment to alert on") {
    const auto res = client->request(verb::post, "/webhooks/generic/" + source,
                                     R"({"id":")" + id + R"(","text":")" + text + R"(","url":"https://forum.example/c/)" +
                                         id + "\"}");
    EXPECT_EQ(res.result(), status::ok) << res.body();
    return json(res.body()).at("results").at(0).at("comment_id").as_int64();
  }
  std::int64_t count(const std::string& sql) {
    SQLite::Database db(dir.path() / "alerts.db", SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
  }
  boost::json::array alerts(const std::string& query = "") {
    const auto res = client->request(verb::get, "/v1/alerts" + query, "", "", {{"Authorization", "Bearer " + reader_token}});
    EXPECT_EQ(res.result(), status::ok) << res.body();
    return json(res.body()).at("alerts").as_array();
  }
};

} // namespace

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
      s.unsupported_language = unsupported_policy::alert;
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

TEST(Alerts, EmailReachesARealSmtpServerWithBareOrNamedAddresses) {
  // The second form is the one the example config shows: display names go in the headers only; a
  // real server answers 501 to "MAIL FROM:<hatewatch <hatewatch@forum.example>>".
  struct form {
    std::string from;
    std::vector<std::string> to;
    std::string from_header, to_header;
  };
  for (const auto& [from, to, from_header, to_header] :
       {form{"hatewatch@forum.example", {"mods@forum.example", "lead@forum.example"}, "hatewatch@forum.example",
             "mods@forum.example, lead@forum.example"},
        form{"hatewatch <hatewatch@forum.example>", {"Forum moderators <mods@forum.example>", "lead@forum.example"},
             "hatewatch <hatewatch@forum.example>", "Forum moderators <mods@forum.example>, lead@forum.example"}}) {
    hatewatch::test::temp_dir maildir;
    hatewatch::test::smtp_server smtp(maildir.path() / "mail");
    ASSERT_NE(smtp.port(), 0) << "could not start tests/support/smtp_server.py (python3-aiosmtpd)";
    fixture f;
    f.start([&](config& cfg) {
      channel_config mail;
      mail.name = "mods-email";
      mail.kind = channel_kind::email;
      mail.smtp_url = "smtp://127.0.0.1:" + std::to_string(smtp.port());
      mail.starttls = false;
      mail.from = from;
      mail.to = to;
      cfg.channels.push_back(mail);
      cfg.sources.push_back(generic_source("mailed", {"mods-email"}));
    });
    f.post("mailed", "m1", "a comment for the moderators' inbox");
    ASSERT_TRUE(eventually([&] { return smtp.messages().size() == 1; })) << from << ": " << f.alerts().size();
    const auto m = smtp.messages().front();
    EXPECT_NE(m.find("X-Envelope-From: hatewatch@forum.example\r\n"), std::string::npos) << m;
    EXPECT_NE(m.find("X-Envelope-To: mods@forum.example,lead@forum.example\r\n"), std::string::npos) << m;
    EXPECT_NE(m.find("From: " + from_header + "\r\n"), std::string::npos) << m;
    EXPECT_NE(m.find("To: " + to_header + "\r\n"), std::string::npos) << m;
    EXPECT_NE(m.find("Subject: hatewatch: comment flagged in mailed"), std::string::npos) << m;
    EXPECT_NE(m.find("a comment for the moderators' inbox"), std::string::npos) << m;
    EXPECT_NE(m.find("https://forum.example/c/m1"), std::string::npos) << m;
    ASSERT_TRUE(eventually([&] { return f.count("SELECT COUNT(*) FROM alerts WHERE state = 'delivered'") == 1; }));
  }
}

TEST(Alerts, EmailWithStartTlsAndAuth) {
  hatewatch::test::temp_dir dir;
  const auto cert = dir.path() / "cert.pem", key = dir.path() / "key.pem";
  ASSERT_TRUE(make_self_signed_cert(cert, key));
  hatewatch::test::smtp_server smtp(dir.path() / "mail", {"--tls-cert", cert.string(), "--tls-key", key.string(),
                                                          "--user", "mailer", "--password", "s3cret-pass"});
  ASSERT_NE(smtp.port(), 0);
  channel_config mail;
  mail.name = "tls-mail";
  mail.kind = channel_kind::email;
  mail.smtp_url = "smtp://127.0.0.1:" + std::to_string(smtp.port());
  mail.starttls = true;
  mail.ca_file = cert.string();
  mail.username = "mailer";
  mail.password = "s3cret-pass";
  mail.from = "hatewatch@forum.example";
  mail.to = {"mods@forum.example"};
  alert_item item;
  item.event_id = "hw-1-tls-mail";
  item.source = "forum";
  item.text = "hello over TLS";
  item.explanation_json = "[]";
  const auto ok = deliver(mail, {item}, {});
  EXPECT_EQ(ok.result, delivery_result::outcome::delivered) << ok.error;
  ASSERT_EQ(smtp.messages().size(), 1u);
  EXPECT_NE(smtp.messages()[0].find("X-Authenticated: yes"), std::string::npos);
  mail.password = "wrong-password";
  mail.timeout = 2s; // refused, curl and aiosmtpd can sit out the deadline
  const auto refused = deliver(mail, {item}, {});
  EXPECT_NE(refused.result, delivery_result::outcome::delivered);
  EXPECT_EQ(refused.error.find("wrong-password"), std::string::npos); // never in messages
  EXPECT_EQ(smtp.messages().size(), 1u);
}

TEST(Alerts, EmailWithImplicitTls) {
  hatewatch::test::temp_dir dir;
  const auto cert = dir.path() / "cert.pem", key = dir.path() / "key.pem";
  ASSERT_TRUE(make_self_signed_cert(cert, key));
  hatewatch::test::smtp_server smtp(dir.path() / "mail", {"--tls-cert", cert.string(), "--tls-key", key.string(),
                                                          "--implicit-tls", "--user", "mailer", "--password", "pw-465"});
  ASSERT_NE(smtp.port(), 0);
  channel_config mail;
  mail.name = "smtps";
  mail.kind = channel_kind::email;
  mail.smtp_url = "smtps://127.0.0.1:" + std::to_string(smtp.port());
  mail.ca_file = cert.string();
  mail.username = "mailer";
  mail.password = "pw-465";
  mail.from = "hatewatch@forum.example";
  mail.to = {"mods@forum.example"};
  mail.timeout = 5s;
  alert_item item;
  item.event_id = "hw-2-smtps";
  item.source = "forum";
  item.text = "hello over implicit TLS";
  item.explanation_json = "[]";
  const auto r = deliver(mail, {item}, {});
  EXPECT_EQ(r.result, delivery_result::outcome::delivered) << r.error;
  ASSERT_EQ(smtp.messages().size(), 1u);
  EXPECT_NE(smtp.messages()[0].find("hello over implicit TLS"), std::string::npos);
  EXPECT_NE(smtp.messages()[0].find("X-Authenticated: yes"), std::string::npos);
}

TEST(Alerts, AlertTestCommandReportsEachChannel) {
  fixture f;
  f.rx.script("/slack", {{403, "action_prohibited", ""}});
  const auto yaml = "sources:\n  - name: forum\n    kind: generic\n    notify: [hook, slack]\n"
                    "channels:\n  hook:\n    kind: webhook\n    url: " +
                    f.rx.url("/hook") + "\n  slack:\n    kind: slack\n    url: " + f.rx.url("/slack") + "\n";
  const auto path = f.dir.write("alerts.yaml", yaml);
  const auto r = hatewatch::test::run_cli({"alert-test", "--config", path.string(), "--source", "forum"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("hook: delivered (status 200)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("slack: FAILED (status 403): HTTP 403: action_prohibited"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(f.rx.url("/slack")), std::string::npos); // webhook URLs are secrets
  EXPECT_EQ(f.rx.requests("/hook").size(), 1u);
}

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
