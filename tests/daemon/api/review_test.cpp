// Moderators' decisions end to end: a real server on a real SQLite file or PostgreSQL database (each
// test runs on both), real HTTP on loopback.
// Decisions are recorded under the moderator's name, never touch the scores, can be withdrawn,
// filter the comments list, and every one stays in the audit trail.
#include "daemon/app/server.hpp"

#include "support/http_client.hpp"
#include "support/loopback_config.hpp"
#include "support/running_server.hpp"
#include "support/temp_dir.hpp"
#include "support/test_storage.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

using namespace hatewatch::daemon;
using hatewatch::test::http_client;
using hatewatch::test::json;
using verb = boost::beast::http::verb;
using status = boost::beast::http::status;

namespace {

const std::string reader_token = "reader-token-0123456789";
const std::string alice_token = "alice-moderator-token-0123";
const std::string bob_token = "bob-moderator-token-456789";

config review_config(const storage_config& storage, bool with_moderators = true) {
  auto cfg = hatewatch::test::loopback_config();
  cfg.storage = storage;
  cfg.auth.read_tokens = {reader_token};
  if (with_moderators)
    cfg.console.users = {{"alice", alice_token, "", false}, {"bob", bob_token, "", false}};
  source_config forum;
  forum.name = "forum";
  forum.kind = source_kind::generic;
  forum.hate_speech_threshold = 0.5;
  cfg.sources.push_back(forum);
  return cfg;
}

class Reviews : public ::testing::TestWithParam<const char*> {
protected:
  void SetUp() override {
    storage = hatewatch::test::test_storage(GetParam(), dir);
    HATEWATCH_REQUIRE_POSTGRES(storage);
    daemon = std::make_unique<hatewatch::test::running_server>(review_config(*storage));
    client = std::make_unique<http_client>(daemon->port());
  }

  hatewatch::test::temp_dir dir;
  std::optional<storage_config> storage;
  std::unique_ptr<hatewatch::test::running_server> daemon;
  std::unique_ptr<http_client> client;

  hatewatch::test::response decide(std::int64_t id, const std::string& body, const std::string& token) {
    http_client::header_list headers;
    if (!token.empty())
      headers.emplace_back("Authorization", "Bearer " + token);
    return client->request(verb::post, "/v1/comments/" + std::to_string(id) + "/review", body, "application/json",
                          headers);
  }
  boost::json::object read(const std::string& target, const std::string& token = reader_token) {
    const auto res = client->request(verb::get, target, "", "", {{"Authorization", "Bearer " + token}});
    EXPECT_EQ(res.result(), status::ok) << target << ": " << res.body();
    return json(res);
  }
  std::int64_t count(const std::string& sql) { return hatewatch::test::count(*storage, sql); }
  /// Stores three comments; returns their ids in order.
  std::vector<std::int64_t> store_three() {
    const auto res = client->request(verb::post, "/webhooks/generic/forum",
                                    R"([{"id":"1","text":"go back to africa you monkey"},)"
                                    R"({"id":"2","text":"thanks for the recipe, see you on sunday"},)"
                                    R"({"id":"3","text":"what a lovely picture of the lake"}])",
                                    "application/json");
    EXPECT_EQ(res.result(), status::ok) << res.body();
    std::vector<std::int64_t> ids;
    const auto body = json(res);
    for (const auto& r : body.at("results").as_array())
      ids.push_back(r.at("comment_id").as_int64());
    return ids;
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, Reviews, ::testing::ValuesIn(hatewatch::test::backends),
                         hatewatch::test::backend_name);

std::size_t listed(const boost::json::object& page) {
  return page.at("comments").as_array().size();
}

} // namespace

TEST_P(Reviews, AModeratorsDecisionIsStoredUnderTheirNameAndFiltersTheQueue) {
  const auto ids = store_three();
  const auto scores_before = count("SELECT SUM(hate_speech * 1000000) FROM scores");
  EXPECT_EQ(listed(read("/v1/comments?reviewed=false")), 3u);

  const auto res = decide(ids[0], R"({"label":"hate speech","note":"slur, <b>raid</b>"})", alice_token);
  ASSERT_EQ(res.result(), status::created) << res.body();
  const auto d = json(res);
  EXPECT_EQ(d.at("label").as_string(), "hate speech");
  EXPECT_TRUE(d.at("previous_label").is_null());
  EXPECT_EQ(d.at("moderator").as_string(), "alice");
  EXPECT_EQ(d.at("note").as_string(), "slur, <b>raid</b>");

  // The queue: two to review, one reviewed, found by its label; a moderator's token reads too.
  EXPECT_EQ(listed(read("/v1/comments?reviewed=false")), 2u);
  const auto reviewed = read("/v1/comments?reviewed=true", bob_token);
  ASSERT_EQ(listed(reviewed), 1u);
  const auto& review = reviewed.at("comments").at(0).at("review");
  EXPECT_EQ(review.at("label").as_string(), "hate speech");
  EXPECT_EQ(review.at("moderator").as_string(), "alice");
  EXPECT_EQ(listed(read("/v1/comments?label=hate%20speech")), 1u);
  EXPECT_EQ(listed(read("/v1/comments?label=neither")), 0u);
  EXPECT_TRUE(read("/v1/comments/" + std::to_string(ids[1])).at("review").is_null());

  // Another moderator changes it; then it is withdrawn: back to review, and every step kept.
  const auto changed = json(decide(ids[0], R"({"label":"offensive language"})", bob_token));
  EXPECT_EQ(changed.at("previous_label").as_string(), "hate speech");
  EXPECT_TRUE(changed.at("note").is_null());
  const auto withdrawn = decide(ids[0], R"({"label":null})", alice_token);
  ASSERT_EQ(withdrawn.result(), status::created) << withdrawn.body();
  EXPECT_EQ(json(withdrawn).at("previous_label").as_string(), "offensive language");
  EXPECT_EQ(listed(read("/v1/comments?reviewed=false")), 3u);

  const auto one = read("/v1/comments/" + std::to_string(ids[0]));
  EXPECT_TRUE(one.at("review").is_null());
  const auto& trail = one.at("reviews").as_array();
  ASSERT_EQ(trail.size(), 3u);
  EXPECT_TRUE(trail[0].at("label").is_null());
  EXPECT_TRUE(trail[0].at("current").as_bool());
  EXPECT_EQ(trail[1].at("moderator").as_string(), "bob");
  EXPECT_FALSE(trail[1].at("current").as_bool());
  EXPECT_EQ(trail[2].at("label").as_string(), "hate speech");
  EXPECT_EQ(trail[2].at("note").as_string(), "slur, <b>raid</b>");

  // A decision never touches a score.
  EXPECT_EQ(count("SELECT COUNT(*) FROM scores"), 3);
  EXPECT_EQ(count("SELECT SUM(hate_speech * 1000000) FROM scores"), scores_before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM reviews"), 3);
}

TEST_P(Reviews, TheReviewsListComparesModeratorsWithTheModel) {
  const auto ids = store_three();
  ASSERT_EQ(decide(ids[0], R"({"label":"hate speech"})", alice_token).result(), status::created);
  ASSERT_EQ(decide(ids[1], R"({"label":"neither"})", bob_token).result(), status::created);
  ASSERT_EQ(decide(ids[1], R"({"label":"offensive_language"})", alice_token).result(), status::created);

  const auto all = read("/v1/reviews");
  const auto& rows = all.at("reviews").as_array();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].at("comment_id").as_int64(), ids[1]); // newest first
  EXPECT_EQ(rows[0].at("label").as_string(), "offensive language");
  EXPECT_EQ(rows[0].at("source").as_string(), "forum");
  EXPECT_FALSE(rows[0].at("model").as_string().empty());
  const auto& p = rows[2].at("scores");
  const double p0 = p.at("hate speech").as_double(), p1 = p.at("offensive language").as_double(),
               p2 = p.at("neither").as_double();
  const char* expected = p0 >= p1 && p0 >= p2 ? "hate speech" : p1 >= p2 ? "offensive language" : "neither";
  EXPECT_EQ(rows[2].at("model_label").as_string(), expected);

