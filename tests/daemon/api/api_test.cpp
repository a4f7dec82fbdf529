// The HTTP API end to end: a real server on an ephemeral loopback port, real HTTP requests.
#include "api_fixture.hpp"

TEST(Api, PredictAnswersTheTutorialContract) {
  running s;
  http_client c(s.port());
  auto res = c.request(verb::post, "/predict", R"({"text": "thanks for the recipe, see you at the meetup"})");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  EXPECT_EQ(res[field::content_type], "application/json");
  const auto body = json(res);
  EXPECT_EQ(body.size(), 4u); // the three probabilities, and the language
  EXPECT_NEAR(sum_of(body), 1.0, 1e-9);
  EXPECT_GT(body.at("neither").as_double(), 0.5);
  EXPECT_EQ(body.at("language").at("code").as_string(), "en");
  EXPECT_TRUE(body.at("language").at("supported").as_bool());
  EXPECT_FALSE(body.contains("unsupported_language"));
}

TEST(Api, PredictDoesNotScoreALanguageTheModelCannotRead) {
  // A German comment used to get a confident "neither" from the English model.
  running s;
  http_client c(s.port());
  const std::string german = R"({"text": "Die Ausländer sollen alle verschwinden und nie wiederkommen"})";
  const auto body = json(c.request(verb::post, "/predict?explain=true", german));
  EXPECT_TRUE(body.at("hate speech").is_null());
  EXPECT_TRUE(body.at("offensive language").is_null());
  EXPECT_TRUE(body.at("neither").is_null());
  EXPECT_TRUE(body.at("explanation").is_null());
  EXPECT_EQ(body.at("language").at("code").as_string(), "de");
  EXPECT_GT(body.at("language").at("confidence").as_double(), 0.6);
  EXPECT_FALSE(body.at("language").at("supported").as_bool());
  EXPECT_TRUE(body.at("unsupported_language").as_bool());

  // A caller may ask for the model's scores anyway; the answer still says what they are worth.
  const auto anyway = json(c.request(verb::post, "/predict?any_language=true", german));
  EXPECT_NEAR(sum_of(anyway), 1.0, 1e-9);
  EXPECT_TRUE(anyway.at("unsupported_language").as_bool());

  // Short texts, emoji and links are undetermined, and scored.
  const auto emoji = json(c.request(verb::post, "/predict", R"({"text": "\ud83d\ude02\ud83d\ude02 ok"})"));
  EXPECT_EQ(emoji.at("language").at("code").as_string(), "und");
  EXPECT_TRUE(emoji.at("language").at("supported").as_bool());
  EXPECT_NEAR(sum_of(emoji), 1.0, 1e-9);

  // In a batch, each comment on its own.
  const auto batch = json(c.request(
      verb::post, "/v1/score",
      R"({"comments":[{"id":1,"text":"thanks for the recipe, see you at the meetup"},{"id":2,"text":"这些外国人应该马上滚出我们的国家"}]})"));
  const auto& results = batch.at("results").as_array();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_NEAR(sum_of(results[0].as_object()), 1.0, 1e-9);
  EXPECT_TRUE(results[1].at("hate speech").is_null());
  EXPECT_EQ(results[1].at("language").at("code").as_string(), "zh");
  EXPECT_TRUE(results[1].at("unsupported_language").as_bool());
}

TEST(Api, PredictExplains) {
  running s;
  http_client c(s.port());
  const std::string text = "shut up you stupid bitch";
  auto res = c.request(verb::post, "/predict?explain=true", R"({"text": ")" + text + R"("})");
  ASSERT_EQ(res.result(), status::ok);
  const auto body = json(res);
  const auto& ex = body.at("explanation").as_array();
  ASSERT_FALSE(ex.empty());
  for (const auto& e : ex) {
    const auto& o = e.as_object();
    const auto begin = static_cast<std::size_t>(o.at("begin").as_int64());
    const auto end = static_cast<std::size_t>(o.at("end").as_int64());
    EXPECT_EQ(text.substr(begin, end - begin), o.at("ngram").as_string());
    EXPECT_GT(o.at("weight").as_double(), 0);
  }
}

TEST(Api, PredictRejectsBadBodies) {
  running s;
  http_client c(s.port());
  expect_problem(c.request(verb::post, "/predict", "{not json"), status::bad_request);
  expect_problem(c.request(verb::post, "/predict", R"({"txt": "x"})"), status::bad_request);
  expect_problem(c.request(verb::post, "/predict", R"({"text": 42})"), status::bad_request);
  expect_problem(c.request(verb::post, "/predict", R"(["text"])"), status::bad_request);
  expect_problem(c.request(verb::post, "/predict", R"({"text": "x"})", "text/plain"), status::unsupported_media_type);
  // The connection is still usable after each error.
  EXPECT_EQ(c.request(verb::post, "/predict", R"({"text": "ok"})", "application/json; charset=utf-8").result(),
            status::ok);
}

