// The console's access end to end: a real server, real HTTP on loopback. Logins with scrypt
// passwords, the session cookie's attributes, CSRF on every state change by cookie, the login
// throttle, logout, the embedded files with their CSP, the overview and the queue's filters.
#include "daemon/base/password_hash.hpp"
#include "daemon/app/server.hpp"
#include "daemon/base/clock.hpp"

#include "support/http_client.hpp"
#include "support/loopback_config.hpp"
#include "support/running_server.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

using namespace hatewatch::daemon;
using hatewatch::test::http_client;
using hatewatch::test::json;
using verb = boost::beast::http::verb;
using status = boost::beast::http::status;
namespace field = boost::beast::http;

namespace {

const std::string password = "correct horse battery";
const std::string reader_token = "reader-token-0123456789";

config console_config_for(const hatewatch::test::temp_dir& dir, const std::string& public_url = "") {
  auto cfg = hatewatch::test::loopback_config();
  cfg.storage.path = dir.path() / "console.db";
  cfg.auth.read_tokens = {reader_token};
  cfg.console.users = {{"carol", "", hash_password(password, {10, 8, 1}), false},
                       {"dave", "dave-moderator-token-0123", "", false}};
  cfg.console.public_url = public_url;
  source_config forum;
  forum.name = "forum";
  forum.kind = source_kind::generic;
  forum.hate_speech_threshold = 0.5;
  cfg.sources.push_back(forum);
  return cfg;
}

struct fixture {
  explicit fixture(const std::string& public_url = "") : daemon{console_config_for(dir, public_url)} {}
  hatewatch::test::temp_dir dir;
  hatewatch::test::running_server daemon;
  http_client client{daemon.port()};

  hatewatch::test::response login(const std::string& name, const std::string& pw) {
    return client.request(verb::post, "/console/login", R"({"name":")" + name + R"(","password":")" + pw + R"("})",
                          "application/json");
  }
  /// Logs carol in; returns "hatewatch_session=..." for a Cookie header and the CSRF token.
  std::pair<std::string, std::string> session() {
    const auto res = login("carol", password);
    EXPECT_EQ(res.result(), status::ok) << res.body();
    const std::string set_cookie(res[field::field::set_cookie]);
    return {set_cookie.substr(0, set_cookie.find(';')), std::string(json(res).at("csrf").as_string())};
  }
  hatewatch::test::response with_cookie(verb method, const std::string& target, const std::string& cookie,
                                        const std::string& body = "", const std::string& csrf = "") {
    http_client::header_list headers{{"Cookie", cookie}};
    if (!csrf.empty())
      headers.emplace_back("X-CSRF-Token", csrf);
    return client.request(method, target, body, body.empty() ? "" : "application/json", headers);
  }
  std::vector<std::int64_t> store_three() {
    const auto res = client.request(verb::post, "/webhooks/generic/forum",
                                    R"([{"id":"1","text":"go back to africa you monkey"},)"
                                    R"({"id":"2","text":"thanks for the 100% butter recipe, see you on sunday"},)"
                                    R"({"id":"3","text":"<img src=x onerror=alert(1)> what a lovely lake"}])",
                                    "application/json");
    EXPECT_EQ(res.result(), status::ok) << res.body();
    std::vector<std::int64_t> ids;
    const auto body = json(res);
    for (const auto& r : body.at("results").as_array())
      ids.push_back(r.at("comment_id").as_int64());
    return ids;
  }
};

} // namespace

