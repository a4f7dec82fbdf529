// GET /v1/comments: closed without read tokens, filters and pages with a cursor over what webhooks
// stored.
#include "webhook_fixture.hpp"

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