TEST(Api, MissingLengthIs411AndOversizedIs413) {
  auto cfg = test_config();
  cfg.server.body_limit = 2048;
  cfg.api.max_text_bytes = 100;
  running s(cfg);
  {
    http_client c(s.port());
    c.send_raw("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n");
    expect_problem(c.read(), status::length_required);
  }
  {
    http_client c(s.port());
    expect_problem(c.request(verb::post, "/predict", R"({"text": ")" + std::string(150, 'a') + R"("})"),
                   status::payload_too_large);
  }
  {
    http_client c(s.port());
    const std::string big(4096, ' ');
    c.send_raw("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n" +
               big);
    expect_problem(c.read(), status::payload_too_large);
    EXPECT_TRUE(c.closed_by_server());
  }
}

TEST(Api, OversizedHeadersAre431) {
  auto cfg = test_config();
  cfg.server.header_limit = 1024;
  running s(cfg);
  http_client c(s.port());
  c.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(2000, 'h') + "\r\n\r\n");
  expect_problem(c.read(), status::request_header_fields_too_large);
}

TEST(Api, WrongMethodIs405WithAllowAndUnknownPathIs404) {
  running s;
  http_client c(s.port());
  auto res = c.get("/predict");
  expect_problem(res, status::method_not_allowed);
  EXPECT_EQ(res[field::allow], "POST");
  expect_problem(c.get("/nope"), status::not_found);
}

TEST(Api, BatchScoresInOrder) {
  running s;
  http_client c(s.port());
  auto res = c.request(verb::post, "/v1/score?explain=true",
                       R"({"comments": [{"id": "a", "text": "lovely weather"}, {"id": 7, "text": "you stupid bitch"},
                                        {"text": "no id here"}]})");
  ASSERT_EQ(res.result(), status::ok) << res.body();
  const auto body = json(res);
  EXPECT_EQ(body.at("model").as_string().subview().substr(0, 7), "forums-");
  const auto& results = body.at("results").as_array();
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].at("id").as_string(), "a");
  EXPECT_EQ(results[1].at("id").as_int64(), 7);
  EXPECT_FALSE(results[2].as_object().contains("id"));
  for (const auto& r : results) {
    EXPECT_NEAR(sum_of(r.as_object()), 1.0, 1e-9);
    EXPECT_TRUE(r.as_object().contains("explanation"));
  }
  EXPECT_GT(results[1].at("offensive language").as_double(), results[0].at("offensive language").as_double());
}

TEST(Api, BatchLimitsAndErrors) {
  auto cfg = test_config();
  cfg.api.max_batch = 2;
  running s(cfg);
  http_client c(s.port());
  expect_problem(c.request(verb::post, "/v1/score", R"({"comments": [{"text": "a"}, {"text": "b"}, {"text": "c"}]})"),
                 status::payload_too_large);
  expect_problem(c.request(verb::post, "/v1/score", R"({"comments": "x"})"), status::bad_request);
  auto res = c.request(verb::post, "/v1/score", R"({"comments": [{"text": "a"}, {"id": 2}]})");
  expect_problem(res, status::bad_request);
  EXPECT_NE(res.body().find("comments[1]"), std::string::npos) << res.body();
}

TEST(Api, BatchRefusesIdsThatAreNotFiniteNumbers) {
  // 1e400 parses as infinity; echoed, it came back as the non-JSON token Infinity.
  running s;
  http_client c(s.port());
  for (const char* id : {"1e400", "-1e400", "[1, {\"deep\": 1e999}]"}) {
    auto res = c.request(verb::post, "/v1/score",
                         std::string(R"({"comments": [{"id": 1, "text": "a"}, {"id": )") + id + R"(, "text": "b"}]})");
    expect_problem(res, status::bad_request);
    EXPECT_NE(res.body().find("comments[1].id"), std::string::npos) << res.body();
  }
  // Large but finite numbers, strings and integers are echoed as valid JSON.
  const auto ok = json(c.request(verb::post, "/v1/score",
                                 R"({"comments": [{"id": 1e300, "text": "a"}, {"id": ["x", {"y": 2}], "text": "b"}, {"id": 18446744073709551615, "text": "c"}]})"));
  const auto& results = ok.at("results").as_array();
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].at("id").as_double(), 1e300);
  EXPECT_EQ(results[1].at("id").at(0).as_string(), "x");
  EXPECT_EQ(results[2].at("id").as_uint64(), 18446744073709551615ull);
}