TEST(Console, ALoginSetsAStrictHttpOnlyCookieAndTheSessionDecidesWithItsCsrfToken) {
  fixture f;
  const auto ids = f.store_three();
  const auto res = f.login("carol", password);
  ASSERT_EQ(res.result(), status::ok) << res.body();
  const std::string set_cookie(res[field::field::set_cookie]);
  EXPECT_TRUE(set_cookie.starts_with("hatewatch_session=")) << set_cookie;
  EXPECT_NE(set_cookie.find("; HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("; SameSite=Strict"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("; Path=/"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("; Max-Age=43200"), std::string::npos) << set_cookie; // 12 hours
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << "plain HTTP: " << set_cookie;
  const auto body = json(res);
  EXPECT_EQ(body.at("name").as_string(), "carol");
  EXPECT_GE(body.at("csrf").as_string().size(), 40u);
  EXPECT_EQ(body.at("sources").as_array().size(), 1u);
  const auto cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf(body.at("csrf").as_string());

  const auto who = f.with_cookie(verb::get, "/console/session", cookie);
  ASSERT_EQ(who.result(), status::ok) << who.body();
  EXPECT_EQ(json(who).at("csrf").as_string(), csrf);
  // Reading needs no CSRF token; deciding does, and is stored under the session's moderator.
  EXPECT_EQ(f.with_cookie(verb::get, "/v1/comments", cookie).result(), status::ok);
  EXPECT_EQ(f.with_cookie(verb::get, "/v1/alerts", cookie).result(), status::ok);
  const auto target = "/v1/comments/" + std::to_string(ids[0]) + "/review";
  const auto forged = f.with_cookie(verb::post, target, cookie, R"({"label":"neither"})");
  EXPECT_EQ(forged.result(), status::forbidden) << forged.body();
  const auto wrong = f.with_cookie(verb::post, target, cookie, R"({"label":"neither"})", csrf + "x");
  EXPECT_EQ(wrong.result(), status::forbidden) << wrong.body();
  const auto decided = f.with_cookie(verb::post, target, cookie, R"({"label":"hate speech"})", csrf);
  ASSERT_EQ(decided.result(), status::created) << decided.body();
  EXPECT_EQ(json(decided).at("moderator").as_string(), "carol");
  const auto listed = f.client.request(verb::get, "/v1/reviews", "", "", {{"Authorization", "Bearer " + reader_token}});
  EXPECT_EQ(json(listed).at("reviews").as_array().size(), 1u) << "the forged ones were not stored";

  // A made-up cookie is no session.
  EXPECT_EQ(f.with_cookie(verb::get, "/console/session", "hatewatch_session=made-up").result(), status::unauthorized);
  EXPECT_EQ(f.with_cookie(verb::get, "/v1/comments", "hatewatch_session=made-up").result(), status::unauthorized);
}

TEST(Console, LogoutEndsTheSession) {
  fixture f;
  const auto ids = f.store_three();
  const auto [cookie, csrf] = f.session();
  EXPECT_EQ(f.with_cookie(verb::post, "/console/logout", cookie).result(), status::forbidden) << "no CSRF token";
  const auto out = f.with_cookie(verb::post, "/console/logout", cookie, "", csrf);
  ASSERT_EQ(out.result(), status::no_content) << out.body();
  EXPECT_NE(std::string(out[field::field::set_cookie]).find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(f.with_cookie(verb::get, "/console/session", cookie).result(), status::unauthorized);
  const auto after = f.with_cookie(verb::post, "/v1/comments/" + std::to_string(ids[0]) + "/review", cookie,
                                   R"({"label":"neither"})", csrf);
  EXPECT_EQ(after.result(), status::unauthorized) << after.body();
}

TEST(Console, WrongPasswordsAreRefusedThenThrottled) {
  fixture f;
  EXPECT_EQ(f.login("carol", "wrong password").result(), status::unauthorized);
  EXPECT_EQ(f.login("nobody", password).result(), status::unauthorized) << "an unknown name answers alike";
  EXPECT_EQ(f.login("dave", "dave-moderator-token-0123").result(), status::unauthorized) << "a token is no password";
  EXPECT_EQ(f.login("carol", "").result(), status::bad_request);
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(f.login("carol", "still wrong").result(), status::unauthorized);
  // Five failures from this address: the next attempt is refused before its password is checked,
  // even the right one.
  const auto throttled = f.login("carol", password);
  ASSERT_EQ(throttled.result(), status::too_many_requests) << throttled.body();
  const auto retry = std::stoi(std::string(throttled[field::field::retry_after]));
  EXPECT_GT(retry, 800);
  EXPECT_LE(retry, 900);
}

TEST(Console, TheCookieIsSecureWhenTheConsoleIsServedOverTls) {
  fixture f("https://mod.example.org/console/");
  const auto res = f.login("carol", password);
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_NE(std::string(res[field::field::set_cookie]).find("; Secure"), std::string::npos);
}

TEST(Console, ServesItsEmbeddedFilesWithAStrictContentSecurityPolicy) {
  fixture f;
  const auto page = f.client.get("/console/");
  ASSERT_EQ(page.result(), status::ok);
  EXPECT_EQ(page[field::field::content_type], "text/html; charset=utf-8");
  const std::string csp(page["Content-Security-Policy"]);
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_EQ(page["X-Content-Type-Options"], "nosniff");
  EXPECT_NE(page.body().find("<script type=\"module\" src=\"console.js\">"), std::string::npos);

  const auto js = f.client.get("/console/queue.js");
  ASSERT_EQ(js.result(), status::ok);
  EXPECT_EQ(js[field::field::content_type], "text/javascript; charset=utf-8");
  const std::string etag(js[field::field::etag]);
  ASSERT_FALSE(etag.empty());
  const auto again = f.client.request(verb::get, "/console/queue.js", "", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.result(), status::not_modified);
  EXPECT_TRUE(again.body().empty());

  EXPECT_EQ(f.client.get("/console/missing.js").result(), status::not_found);
  EXPECT_EQ(f.client.get("/console/../hatewatch.db").result(), status::not_found);
  const auto bare = f.client.get("/console");
  EXPECT_EQ(bare.result(), status::permanent_redirect);
  EXPECT_EQ(bare[field::field::location], "/console/");
}

TEST(Console, TheOverviewCountsFlagsDecisionsAndAgreement) {
  fixture f;
  const auto ids = f.store_three();
  const auto [cookie, csrf] = f.session();
  for (const auto& [id, label] : {std::pair{ids[0], "hate speech"}, std::pair{ids[1], "neither"}})
    ASSERT_EQ(f.with_cookie(verb::post, "/v1/comments/" + std::to_string(id) + "/review", cookie,
                            std::string(R"({"label":")") + label + "\"}", csrf)
                  .result(),
              status::created);
  const auto res = f.with_cookie(verb::get, "/v1/overview?days=7", cookie);
  ASSERT_EQ(res.result(), status::ok) << res.body();
  const auto o = json(res);
  const auto& days = o.at("days").as_array();
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].at("source").as_string(), "forum");
  EXPECT_EQ(days[0].at("received").as_int64(), 3);
  EXPECT_EQ(days[0].at("reviewed").as_int64(), 2);
  const auto flagged = days[0].at("flagged").as_int64();
  EXPECT_GE(flagged, 1) << "the slur is flagged";
  EXPECT_EQ(o.at("flagged").as_int64(), flagged);
  EXPECT_EQ(o.at("flagged_reviewed").as_int64(), 1) << "the flagged slur was decided";
  const auto& m = o.at("agreement").at("matrix").as_array();
  std::int64_t total = 0;
  for (const auto& row : m)
    for (const auto& v : row.as_array())
      total += v.as_int64();
  EXPECT_EQ(total, 2);
  EXPECT_EQ(m[2].as_array()[2].as_int64(), 1) << "the recipe: neither by both";
  EXPECT_EQ(f.with_cookie(verb::get, "/v1/overview?days=0", cookie).result(), status::bad_request);
  EXPECT_EQ(f.client.get("/v1/overview").result(), status::unauthorized);
}

TEST(Console, TheQueueFiltersByTextScoreAndTime) {
  fixture f;
  const auto ids = f.store_three();
  auto count = [&](const std::string& query) {
    const auto res = f.client.request(verb::get, "/v1/comments?" + query, "", "",
                                      {{"Authorization", "Bearer " + reader_token}});
    EXPECT_EQ(res.result(), status::ok) << query << ": " << res.body();
    return json(res).at("comments").as_array().size();
  };
  EXPECT_EQ(count("q=LAKE"), 1u) << "case-insensitive";
  EXPECT_EQ(count("q=100%25"), 1u) << "% is a plain character";
  EXPECT_EQ(count("q=%25"), 1u);
  EXPECT_EQ(count("q=_"), 0u) << "_ is a plain character";
  EXPECT_EQ(count("min_score=0"), 3u);
  EXPECT_LT(count("min_score=0.5"), 3u);
  EXPECT_EQ(count("until=2000-01-01T00:00:00Z"), 0u);
  EXPECT_EQ(count("until=2100-01-01T00:00:00Z&since=2000-01-01T00:00:00Z"), 3u);
  // A closed range of up to a week is read from the received_at index: the same answer.
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  const auto day = std::int64_t{86'400'000};
  EXPECT_EQ(count("since=" + store::format_rfc3339(now - day) + "&until=" + store::format_rfc3339(now + day)), 3u);
  EXPECT_EQ(count("since=" + store::format_rfc3339(now - 2 * day) + "&until=" + store::format_rfc3339(now - day)), 0u);

  // Decided comments are listed from the decisions' index, newest first, page by page.
  for (const auto id : ids)
    ASSERT_EQ(f.client.request(verb::post, "/v1/comments/" + std::to_string(id) + "/review", R"({"label":"neither"})",
                               "application/json", {{"Authorization", "Bearer dave-moderator-token-0123"}})
                  .result(),
              status::created);
  const auto first = f.client.request(verb::get, "/v1/comments?reviewed=true&limit=2", "", "",
                                      {{"Authorization", "Bearer " + reader_token}});
  const auto page = json(first);
  ASSERT_EQ(page.at("comments").as_array().size(), 2u);
  EXPECT_EQ(page.at("comments").at(0).at("id").as_int64(), ids[2]);
  EXPECT_EQ(page.at("comments").at(1).at("id").as_int64(), ids[1]);
  const std::string cursor(page.at("next_cursor").as_string());
  const auto rest = json(f.client.request(verb::get, "/v1/comments?label=neither&limit=2&cursor=" + cursor, "", "",
                                          {{"Authorization", "Bearer " + reader_token}}));
  ASSERT_EQ(rest.at("comments").as_array().size(), 1u);
  EXPECT_EQ(rest.at("comments").at(0).at("id").as_int64(), ids[0]);
  EXPECT_TRUE(rest.at("next_cursor").is_null());

  for (const auto* bad : {"min_score=2", "min_score=x", "until=yesterday"}) {
    const auto res = f.client.request(verb::get, std::string("/v1/comments?") + bad, "", "",
                                      {{"Authorization", "Bearer " + reader_token}});
    EXPECT_EQ(res.result(), status::bad_request) << bad;
  }
}
