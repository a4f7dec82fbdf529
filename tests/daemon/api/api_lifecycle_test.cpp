// The daemon around its routes: reloading and missing models, readiness with a failing store or
// while draining, store reads on the reader threads, and 503 with Retry-After in every API family.
#include "api_fixture.hpp"

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
  hatewatch::daemon::service svc(hatewatch::daemon::api_settings_of(cfg), hatewatch::daemon::load_model_file(shipped_model));
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
  hatewatch::daemon::service svc{hatewatch::daemon::api_settings_of(cfg), hatewatch::daemon::load_model_file(shipped_model)};
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
  hatewatch::daemon::service svc(hatewatch::daemon::api_settings_of(cfg), std::shared_ptr<const hatewatch::daemon::model_set>());
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
  hatewatch::daemon::service svc(hatewatch::daemon::api_settings_of(cfg), hatewatch::daemon::load_model_file(shipped_model));
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
