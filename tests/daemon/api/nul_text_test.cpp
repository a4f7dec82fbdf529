// U+0000 in what forums and moderators send (issue 29, defect 1), end to end on a real SQLite file
// and a real PostgreSQL database: JSON may carry "\u0000", PostgreSQL's TEXT cannot. Both backends
// store U+FFFD in its place in every text column (comment id, author, url, text, decision and
// promotion notes), a comment is scored on exactly the text stored, two ids that differ after a NUL
// stay two comments, and a query value with %00 is refused.
#include "daemon/app/server.hpp"

#include "support/discourse_payloads.hpp"
#include "support/http_client.hpp"
#include "support/loopback_config.hpp"
#include "support/running_server.hpp"
#include "support/temp_dir.hpp"
#include "support/test_storage.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

using namespace hatewatch::daemon;
using hatewatch::test::http_client;
using verb = boost::beast::http::verb;
using status = boost::beast::http::status;

namespace {

const std::string token = "nul-moderator-token-0123";
const std::string fffd = "\xEF\xBF\xBD";

config nul_config(const storage_config& storage) {
  auto cfg = hatewatch::test::loopback_config();
  cfg.storage = storage;
  cfg.auth.read_tokens = {token};
  cfg.console.users = {{"mona", token, "", false}};
  for (auto kind : {source_kind::generic, source_kind::discourse}) {
    source_config s;
    s.name = kind == source_kind::generic ? "forum" : "board";
    s.kind = kind;
    s.hate_speech_threshold = 0.5;
    cfg.sources.push_back(s);
  }
  return cfg;
}

class NulText : public ::testing::TestWithParam<const char*> {
protected:
  void SetUp() override {
    storage = hatewatch::test::test_storage(GetParam(), dir);
    HATEWATCH_REQUIRE_POSTGRES(storage);
    daemon = std::make_unique<hatewatch::test::running_server>(nul_config(*storage));
    client = std::make_unique<http_client>(daemon->port());
  }

  boost::json::value call(verb v, const std::string& target, const std::string& body = "",
                          status expected = status::ok, http_client::header_list headers = {}) {
    headers.emplace_back("Authorization", "Bearer " + token);
    const auto res = client->request(v, target, body, body.empty() ? "" : "application/json", headers);
    EXPECT_EQ(res.result(), expected) << target << ": " << res.body();
    return boost::json::parse(res.body());
  }
  boost::json::object comment(std::int64_t id) {
    return call(verb::get, "/v1/comments/" + std::to_string(id)).as_object();
  }

  hatewatch::test::temp_dir dir;
  std::optional<storage_config> storage;
  std::unique_ptr<hatewatch::test::running_server> daemon;
  std::unique_ptr<http_client> client;
};

INSTANTIATE_TEST_SUITE_P(Backends, NulText, ::testing::ValuesIn(hatewatch::test::backends),
                         hatewatch::test::backend_name);

} // namespace

TEST_P(NulText, EveryColumnKeepsTheWholeTextWithTheNulReplaced) {
  const std::string hidden = "Lovely weather today \\u0000 kill all the vermin, they are not human";
  const auto stored = call(verb::post, "/webhooks/generic/forum",
                           R"([{"id":"nu\u0000a","text":")" + hidden +
                               R"(","author":"ev\u0000e","url":"https://forum.example/t/1\u0000x"},)"
                               R"({"id":"nu\u0000b","text":"a second comment"}])");
  const auto& results = stored.at("results").as_array();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_FALSE(results[0].at("duplicate").as_bool());
  EXPECT_FALSE(results[1].at("duplicate").as_bool()) << "ids that differ after a NUL are two comments";
  EXPECT_EQ(results[0].at("id").as_string(), "nu" + fffd + "a");
  EXPECT_EQ(hatewatch::test::count(*storage, "SELECT COUNT(*) FROM comments"), 2);

  const auto first = comment(results[0].at("comment_id").as_int64());
  const std::string whole = "Lovely weather today " + fffd + " kill all the vermin, they are not human";
  EXPECT_EQ(first.at("text").as_string(), whole) << "moderators see the whole text";
  EXPECT_EQ(first.at("external_id").as_string(), "nu" + fffd + "a");
  EXPECT_EQ(first.at("author").as_string(), "ev" + fffd + "e");
  EXPECT_EQ(first.at("url").as_string(), "https://forum.example/t/1" + fffd + "x");
  EXPECT_EQ(comment(results[1].at("comment_id").as_int64()).at("external_id").as_string(), "nu" + fffd + "b");

  // Scored on exactly what is stored: /predict of the stored text gives the stored score.
  const auto predicted = call(verb::post, "/predict", R"({"text":")" + whole + R"("})").as_object();
  for (const char* k : {"hate speech", "offensive language", "neither"})
    EXPECT_DOUBLE_EQ(results[0].at(k).as_double(), predicted.at(k).as_double()) << k;

  // A Discourse post's raw text and username.
  hatewatch::test::discourse_post post;
  post.raw = "fine @NUL@ words";
  post.username = "bo@NUL@b";
  auto body = hatewatch::test::discourse_post_body(post);
  for (auto at = body.find("@NUL@"); at != std::string::npos; at = body.find("@NUL@"))
    body.replace(at, 5, "\\u0000");
  const auto board = call(verb::post, "/webhooks/discourse/board", body, status::ok,
                          {{"X-Discourse-Event", "post_created"}});
  const auto third = comment(board.at("comment_id").as_int64());
  EXPECT_EQ(third.at("text").as_string(), "fine " + fffd + " words");
  EXPECT_EQ(third.at("author").as_string(), "bo" + fffd + "b");

  // A moderator's note.
  const auto id = std::to_string(results[0].at("comment_id").as_int64());
  const auto decided = call(verb::post, "/v1/comments/" + id + "/review",
                            R"({"label":"hate speech","note":"dehumanising \u0000 call"})", status::created);
  EXPECT_EQ(decided.at("note").as_string(), "dehumanising " + fffd + " call");
  const auto trail = comment(results[0].at("comment_id").as_int64()).at("reviews").as_array();
  ASSERT_EQ(trail.size(), 1u);
  EXPECT_EQ(trail[0].at("note").as_string(), "dehumanising " + fffd + " call");
}

TEST_P(NulText, AQueryValueWithANulIsRefused) {
  call(verb::post, "/webhooks/generic/forum", R"({"id":"1","text":"abc and more"})");
  EXPECT_EQ(call(verb::get, "/v1/comments?q=abc").at("comments").as_array().size(), 1u);
  const auto refused = call(verb::get, "/v1/comments?q=abc%00zzz", "", status::bad_request);
  EXPECT_NE(std::string(refused.at("detail").as_string()).find("%00"), std::string::npos);
  call(verb::get, "/v1/comments?source=forum%00", "", status::bad_request);
}
