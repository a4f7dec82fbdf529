// The HTTP API end to end: a real server on an ephemeral loopback port, real HTTP requests.
#include "daemon/app/server.hpp"

#include "daemon/api/routes.hpp"
#include "daemon/api/service.hpp"
#include "daemon/models/model_loader.hpp"
#include "daemon/store/errors.hpp"
#include "daemon/store/reader.hpp"
#include "daemon/store/writer.hpp"
#include "daemon/base/unavailable.hpp"

#include "core/model_file.hpp"
#include "core/trainer.hpp"
#include "support/http_client.hpp"
#include "support/running_server.hpp"
#include "support/loopback_config.hpp"
#include "support/temp_dir.hpp"
#include "support/tiny_corpus.hpp"

#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <boost/json/parse.hpp>

#include <fstream>
#include <future>
#include <thread>

using namespace hatewatch::daemon;
using hatewatch::test::http_client;
using verb = boost::beast::http::verb;
using status = boost::beast::http::status;
using field = boost::beast::http::field;
using namespace std::chrono_literals;

using running = hatewatch::test::running_server;
namespace {

const std::string shipped_model = HATEWATCH_SOURCE_DIR "/models/forums.hwm";

config test_config() {
  return hatewatch::test::loopback_config();
}

boost::json::object json(const hatewatch::test::response& res) {
  return boost::json::parse(res.body()).as_object();
}

void expect_problem(const hatewatch::test::response& res, status expected) {
  EXPECT_EQ(res.result(), expected) << res.body();
  EXPECT_EQ(res[field::content_type], "application/problem+json");
  const auto body = json(res);
  EXPECT_EQ(body.at("status").as_int64(), static_cast<int>(expected));
  EXPECT_TRUE(body.contains("title") && body.contains("detail") && body.contains("type"));
}

double sum_of(const boost::json::object& o) {
  return o.at("hate speech").as_double() + o.at("offensive language").as_double() + o.at("neither").as_double();
}

} // namespace

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

TEST(Api, ReloadSwapsTheModelAndRejectsABadOne) {
  hatewatch::test::temp_dir dir;
  const auto model_path = dir.path() / "live.hwm";
  std::filesystem::copy_file(shipped_model, model_path);
  auto cfg = test_config();
  cfg.model.path = model_path;
  running s(cfg);
  http_client c(s.port());
  const std::string before(json(c.get("/readyz")).at("model").as_string());

  {
    std::ofstream out(model_path, std::ios::binary | std::ios::trunc);
    hatewatch::core::write_model(
        hatewatch::core::train(hatewatch::test::tiny_corpus(), hatewatch::test::tiny_options(), {}, {{"name", "tiny"}}),
        out);
  }
  EXPECT_TRUE(s.get().reload());
  const std::string after(json(c.get("/readyz")).at("model").as_string());
  EXPECT_EQ(after.rfind("tiny-", 0), 0u) << after;
  EXPECT_NE(after, before);

  std::ofstream(model_path, std::ios::binary | std::ios::trunc) << "HWMODEL"; // corrupt
  EXPECT_FALSE(s.get().reload());
  EXPECT_EQ(json(c.get("/readyz")).at("model").as_string(), after);
  EXPECT_EQ(c.request(verb::post, "/predict", R"({"text": "x"})").result(), status::ok);
  EXPECT_NE(c.get("/metrics").body().find("hatewatch_reloads_total{result=\"failed\"} 1"), std::string::npos);
}

TEST(Api, StartFailsOnAMissingModel) {
  auto cfg = test_config();
  cfg.model.path = "/nonexistent/model.hwm";
  server s(cfg);
  EXPECT_THROW(s.start(false), std::exception);
}

TEST(Api, ReadyzReportsAStoreThatFailsEveryWrite) {
  // A store whose writes fail (here: the file capped at its size, as a full disk) answers 503 on
  // /readyz with the reason, and ready again once a write commits.
  hatewatch::test::temp_dir dir;
  auto cfg = test_config();
  cfg.storage.path = dir.path() / "ready.db";
  store::writer w(cfg.storage);
  w.start();
  hatewatch::daemon::service svc(cfg, hatewatch::daemon::load_model_file(shipped_model));
  svc.attach_store(&w, nullptr);
  const auto routes = hatewatch::daemon::make_api_routes(svc);
  string_request req{verb::get, "/readyz", 11};
  const auto ok = routes->dispatch(req);
  EXPECT_EQ(ok.result(), status::ok);
  EXPECT_NE(ok.body().find("\"storage\":\"ok\""), std::string::npos) << ok.body();

  EXPECT_THROW(w.run_and_wait([](store::write_context& ctx) {
    auto count = ctx.db().prepare("PRAGMA page_count");
    count.executeStep();
    const auto pages = count.getColumn(0).getInt64();
    ctx.db().exec("PRAGMA max_page_count = " + std::to_string(pages));
    ctx.db().exec("CREATE TABLE filler (x TEXT)");
    ctx.db().exec("INSERT INTO filler VALUES (zeroblob(100000))");
  }),
               store::store_unavailable);
  try {
    routes->dispatch(req);
    FAIL() << "expected 503";
  } catch (const http_error& e) {
    EXPECT_EQ(e.status(), status::service_unavailable);
    EXPECT_NE(std::string(e.what()).find("storage: "), std::string::npos) << e.what();
  }
  w.run_and_wait([](store::write_context& ctx) { ctx.db().exec("PRAGMA max_page_count = 1073741823"); });
  EXPECT_EQ(routes->dispatch(req).result(), status::ok);
}

