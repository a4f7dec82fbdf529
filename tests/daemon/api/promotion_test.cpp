// Promoting a candidate model and rolling back: a real server reloading real model files, a real
// SQLite file recording each step, real HTTP on loopback; and the same from the command line.
#include "daemon/models/model_loader.hpp"
#include "daemon/app/server.hpp"

#include "support/cli_runner.hpp"
#include "support/http_client.hpp"
#include "support/loopback_config.hpp"
#include "support/running_server.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <filesystem>
#include <fstream>

using namespace hatewatch::daemon;
using hatewatch::test::http_client;
using verb = boost::beast::http::verb;
using status = boost::beast::http::status;
namespace fs = std::filesystem;

namespace {

const std::string promoter = "carol-promoter-token-0123";
const std::string moderator = "dave-moderator-token-0123";

std::string version_of(const fs::path& file) {
  return load_model_file(file)->version();
}

struct fixture {
  hatewatch::test::temp_dir dir;
  fs::path live = dir.path() / "live.hwm";
  fs::path candidates = dir.path() / "candidates";
  std::unique_ptr<hatewatch::test::running_server> daemon;
  std::unique_ptr<http_client> client;

  fs::path news_model = dir.path() / "news.hwm"; // a source's own model, with with_source_model

  explicit fixture(bool with_source_model = false) {
    fs::copy_file(HATEWATCH_SOURCE_DIR "/models/forums.hwm", live);
    fs::create_directory(candidates);
    fs::copy_file(HATEWATCH_SOURCE_DIR "/models/davidson2017.hwm", candidates / "davidson.hwm");
    std::ofstream(candidates / "broken.hwm") << "not a model";
    auto cfg = hatewatch::test::loopback_config();
    cfg.model.path = live;
    cfg.model.candidates = candidates;
    cfg.storage.path = dir.path() / "promotions.db";
    cfg.console.users = {{"carol", promoter, "", true}, {"dave", moderator, "", false}};
    source_config forum;
    forum.name = "forum";
    forum.kind = source_kind::generic;
    cfg.sources.push_back(forum);
    if (with_source_model) {
      fs::copy_file(HATEWATCH_SOURCE_DIR "/models/davidson2017.hwm", news_model);
      source_config news;
      news.name = "news";
      news.model = news_model;
      cfg.sources.push_back(news);
    }
    daemon = std::make_unique<hatewatch::test::running_server>(cfg);
    client = std::make_unique<http_client>(daemon->port());
  }
  hatewatch::test::response call(verb method, const std::string& target, const std::string& token,
                                 const std::string& body = "") {
    return client->request(method, target, body, body.empty() ? "" : "application/json",
                           {{"Authorization", "Bearer " + token}});
  }
  boost::json::object json(const hatewatch::test::response& res) { return boost::json::parse(res.body()).as_object(); }
  std::string serving() {
    return std::string(boost::json::parse(client->get("/").body()).at("model").as_string());
  }
  void decide_some() {
    const auto res = client->request(verb::post, "/webhooks/generic/forum",
                                     R"([{"id":"1","text":"go back to africa you monkey"},)"
                                     R"({"id":"2","text":"thanks for the recipe, see you on sunday"},)"
                                     R"({"id":"3","text":"what a lovely picture of the lake"}])");
    ASSERT_EQ(res.result(), status::ok) << res.body();
    const auto body = json(res);
    const char* labels[] = {"hate speech", "neither", "neither"};
    for (std::size_t i = 0; i < 3; ++i) {
      const auto id = body.at("results").at(i).at("comment_id").as_int64();
      ASSERT_EQ(call(verb::post, "/v1/comments/" + std::to_string(id) + "/review", moderator,
                     std::string(R"({"label":")") + labels[i] + "\"}")
                    .result(),
                status::created);
    }
  }
};

} // namespace