TEST(Api, IndexReadyzAndMetrics) {
  running s;
  http_client c(s.port());
  const auto index = json(c.get("/"));
  EXPECT_EQ(index.at("name").as_string(), "hatewatch");
  const std::string version(index.at("model").as_string());
  EXPECT_EQ(version.rfind("forums-", 0), 0u);
  const auto ready = c.get("/readyz");
  EXPECT_EQ(ready.result(), status::ok);
  EXPECT_EQ(json(ready).at("model").as_string(), version);
  c.request(verb::post, "/predict", R"({"text": "x"})");
  c.request(verb::post, "/predict", "{bad");
  const auto m = c.get("/metrics");
  ASSERT_EQ(m.result(), status::ok);
  EXPECT_EQ(m[field::content_type].substr(0, 10), "text/plain");
  const auto& text = m.body();
  EXPECT_NE(text.find("hatewatch_model_info{version=\"" + version + "\"} 1"), std::string::npos);
  EXPECT_NE(text.find("hatewatch_http_requests_total{route=\"/predict\",status=\"200\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("hatewatch_http_requests_total{route=\"/predict\",status=\"400\"} 1"), std::string::npos);
  EXPECT_NE(text.find("hatewatch_http_request_duration_seconds_bucket{route=\"/predict\",le=\"+Inf\"} 2"),
            std::string::npos);
  EXPECT_NE(text.find("hatewatch_score_count{class=\"hate speech\"} 1"), std::string::npos);
  EXPECT_NE(text.find("process_resident_memory_bytes "), std::string::npos);
}

TEST(Api, BearerTokensGuardTheirGroups) {
  auto cfg = test_config();
  cfg.auth.api_tokens = {"api-token-0123456789", "api-token-second-one"};
  cfg.auth.ops_tokens = {"ops-token-0123456789"};
  running s(cfg);
  http_client c(s.port());
  auto res = c.request(verb::post, "/predict", R"({"text": "x"})");
  expect_problem(res, status::unauthorized);
  EXPECT_EQ(res[field::www_authenticate], "Bearer");
  EXPECT_EQ(res.body().find("api-token"), std::string::npos);

  auto with = [&](const std::string& target, const std::string& token, verb v = verb::post) {
    boost::beast::http::request<boost::beast::http::string_body> req{v, target, 11};
    req.set(field::host, "x");
    req.set(field::authorization, "Bearer " + token);
    if (v == verb::post) {
      req.set(field::content_type, "application/json");
      req.body() = R"({"text": "x"})";
    }
    req.prepare_payload();
    std::ostringstream raw;
    raw << req;
    c.send_raw(raw.str());
    return c.read();
  };
  expect_problem(with("/predict", "api-token-0123456780"), status::unauthorized);
  EXPECT_EQ(with("/predict", "api-token-second-one").result(), status::ok);
  expect_problem(with("/metrics", "api-token-0123456789", verb::get), status::unauthorized);
  EXPECT_EQ(with("/metrics", "ops-token-0123456789", verb::get).result(), status::ok);
  EXPECT_EQ(c.get("/healthz").result(), status::ok); // health stays open
}

TEST(Api, RateLimitAnswers429WithRetryAfter) {
  auto cfg = test_config();
  cfg.rate_limit.requests_per_second = 0.5;
  cfg.rate_limit.burst = 2;
  running s(cfg);
  http_client c(s.port());
  EXPECT_EQ(c.request(verb::post, "/predict", R"({"text": "a"})").result(), status::ok);
  EXPECT_EQ(c.request(verb::post, "/predict", R"({"text": "b"})").result(), status::ok);
  auto res = c.request(verb::post, "/predict", R"({"text": "c"})");
  expect_problem(res, status::too_many_requests);
  EXPECT_EQ(res[field::retry_after], "2");
}

TEST(Api, KeepAliveServesManyRequestsOnOneConnection) {
  running s;
  http_client c(s.port());
  for (int i = 0; i < 200; ++i)
    ASSERT_EQ(c.request(verb::post, "/predict", R"({"text": "hello number )" + std::to_string(i) + "\"}").result(),
              status::ok);
}

TEST(Api, SlowRequestIsCutOffAtReadTimeout) {
  auto cfg = test_config();
  cfg.server.read_timeout = 300ms;
  running s(cfg);
  http_client c(s.port());
  c.send_raw("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"); // and then nothing
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_by_server());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1900ms);
}

TEST(Api, IdleConnectionIsClosedAtIdleTimeout) {
  auto cfg = test_config();
  cfg.server.idle_timeout = 200ms;
  running s(cfg);
  http_client c(s.port());
  EXPECT_EQ(c.get("/healthz").result(), status::ok);
  EXPECT_TRUE(c.closed_by_server());
}

TEST(Api, ConnectionsPastTheCapAreRefused) {
  auto cfg = test_config();
  cfg.server.max_connections = 1;
  running s(cfg);
  http_client first(s.port());
  EXPECT_EQ(first.get("/healthz").result(), status::ok);
  http_client second(s.port());
  EXPECT_TRUE(second.closed_by_server());
  EXPECT_EQ(first.get("/healthz").result(), status::ok);
}
