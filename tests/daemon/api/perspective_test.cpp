// Perspective end to end as Coral calls it: the exact request, the full shape with spans, thresholds
// and storage, Google's error envelope, languages, keys, and SuggestCommentScore as feedback.
#include "compat_fixture.hpp"

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