TEST(Promotion, APromoterPutsACandidateLiveAndRollsBack) {
  fixture f;
  const auto forums = version_of(f.live);
  const auto davidson = version_of(f.candidates / "davidson.hwm");
  ASSERT_NE(forums, davidson);
  f.decide_some();

  const auto listed = f.json(f.call(verb::get, "/v1/models", moderator));
  EXPECT_EQ(listed.at("live").at("version").as_string(), forums);
  EXPECT_TRUE(listed.at("previous").is_null());
  const auto& candidates = listed.at("candidates").as_array();
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0].at("file").as_string(), "broken.hwm");
  EXPECT_TRUE(candidates[0].as_object().contains("error"));
  EXPECT_EQ(candidates[1].at("version").as_string(), davidson);

  const auto evaluated = f.call(verb::post, "/v1/models/evaluate", moderator, R"({"candidate":"davidson.hwm"})");
  ASSERT_EQ(evaluated.result(), status::ok) << evaluated.body();
  EXPECT_EQ(f.json(evaluated).at("n").as_int64(), 3);
  EXPECT_EQ(f.json(evaluated).at("live").as_string(), forums);

  // Only a moderator allowed to promote may.
  EXPECT_EQ(f.call(verb::post, "/v1/models/promote", moderator, R"({"candidate":"davidson.hwm"})").result(),
            status::forbidden);
  EXPECT_EQ(f.serving(), forums);

  const auto promoted =
      f.call(verb::post, "/v1/models/promote", promoter, R"({"candidate":"davidson.hwm","note":"try it"})");
  ASSERT_EQ(promoted.result(), status::created) << promoted.body();
  const auto p = f.json(promoted);
  EXPECT_EQ(p.at("from").as_string(), forums);
  EXPECT_EQ(p.at("to").as_string(), davidson);
  EXPECT_EQ(p.at("actor").as_string(), "carol");
  EXPECT_EQ(p.at("evaluation").at("n").as_int64(), 3);
  EXPECT_EQ(f.serving(), davidson) << "reloaded";
  EXPECT_EQ(version_of(f.live), davidson);
  EXPECT_EQ(version_of(fs::path(f.live.string() + ".previous")), forums);
  // Scores from now on carry the new version.
  ASSERT_EQ(f.client->request(verb::post, "/webhooks/generic/forum", R"({"id":"4","text":"hello there"})").result(),
            status::ok);
  EXPECT_EQ(f.json(f.call(verb::get, "/v1/comments?limit=1", moderator)).at("comments").at(0).at("score").at("model").as_string(),
            davidson);

  const auto back = f.call(verb::post, "/v1/models/rollback", promoter, "");
  ASSERT_EQ(back.result(), status::created) << back.body();
  EXPECT_EQ(f.json(back).at("to").as_string(), forums);
  EXPECT_EQ(f.serving(), forums);
  EXPECT_EQ(version_of(fs::path(f.live.string() + ".previous")), davidson) << "a second rollback would undo it";

  const auto history = f.json(f.call(verb::get, "/v1/models", moderator));
  const auto& promotions = history.at("promotions").as_array();
  ASSERT_EQ(promotions.size(), 2u);
  EXPECT_EQ(promotions[0].at("kind").as_string(), "rollback");
  EXPECT_EQ(promotions[1].at("kind").as_string(), "promote");
  EXPECT_EQ(promotions[1].at("note").as_string(), "try it");
  EXPECT_EQ(history.at("previous").at("version").as_string(), davidson);
}

TEST(Promotion, BadCandidatesAreRefusedAndTheLiveModelStays) {
  fixture f;
  const auto forums = version_of(f.live);
  for (const auto* body : {R"({"candidate":"../live.hwm"})", R"({"candidate":"x.bin"})", R"({})"})
    EXPECT_EQ(f.call(verb::post, "/v1/models/promote", promoter, body).result(), status::bad_request) << body;
  EXPECT_EQ(f.call(verb::post, "/v1/models/promote", promoter, R"({"candidate":"missing.hwm"})").result(),
            status::not_found);
  const auto broken = f.call(verb::post, "/v1/models/promote", promoter, R"({"candidate":"broken.hwm"})");
  EXPECT_EQ(broken.result(), status::unprocessable_entity) << broken.body();
  fs::copy_file(f.live, f.candidates / "same.hwm");
  const auto same = f.call(verb::post, "/v1/models/promote", promoter, R"({"candidate":"same.hwm"})");
  EXPECT_EQ(same.result(), status::unprocessable_entity) << same.body();
  const auto no_previous = f.call(verb::post, "/v1/models/rollback", promoter, "");
  EXPECT_EQ(no_previous.result(), status::unprocessable_entity) << no_previous.body();
  EXPECT_EQ(f.serving(), forums);
  EXPECT_EQ(version_of(f.live), forums);
  EXPECT_FALSE(fs::exists(f.live.string() + ".previous"));
  EXPECT_EQ(f.call(verb::post, "/v1/models/evaluate", moderator, R"({"candidate":"davidson.hwm"})").result(),
            status::unprocessable_entity)
      << "no decisions to compare on";
}

