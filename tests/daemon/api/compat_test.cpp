// The drop-in APIs end to end with the bodies their callers send: Perspective (as Coral calls it),
// Coral's external moderation phase (signed, byte for byte), and the OpenAI moderation shape.
#include "daemon/base/signature.hpp"
#include "daemon/app/server.hpp"

#include "support/http_client.hpp"
#include "support/running_server.hpp"
#include "support/loopback_config.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <boost/json/parse.hpp>

using namespace hatewatch::daemon;
using hatewatch::test::http_client;
using verb = boost::beast::http::verb;
using status = boost::beast::http::status;
using namespace std::chrono_literals;

using running = hatewatch::test::running_server;
namespace {

const std::string perspective_key = "AIzaSyExampleKeyForTests0123";
const std::string coral_secret = "coral-signing-secret-0123";

config compat_config(const hatewatch::test::temp_dir& dir) {
  auto cfg = hatewatch::test::loopback_config();
  cfg.storage.path = dir.path() / "compat.db";
  cfg.perspective.keys = {perspective_key};
  source_config coral;
  coral.name = "talk";
  coral.kind = source_kind::coral;
  coral.secret = coral_secret;
  coral.hate_speech_threshold = 0.5;
  coral.coral_status = "SYSTEM_WITHHELD";
  cfg.sources.push_back(coral);
  source_config flag_all = coral;
  flag_all.name = "talk-strict";
  flag_all.hate_speech_threshold = 0.0;
  cfg.sources.push_back(flag_all);
  return cfg;
}

boost::json::object json(const hatewatch::test::response& res) {
  return boost::json::parse(res.body()).as_object();
}

struct fixture {
  hatewatch::test::temp_dir dir;
  running daemon{compat_config(dir)};
  http_client client{daemon.port()};

  hatewatch::test::response analyze(const std::string& body, const std::string& key = perspective_key) {
    return client.request(verb::post, "/v1alpha1/comments:analyze" + (key.empty() ? "" : "?key=" + key), body);
  }
  std::int64_t count(const std::string& sql) {
    SQLite::Database db(dir.path() / "compat.db", SQLite::OPEN_READONLY);
    return db.execAndGet(sql).getInt64();
  }
};

void expect_google_error(const hatewatch::test::response& res, unsigned code, const std::string& status_name,
                         const std::string& error_type, const std::string& words) {
  EXPECT_EQ(res.result_int(), code) << res.body();
  const auto body = json(res);
  const auto& error = body.at("error").as_object();
  EXPECT_EQ(error.at("code").as_int64(), code);
  EXPECT_EQ(error.at("status").as_string(), status_name);
  EXPECT_NE(std::string(error.at("message").as_string()).find(words), std::string::npos) << res.body();
  if (error_type.empty()) {
    EXPECT_FALSE(error.contains("details"));
  } else {
    EXPECT_EQ(error.at("details").as_array().at(0).at("errorType").as_string(), error_type);
  }
}

} // namespace

TEST(Perspective, AnswersCoralsExactRequest) {
  fixture f;
  // Coral's body, as perspective.ts builds it.
  const auto res =
      f.analyze(R"({"comment":{"text":"Thanks for sharing, this is great"},"doNotStore":true,"requestedAttributes":{"TOXICITY":{}},"languages":["en"]})");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  const auto body = json(res);
  const auto& toxicity = body.at("attributeScores").at("TOXICITY").as_object();
  const double value = toxicity.at("summaryScore").at("value").as_double();
  EXPECT_GE(value, 0.0);
  EXPECT_LE(value, 1.0);
  EXPECT_EQ(toxicity.at("summaryScore").at("type").as_string(), "PROBABILITY");
  EXPECT_FALSE(toxicity.contains("spanScores"));
  EXPECT_EQ(body.at("languages").as_array().size(), 1u);
  EXPECT_EQ(body.at("languages").at(0).as_string(), "en");
  EXPECT_FALSE(body.contains("clientToken"));
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments"), 0); // doNotStore
}