namespace {

// The API routes over a store of their own, neither started: each test starts what it needs.
struct store_routes {
  hatewatch::test::temp_dir dir;
  config cfg = [this] {
    auto c = test_config();
    c.storage.path = dir.path() / "reads.db";
    c.auth.read_tokens = {"reader-token-0123456789"};
    return c;
  }();
  store::writer writer{cfg.storage};
  store::reader reader{cfg.storage};
  hatewatch::daemon::service svc{cfg, hatewatch::daemon::load_model_file(shipped_model)};
  std::shared_ptr<router> routes = [this] {
    svc.attach_store(&writer, &reader);
    return hatewatch::daemon::make_api_routes(svc);
  }();
};

} // namespace

TEST(Api, StoreReadsRunOnTheReaderThreadsNotTheDispatchingOne) {
  // /v1/comments, /v1/comments/{id}, /v1/alerts and /metrics query SQLite; the I/O thread that
  // dispatches them must not wait for that. With the reader not yet started, each dispatch returns
  // unanswered; once it starts, each answer arrives from a reader thread.
  store_routes f;
  f.writer.start();
  auto& r = f.reader;
  const auto& routes = f.routes;

  struct answer {
    std::promise<std::thread::id> thread;
    std::promise<unsigned> status;
  };
  const std::vector<std::string> targets = {"/v1/comments", "/v1/comments/1", "/v1/alerts", "/metrics"};
  std::vector<std::shared_ptr<answer>> answers;
  std::vector<std::future<std::thread::id>> threads;
  std::vector<std::future<unsigned>> statuses;
  for (const auto& target : targets) {
    string_request req{verb::get, target, 11};
    req.set(field::authorization, "Bearer reader-token-0123456789");
    auto a = std::make_shared<answer>();
    threads.push_back(a->thread.get_future());
    statuses.push_back(a->status.get_future());
    route_match m;
    routes->dispatch(req, m, [a](std::exception_ptr e, string_response res) {
      a->thread.set_value(std::this_thread::get_id());
      unsigned code = res.result_int();
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const http_error& h) {
          code = static_cast<unsigned>(h.status());
        } catch (...) {
          code = 500;
        }
      }
      a->status.set_value(code);
    });
    answers.push_back(a);
  }
  for (std::size_t i = 0; i < targets.size(); ++i)
    EXPECT_EQ(threads[i].wait_for(0s), std::future_status::timeout) << targets[i] << " was answered on the dispatching thread";
  r.start();
  for (std::size_t i = 0; i < targets.size(); ++i) {
    ASSERT_EQ(threads[i].wait_for(30s), std::future_status::ready) << targets[i];
    EXPECT_NE(threads[i].get(), std::this_thread::get_id()) << targets[i];
  }
  EXPECT_EQ(statuses[0].get(), 200u);
  EXPECT_EQ(statuses[1].get(), 404u); // no comment 1: the 404 comes from the reader thread too
  EXPECT_EQ(statuses[2].get(), 200u);
  EXPECT_EQ(statuses[3].get(), 200u);
  r.stop();
}

TEST(Api, AStoppedReaderAnswers503) {
  store_routes f;
  f.reader.stop();
  const auto& routes = f.routes;
  string_request req{verb::get, "/v1/comments", 11};
  req.set(field::authorization, "Bearer reader-token-0123456789");
  EXPECT_THROW(routes->dispatch(req), store::store_unavailable);
  // /metrics still answers, without the outbox counts.
  const auto metrics = routes->dispatch(string_request{verb::get, "/metrics", 11});
  EXPECT_EQ(metrics.result(), status::ok);
  EXPECT_EQ(metrics.body().find("hatewatch_alerts{"), std::string::npos);
  EXPECT_NE(metrics.body().find("hatewatch_store_queue_depth"), std::string::npos);
}

TEST(Api, NoModelIsUnavailableWithRetryAfterInEveryFamily) {
  // "No model" used to be a 503 in four places, with Retry-After only on webhooks. Now it is one
  // unavailable_error: the session answers 503 + Retry-After (problem+json), and the Perspective and
  // OpenAI envelopes answer the same status and header in their own shapes.
  auto cfg = test_config();
  cfg.perspective.keys = {"AIzaSyExampleKeyForTests0123"};
  hatewatch::daemon::service svc(cfg, std::shared_ptr<const hatewatch::daemon::model_set>());
  const auto routes = hatewatch::daemon::make_api_routes(svc);
  auto post = [&](const std::string& target, const std::string& body) {
    string_request req{verb::post, target, 11};
    req.set(field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    return req;
  };
  EXPECT_THROW(routes->dispatch(post("/predict", R"({"text":"x"})")), hatewatch::daemon::unavailable_error);
  for (const auto& target : {std::string("/v1/moderations"),
                             std::string("/v1alpha1/comments:analyze?key=AIzaSyExampleKeyForTests0123")}) {
    const auto res = routes->dispatch(post(target, R"({"input":"x","comment":{"text":"x"},"requestedAttributes":{"TOXICITY":{}}})"));
    EXPECT_EQ(res.result(), status::service_unavailable) << target << ": " << res.body();
    EXPECT_EQ(res[field::retry_after], "5") << target;
    EXPECT_NE(res.body().find("no model is loaded"), std::string::npos) << res.body();
  }
}

TEST(Api, ReadyzIs503WhileDraining) {
  auto cfg = test_config();
  hatewatch::daemon::service svc(cfg, hatewatch::daemon::load_model_file(shipped_model));
  const auto routes = hatewatch::daemon::make_api_routes(svc);
  string_request req{verb::get, "/readyz", 11};
  EXPECT_EQ(routes->dispatch(req).result(), status::ok);
  svc.set_draining();
  try {
    routes->dispatch(req);
    FAIL() << "expected 503";
  } catch (const http_error& e) {
    EXPECT_EQ(e.status(), status::service_unavailable);
  }
}