// Issue 29, defect 2: a reload refused for a reason that is not the candidate's (a source's own
// model file gone) left the candidate as <live>.previous, so that a rollback put live a model that
// never was. Now every file is as it was, and the answer says why.
TEST(Promotion, AReloadRefusedForAnotherReasonLeavesLiveAndPreviousAsTheyWere) {
  fixture f(true);
  const auto forums = version_of(f.live);
  const auto previous = f.live.string() + ".previous";
  fs::remove(f.news_model);
  const auto refused = f.call(verb::post, "/v1/models/promote", promoter, R"({"candidate":"davidson.hwm"})");
  EXPECT_EQ(refused.result(), status::unprocessable_entity) << refused.body();
  EXPECT_NE(refused.body().find("news.hwm"), std::string::npos) << "the actual reason: " << refused.body();
  EXPECT_EQ(version_of(f.live), forums);
  EXPECT_FALSE(fs::exists(previous)) << "no previous model before, none after";
  EXPECT_FALSE(fs::exists(previous + ".kept"));
  EXPECT_EQ(f.serving(), forums);
  EXPECT_EQ(f.call(verb::post, "/v1/models/rollback", promoter).result(), status::unprocessable_entity)
      << "nothing to roll back to";
  EXPECT_EQ(version_of(f.live), forums);

  // With the file back: the promotion goes through and answers with the id it recorded; the older
  // previous it replaces is dropped.
  fs::copy_file(HATEWATCH_SOURCE_DIR "/models/davidson2017.hwm", f.news_model);
  const auto promoted = f.call(verb::post, "/v1/models/promote", promoter, R"({"candidate":"davidson.hwm"})");
  ASSERT_EQ(promoted.result(), status::created) << promoted.body();
  EXPECT_EQ(f.json(promoted).at("id").as_int64(), 1) << "the promotions row's id, not 0";
  EXPECT_EQ(version_of(previous), forums);
  EXPECT_FALSE(fs::exists(previous + ".kept"));
  const auto rolled = f.call(verb::post, "/v1/models/rollback", promoter);
  ASSERT_EQ(rolled.result(), status::created) << rolled.body();
  EXPECT_EQ(f.json(rolled).at("id").as_int64(), 2);
  EXPECT_EQ(promoted.at(boost::beast::http::field::cache_control), "no-store") << "a /v1/ answer";
}

TEST(Promotion, TheCommandLinePromotesAndRollsBack) {
  hatewatch::test::temp_dir dir;
  const auto live = dir.path() / "live.hwm";
  fs::copy_file(HATEWATCH_SOURCE_DIR "/models/forums.hwm", live);
  const auto cfg = dir.path() / "hatewatch.yaml";
  std::ofstream(cfg) << "model:\n  path: " << live.string() << "\n";
  const auto forums = version_of(live);
  const auto promoted = hatewatch::test::run_cli(
      {"promote", "--config", cfg.string(), "--model", HATEWATCH_SOURCE_DIR "/models/davidson2017.hwm"});
  ASSERT_EQ(promoted.code, 0) << promoted.err;
  EXPECT_NE(promoted.out.find("systemctl reload hatewatch"), std::string::npos) << promoted.out;
  EXPECT_NE(version_of(live), forums);
  const auto back = hatewatch::test::run_cli({"promote", "--config", cfg.string(), "--rollback"});
  ASSERT_EQ(back.code, 0) << back.err;
  EXPECT_EQ(version_of(live), forums);
  const auto neither = hatewatch::test::run_cli({"promote", "--config", cfg.string()});
  EXPECT_EQ(neither.code, 1);
  EXPECT_NE(neither.err.find("give --model CANDIDATE, or --rollback"), std::string::npos) << neither.err;
}

TEST(SourceModels, EachSourceIsScoredByItsOwnModel) {
  hatewatch::test::temp_dir dir;
  auto cfg = hatewatch::test::loopback_config();
  cfg.storage.path = dir.path() / "sources.db";
  cfg.auth.read_tokens = {moderator};
  source_config forum, news;
  forum.name = "forum";
  news.name = "news";
  news.model = HATEWATCH_SOURCE_DIR "/models/davidson2017.hwm";
  cfg.sources = {forum, news};
  hatewatch::test::running_server daemon(cfg);
  http_client client(daemon.port());
  const auto forums = version_of(HATEWATCH_SOURCE_DIR "/models/forums.hwm");
  const auto davidson = version_of(HATEWATCH_SOURCE_DIR "/models/davidson2017.hwm");
  auto stored_model = [&](const std::string& source) {
    const auto res = client.request(verb::post, "/webhooks/generic/" + source,
                                    R"({"id":"1","text":"you people are all the same, go back home"})");
    EXPECT_EQ(res.result(), status::ok) << res.body();
    const auto id = boost::json::parse(res.body()).at("results").at(0).at("comment_id").as_int64();
    const auto one = client.request(verb::get, "/v1/comments/" + std::to_string(id), "", "",
                                    {{"Authorization", "Bearer " + moderator}});
    return std::string(boost::json::parse(one.body()).at("scores").at(0).at("model").as_string());
  };
  EXPECT_EQ(stored_model("forum"), forums);
  EXPECT_EQ(stored_model("news"), davidson);
  EXPECT_EQ(std::string(boost::json::parse(client.get("/").body()).at("model").as_string()), forums)
      << "the daemon's model is still model.path";
}

TEST(SourceModels, AMissingSourceModelIsRefusedAtStart) {
  auto cfg = hatewatch::test::loopback_config();
  source_config news;
  news.name = "news";
  news.model = "/nonexistent/news.hwm";
  cfg.sources = {news};
  try {
    hatewatch::test::running_server daemon(cfg);
    ADD_FAILURE() << "started without the source's model";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/news.hwm"), std::string::npos) << e.what();
  }
}