TEST(Perspective, TheFullRequestShapeWithSpansThresholdsAndStorage) {
  fixture f;
  const std::string body = R"({"comment":{"text":"Welcome to the forum. Enjoy your stay!","type":"PLAIN_TEXT"},)"
                           R"("requestedAttributes":{"TOXICITY":{"scoreType":"PROBABILITY","scoreThreshold":0.0},)"
                           R"("HATE_SPEECH":{},"OFFENSIVE_LANGUAGE":{},"SEVERE_TOXICITY":{},"IDENTITY_ATTACK":{},)"
                           R"("NEITHER_ATTRIBUTE":{"scoreThreshold":1.0}},"spanAnnotations":true,"languages":["en-US"],)"
                           R"("doNotStore":false,"clientToken":"tok-1","sessionId":"s1","communityId":"c1",)"
                           R"("dropUnsupportedAttributes":true})";
  const auto res = f.analyze(body);
  ASSERT_EQ(res.result(), status::ok) << res.body();
  const auto answer = json(res);
  const auto& scores = answer.at("attributeScores").as_object();
  EXPECT_EQ(scores.size(), 5u); // the unsupported one dropped
  const double hate = scores.at("HATE_SPEECH").at("summaryScore").at("value").as_double();
  const double offensive = scores.at("OFFENSIVE_LANGUAGE").at("summaryScore").at("value").as_double();
  EXPECT_NEAR(scores.at("TOXICITY").at("summaryScore").at("value").as_double(), hate + offensive, 1e-12);
  EXPECT_DOUBLE_EQ(scores.at("SEVERE_TOXICITY").at("summaryScore").at("value").as_double(), hate);
  EXPECT_DOUBLE_EQ(scores.at("IDENTITY_ATTACK").at("summaryScore").at("value").as_double(), hate);
  const auto& spans = scores.at("TOXICITY").at("spanScores").as_array();
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].at("begin").as_int64(), 0);
  EXPECT_EQ(spans[0].at("end").as_int64(), 21); // "Welcome to the forum."
  EXPECT_EQ(spans[1].at("begin").as_int64(), 22);
  EXPECT_EQ(spans[1].at("end").as_int64(), 38);
  EXPECT_EQ(answer.at("clientToken").as_string(), "tok-1");
  EXPECT_EQ(answer.at("languages").at(0).as_string(), "en-US");
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments c JOIN sources s ON s.id = c.source_id WHERE s.name = 'perspective'"),
            1);

  // A threshold above the score omits the attribute.
  const auto high = json(f.analyze(
      R"({"comment":{"text":"Welcome to the forum."},"requestedAttributes":{"HATE_SPEECH":{"scoreThreshold":0.999}},"doNotStore":true})"));
  EXPECT_TRUE(high.at("attributeScores").as_object().empty());
}

