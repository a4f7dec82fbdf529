// The other drop-in APIs end to end with the bodies their callers send: Coral's external moderation
// phase (signed, byte for byte) and the OpenAI moderation shape. Perspective: perspective_test.cpp.
#include "compat_fixture.hpp"

namespace {

// Coral's external moderation request, pretty-printed as Coral sends it.
const std::string coral_body = R"({
  "action": "NEW",
  "comment": {
    "body": "<p>Here's a comment!<br>With <b>two</b> lines &amp; an entity.</p>",
    "parentID": null
  },
  "author": {
    "id": "3f7c2a9e-5d1b-4c8a-9e2f-1a2b3c4d5e6f",
    "role": "COMMENTER"
  },
  "story": {
    "id": "a1b2c3d4-0000-4000-8000-000000000001",
    "url": "http://localhost:8080/stories/hello-world"
  },
  "site": {
    "id": "b2c3d4e5-0000-4000-8000-000000000002"
  },
  "tenantID": "c3d4e5f6-0000-4000-8000-000000000003",
  "tenantDomain": "localhost"
})";

hatewatch::test::response coral(http_client& c, const std::string& source, const std::string& signature) {
  http_client::header_list headers;
  if (!signature.empty())
    headers.emplace_back("X-Coral-Signature", signature);
  return c.request(verb::post, "/webhooks/coral/" + source, coral_body, "application/json", headers);
}

} // namespace

TEST(Coral, BelowTheThresholdIs204AndStored) {
  fixture f;
  const auto res = coral(f.client, "talk", "sha256=" + hmac_sha256_hex(coral_secret, coral_body));
  EXPECT_EQ(res.result(), status::no_content) << res.body();
  EXPECT_TRUE(res.body().empty());
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments WHERE text = 'Here''s a comment!\nWith two lines & an entity.' AND "
                    "url = 'http://localhost:8080/stories/hello-world'"),
            1);
}

TEST(Coral, AboveTheThresholdFlagsWithTheConfiguredStatus) {
  fixture f;
  // During a secret rotation Coral signs with the old and the new secret.
  const auto res = coral(f.client, "talk-strict",
                         "sha256=" + hmac_sha256_hex("an-older-secret-value", coral_body) +
                             ",sha256=" + hmac_sha256_hex(coral_secret, coral_body));
  ASSERT_EQ(res.result(), status::ok) << res.body();
  const auto body = json(res);
  const auto& actions = body.at("actions").as_array();
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].at("actionType").as_string(), "FLAG");
  EXPECT_EQ(actions[0].at("reason").as_string(), "COMMENT_DETECTED_TOXIC");
  EXPECT_EQ(body.at("status").as_string(), "SYSTEM_WITHHELD");
}

TEST(Coral, BadSignaturesAndBodiesAreRefused) {
  fixture f;
  EXPECT_EQ(coral(f.client, "talk", "").result(), status::unauthorized);
  EXPECT_EQ(coral(f.client, "talk", "sha256=" + hmac_sha256_hex("not-the-secret-at-all", coral_body)).result(),
            status::unauthorized);
  EXPECT_EQ(coral(f.client, "nobody", "").result(), status::not_found);
  const std::string no_comment = R"({"action":"NEW"})";
  EXPECT_EQ(f.client
                .request(verb::post, "/webhooks/coral/talk", no_comment, "application/json",
                         {{"X-Coral-Signature", "sha256=" + hmac_sha256_hex(coral_secret, no_comment)}})
                .result(),
            status::bad_request);
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments"), 0);
}

TEST(Coral, SignatureHeadersAreCapped) {
  // Unauthenticated, each signature cost an HMAC of the whole body: 110 of them held an I/O thread
  // for 93 ms. A rotation needs two; more than eight, or a header over 1 KiB, is refused unread.
  fixture f;
  const auto good = "sha256=" + hmac_sha256_hex(coral_secret, coral_body);
  const auto other = "sha256=" + hmac_sha256_hex("an-older-secret-value", coral_body);
  std::string eight, nine;
  for (int i = 0; i < 7; ++i)
    eight += other + ",";
  eight += good;
  nine = other + "," + eight;
  EXPECT_EQ(coral(f.client, "talk", eight).result(), status::no_content);
  const auto refused = coral(f.client, "talk", nine);
  EXPECT_EQ(refused.result(), status::bad_request) << refused.body();
  EXPECT_NE(refused.body().find("at most 8"), std::string::npos) << refused.body();
  const auto too_long = coral(f.client, "talk", good + ",sha256=" + std::string(1000, '0'));
  EXPECT_EQ(too_long.result(), status::bad_request) << too_long.body();
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments"), 1);
}