  EXPECT_EQ(read("/v1/reviews?current=true").at("reviews").as_array().size(), 2u);
  EXPECT_EQ(read("/v1/reviews?moderator=bob").at("reviews").as_array().size(), 1u);
  EXPECT_EQ(read("/v1/reviews?comment=" + std::to_string(ids[1])).at("reviews").as_array().size(), 2u);
  const auto page = read("/v1/reviews?limit=2");
  ASSERT_FALSE(page.at("next_cursor").is_null());
  const auto rest = read("/v1/reviews?limit=2&cursor=" + std::string(page.at("next_cursor").as_string()));
  ASSERT_EQ(rest.at("reviews").as_array().size(), 1u);
  EXPECT_EQ(rest.at("reviews").at(0).at("comment_id").as_int64(), ids[0]);
}

TEST_P(Reviews, BadDecisionsAreRefusedAndStoreNothing) {
  const auto ids = store_three();
  const auto id = ids[0];
  EXPECT_EQ(decide(id, R"({"label":"neither"})", "").result(), status::unauthorized);
  EXPECT_EQ(decide(id, R"({"label":"neither"})", reader_token).result(), status::unauthorized); // reads only
  EXPECT_EQ(decide(id, R"({"label":"neither"})", "alice-moderator-token-0124").result(), status::unauthorized);
  for (const char* body : {R"({"label":"evil"})", R"({"label":"0"})", R"({"label":2})", R"({})", R"({"note":"x"})",
                           R"({"label":"neither","note":7})", R"([1])", "not json"}) {
    const auto res = decide(id, body, alice_token);
    EXPECT_EQ(res.result(), status::bad_request) << body << ": " << res.body();
  }
  const auto long_note = boost::json::serialize(
      boost::json::object{{"label", "neither"}, {"note", std::string(2001, 'x')}});
  EXPECT_EQ(decide(id, long_note, alice_token).result(), status::bad_request);
  EXPECT_EQ(decide(999999, R"({"label":"neither"})", alice_token).result(), status::not_found);
  EXPECT_EQ(decide(id, R"({"label":"neither"})", alice_token).result(), status::created); // the token still works
  EXPECT_EQ(client->request(verb::post, "/v1/comments/x/review", R"({"label":"neither"})", "application/json",
                             {{"Authorization", "Bearer " + alice_token}})
                .result(),
            status::not_found);
  EXPECT_EQ(client->request(verb::get, "/v1/comments?label=evil", "", "", {{"Authorization", "Bearer " + reader_token}})
                .result(),
            status::bad_request);
  EXPECT_EQ(count("SELECT COUNT(*) FROM reviews"), 1);
}

TEST(ReviewsClosed, WithoutModeratorsDecisionsAreClosed) {
  hatewatch::test::temp_dir dir;
  hatewatch::test::running_server s(review_config(*hatewatch::test::test_storage("sqlite", dir), false));
  http_client c(s.port());
  const auto res = c.request(verb::post, "/v1/comments/1/review", R"({"label":"neither"})", "application/json",
                             {{"Authorization", "Bearer " + alice_token}});
  EXPECT_EQ(res.result(), status::forbidden);
  EXPECT_NE(res.body().find("console.users"), std::string::npos) << res.body();
}