TEST(Perspective, ErrorsUseGooglesEnvelope) {
  fixture f;
  const std::string ok_attrs = R"("requestedAttributes":{"TOXICITY":{}})";
  expect_google_error(f.analyze(R"({"comment":{"text":""},)" + ok_attrs + "}"), 400, "INVALID_ARGUMENT", "COMMENT_EMPTY",
                      "Comment must be non-empty.");
  expect_google_error(f.analyze(R"({)" + ok_attrs + "}"), 400, "INVALID_ARGUMENT", "COMMENT_EMPTY", "non-empty");
  expect_google_error(f.analyze(R"({"comment":{"text":")" + std::string(30000, 'a') + R"("},)" + ok_attrs + "}"), 400,
                      "INVALID_ARGUMENT", "COMMENT_TOO_LONG", "too long");
  expect_google_error(f.analyze(R"({"comment":{"text":"hi"}})"), 400, "INVALID_ARGUMENT", "NO_REQUESTED_ATTRIBUTES",
                      "non-empty");
  expect_google_error(f.analyze(R"({"comment":{"text":"hi"},"requestedAttributes":{"FLIRTATION":{}}})"), 400,
                      "INVALID_ARGUMENT", "INVALID_REQUEST", "Unknown requested attribute: FLIRTATION");
  expect_google_error(f.analyze(R"({"comment":{"text":"ciao"},)" + ok_attrs + R"(,"languages":["it"]})"), 400,
                      "INVALID_ARGUMENT", "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
                      "Attribute TOXICITY does not support request languages: it");
  expect_google_error(f.analyze("{not json"), 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Invalid JSON payload");
  expect_google_error(f.analyze(R"({"comment":{"text":"hi"},)" + ok_attrs + "}", ""), 403, "PERMISSION_DENIED", "",
                      "missing a valid API key");
  expect_google_error(f.analyze(R"({"comment":{"text":"hi"},)" + ok_attrs + "}", "wrong-key"), 400, "INVALID_ARGUMENT",
                      "", "API key not valid");
  expect_google_error(f.analyze(R"({"comment":{"text":"hi","type":"MARKDOWN"},)" + ok_attrs + "}"), 400,
                      "INVALID_ARGUMENT", "INVALID_REQUEST", "comment.type");
  // The key may also come as a header.
  EXPECT_EQ(f.client
                .request(verb::post, "/v1alpha1/comments:analyze", R"({"comment":{"text":"hi"},)" + ok_attrs + "}",
                         "application/json", {{"X-Goog-Api-Key", perspective_key}})
                .result(),
            status::ok);
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments"), 1);
}

TEST(Perspective, ALanguageTheModelCannotReadIsGooglesLanguageError) {
  fixture f;
  const std::string attrs = R"("requestedAttributes":{"TOXICITY":{}})";
  // Detected: German is not scored, in Google's words; nothing is stored.
  expect_google_error(
      f.analyze(R"({"comment":{"text":"Diese Flüchtlinge gehören nicht zu uns, schickt sie zurück"},)" + attrs + "}"), 400,
      "INVALID_ARGUMENT", "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE", "does not support request languages: de");
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM comments"), 0);
  // English is detected and said so.
  const auto en = json(f.analyze(R"({"comment":{"text":"Thanks for sharing, this is great"},"doNotStore":true,)" + attrs + "}"));
  EXPECT_EQ(en.at("detectedLanguages").at(0).as_string(), "en");
  EXPECT_EQ(en.at("languages").at(0).as_string(), "en");
  // A caller that names English is taken at its word (Perspective does not detect then either).
  const auto named = f.analyze(R"({"comment":{"text":"Diese Flüchtlinge gehören nicht zu uns"},"languages":["en"],"doNotStore":true,)" + attrs + "}");
  EXPECT_EQ(named.result(), status::ok) << named.body();
  EXPECT_FALSE(json(named).contains("detectedLanguages"));
}

TEST(Perspective, ClosedWithoutKeys) {
  auto cfg = hatewatch::test::loopback_config();
  running d(cfg);
  http_client c(d.port());
  expect_google_error(c.request(verb::post, "/v1alpha1/comments:analyze?key=x",
                                R"({"comment":{"text":"hi"},"requestedAttributes":{"TOXICITY":{}}})"),
                      403, "PERMISSION_DENIED", "", "perspective.keys");
}

TEST(Perspective, SuggestScoreKeepsTheLabelAsFeedback) {
  fixture f;
  // What Coral sends when a moderator rejects a comment.
  const auto res = f.client.request(
      verb::post, "/v1alpha1/comments:suggestscore?key=" + perspective_key,
      R"({"comment":{"text":"you people are the worst"},"attributeScores":{"TOXICITY":{"summaryScore":{"value":1}}},)"
      R"("languages":["en"],"communityId":"coral-tenant","clientToken":"comment-123"})");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(json(res).at("clientToken").as_string(), "comment-123");
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM feedback WHERE attribute = 'TOXICITY' AND value = 1.0 AND "
                    "text = 'you people are the worst' AND community_id = 'coral-tenant'"),
            1);
  expect_google_error(f.client.request(verb::post, "/v1alpha1/comments:suggestscore?key=" + perspective_key,
                                       R"({"comment":{"text":"x"},"attributeScores":{"TOXICITY":{"summaryScore":{"value":2}}}})"),
                      400, "INVALID_ARGUMENT", "INVALID_REQUEST", "summaryScore.value");
}

TEST(Perspective, SuggestScoreStoresTheTextOnceAndOnlyKnownAttributes) {
  // One 1 MB request with 27,000 attribute names stored 27,000 rows, each with its own copy of the
  // text. Now: unknown attributes are refused (nothing stored), known ones share one copy.
  fixture f;
  const std::string text(2000, 'x');
  std::string many = R"({"comment":{"text":")" + text + R"("},"attributeScores":{)";
  for (int i = 0; i < 2000; ++i)
    many += "\"A" + std::to_string(i) + R"(":{"summaryScore":{"value":1}},)";
  many += R"("TOXICITY":{"summaryScore":{"value":1}}}})";
  expect_google_error(f.client.request(verb::post, "/v1alpha1/comments:suggestscore?key=" + perspective_key, many),
                      400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Unknown attribute");
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM feedback_requests"), 0);

  const auto res = f.client.request(
      verb::post, "/v1alpha1/comments:suggestscore?key=" + perspective_key,
      R"({"comment":{"text":")" + text +
          R"("},"attributeScores":{"TOXICITY":{"summaryScore":{"value":1}},"HATE_SPEECH":{"summaryScore":{"value":0.5}}}})");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM feedback_requests"), 1);
  EXPECT_EQ(f.count("SELECT SUM(LENGTH(text)) FROM feedback_requests"), 2000);
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM feedback_scores"), 2);
  EXPECT_EQ(f.count("SELECT COUNT(*) FROM feedback WHERE attribute = 'HATE_SPEECH' AND value = 0.5"), 1);
}

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