TEST(OpenAi, ModerationsAnswersInOrderWithEveryCategory) {
  fixture f;
  const auto res = f.client.request(verb::post, "/v1/moderations",
                                    R"({"input":["Have a nice day","Thanks!"],"model":"omni-moderation-latest"})");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  const auto body = json(res);
  EXPECT_TRUE(std::string(body.at("id").as_string()).starts_with("modr-"));
  EXPECT_TRUE(std::string(body.at("model").as_string()).starts_with("hatewatch-"));
  const auto& results = body.at("results").as_array();
  ASSERT_EQ(results.size(), 2u);
  for (const auto& r : results) {
    const auto& categories = r.at("categories").as_object();
    const auto& scores = r.at("category_scores").as_object();
    EXPECT_EQ(categories.size(), 13u);
    EXPECT_EQ(scores.size(), 13u);
    EXPECT_EQ(r.at("category_applied_input_types").as_object().size(), 13u);
    EXPECT_FALSE(categories.at("violence").as_bool());
    EXPECT_EQ(scores.at("self-harm").to_number<double>(), 0.0);
    const double hate = scores.at("hate").to_number<double>();
    EXPECT_EQ(categories.at("hate").as_bool(), hate >= 0.5);
    EXPECT_EQ(r.at("flagged").as_bool(), categories.at("hate").as_bool());
    EXPECT_FALSE(categories.at("harassment").as_bool()); // no harassment threshold configured
  }
  // The same scores as /predict.
  const auto predicted = json(f.client.request(verb::post, "/predict", R"({"text":"Have a nice day"})"));
  EXPECT_DOUBLE_EQ(results[0].at("category_scores").at("hate").to_number<double>(), predicted.at("hate speech").as_double());
  EXPECT_DOUBLE_EQ(results[0].at("category_scores").at("harassment").to_number<double>(),
                   predicted.at("offensive language").as_double());

  const auto single = json(f.client.request(verb::post, "/v1/moderations", R"({"input":"one text"})"));
  EXPECT_EQ(single.at("results").as_array().size(), 1u);
}

TEST(OpenAi, HarassmentFlagsAtItsConfiguredThreshold) {
  hatewatch::test::temp_dir dir;
  auto cfg = compat_config(dir);
  cfg.openai.harassment_threshold = 0.0; // every text reaches it
  cfg.openai.hate_threshold = 1.0;
  running d(cfg);
  http_client c(d.port());
  const auto body = json(c.request(verb::post, "/v1/moderations", R"({"input":"Have a nice day"})"));
  const auto& r = body.at("results").at(0);
  EXPECT_TRUE(r.at("categories").at("harassment").as_bool());
  EXPECT_TRUE(r.at("flagged").as_bool());
  EXPECT_FALSE(r.at("categories").at("hate").as_bool());
}

TEST(OpenAi, ALanguageTheModelCannotReadFailsTheRequestNamingIt) {
  // OpenAI's shape cannot say "not scored", and flagged:false would call the comment clean.
  fixture f;
  auto error_of = [&](const std::string& body) {
    const auto res = f.client.request(verb::post, "/v1/moderations", body);
    EXPECT_EQ(res.result(), status::bad_request) << res.body();
    return json(res).at("error").as_object();
  };
  auto e = error_of(R"({"input":"Los inmigrantes tienen que irse de nuestro país ahora mismo"})");
  EXPECT_EQ(e.at("code").as_string(), "unsupported_language");
  EXPECT_EQ(e.at("param").as_string(), "input");
  EXPECT_NE(std::string(e.at("message").as_string()).find("input is in a language this server's model does not read ('es'"),
            std::string::npos)
      << e;
  e = error_of(R"({"input":["Have a nice day","Эти люди должны убираться из нашей страны немедленно"]})");
  EXPECT_NE(std::string(e.at("message").as_string()).find("input[1] is in a language"), std::string::npos) << e;
  EXPECT_EQ(f.client.request(verb::post, "/v1/moderations", R"({"input":"Have a nice day"})").result(), status::ok);
}

TEST(OpenAi, ErrorsUseOpenAisEnvelope) {
  fixture f;
  auto expect_error = [&](const std::string& body, const std::string& words) {
    const auto res = f.client.request(verb::post, "/v1/moderations", body);
    EXPECT_EQ(res.result(), status::bad_request) << res.body();
    const auto error = json(res).at("error").as_object();
    EXPECT_EQ(error.at("type").as_string(), "invalid_request_error");
    EXPECT_NE(std::string(error.at("message").as_string()).find(words), std::string::npos) << res.body();
    EXPECT_TRUE(error.contains("param"));
    EXPECT_TRUE(error.contains("code"));
  };
  expect_error("{}", "'input' is a required property");
  expect_error(R"({"input":[]})", "empty array");
  expect_error(R"({"input":42})", "string or an array");
  expect_error(R"({"input":[{"type":"image_url","image_url":{"url":"x"}}]})", "only text input");
  expect_error("not json", "could not parse");

  hatewatch::test::temp_dir dir;
  auto cfg = compat_config(dir);
  cfg.auth.api_tokens = {"sk-hatewatch-test-token-01"};
  running locked(cfg);
  http_client c(locked.port());
  const auto res = c.request(verb::post, "/v1/moderations", R"({"input":"x"})");
  EXPECT_EQ(res.result(), status::unauthorized);
  EXPECT_EQ(json(res).at("error").at("code").as_string(), "invalid_api_key");
  EXPECT_EQ(c.request(verb::post, "/v1/moderations", R"({"input":"x"})", "application/json",
                      {{"Authorization", "Bearer sk-hatewatch-test-token-01"}})
                .result(),
            status::ok);
}
