// model.by_language end to end: a real server routes each comment to the model of its language
// (here a small German model trained on a fixture), in webhook intake and in every scoring API;
// languages no model reads stay unscored; a model that does not list its language is refused.
#include "daemon/app/server.hpp"

#include "support/http_client.hpp"
#include "support/language_models.hpp"
#include "support/loopback_config.hpp"
#include "support/running_server.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <memory>

using namespace hatewatch::daemon;
using hatewatch::test::http_client;
using hatewatch::test::json;
using verb = boost::beast::http::verb;
using status = boost::beast::http::status;

namespace {

const std::string perspective_key = "AIzaSyExampleKeyForTests0123";
// Ordinary German around the fixture's placeholder for hate ("hasswort"), in sentences the German
// model never saw; the English model calls such text "neither".
const std::string german_hate = "Ich finde, alle hasswort sollten sofort aus unserer Stadt verschwinden";
const std::string german_clean = "Wir treffen uns am Sonntag zum Frühstück bei meiner Schwester im Garten";
const std::string french = "Ces gens devraient tous quitter notre pays immédiatement et ne jamais revenir";
const std::string english = "thanks for the recipe, see you all at the meetup on sunday";

std::string text_body(const std::string& text) {
  return boost::json::serialize(boost::json::object{{"text", text}});
}

config routing_config(const hatewatch::test::temp_dir& dir, const std::filesystem::path& german) {
  auto cfg = hatewatch::test::loopback_config();
  cfg.model.by_language = {{"de", german}};
  cfg.storage.path = dir.path() / "routing.db";
  cfg.perspective.keys = {perspective_key};
  source_config forum;
  forum.name = "forum";
  forum.kind = source_kind::generic;
  forum.hate_speech_threshold = 0.5;
  cfg.sources.push_back(forum);
  return cfg;
}

struct fixture {
  hatewatch::test::temp_dir dir;
  std::filesystem::path german = hatewatch::test::train_german_model(dir.path() / "de.hwm");
  hatewatch::test::running_server daemon{routing_config(dir, german)};
  http_client client{daemon.port()};

  boost::json::object predict(const std::string& text, const std::string& query = "") {
    const auto res = client.request(verb::post, "/predict" + query, text_body(text));
    EXPECT_EQ(res.result(), status::ok) << res.body();
    return json(res);
  }
  hatewatch::test::response analyze(const std::string& text, const std::string& languages) {
    std::string body = R"({"comment":{"text":)" + boost::json::serialize(boost::json::string(text)) +
                       R"(},"requestedAttributes":{"TOXICITY":{}})";
    if (!languages.empty())
      body += ",\"languages\":" + languages;
    return client.request(verb::post, "/v1alpha1/comments:analyze?key=" + perspective_key, body + "}");
  }
};

} // namespace

TEST(LanguageRouting, EachCommentIsScoredByTheModelOfItsLanguage) {
  fixture f;
  // /predict: the German text by the German model, which it names; English by the default model.
  const auto de = f.predict(german_hate);
  EXPECT_EQ(de.at("language").at("code").as_string(), "de");
  EXPECT_TRUE(de.at("language").at("supported").as_bool());
  EXPECT_EQ(std::string(de.at("model").as_string()).rfind("de-", 0), 0u) << de;
  EXPECT_GT(de.at("hate speech").as_double(), 0.5) << de;
  const auto clean = f.predict(german_clean);
  EXPECT_LT(clean.at("hate speech").as_double(), 0.5) << clean;
  EXPECT_EQ(clean.at("language").at("code").as_string(), "de");
  // The default model alone, asked for its scores anyway, calls the hateful one harmless.
  const auto en = f.predict(english);
  EXPECT_EQ(en.at("language").at("code").as_string(), "en");
  EXPECT_FALSE(en.contains("model")); // the default model, as /v1/score's "model" names it
  EXPECT_TRUE(en.at("hate speech").is_double());
  // A language no model reads is still not scored.
  const auto fr = f.predict(french);
  EXPECT_TRUE(fr.at("hate speech").is_null());
  EXPECT_TRUE(fr.at("unsupported_language").as_bool());

  // /v1/score, in one batch.
  const auto batch = json(f.client.request(
      verb::post, "/v1/score",
      boost::json::serialize(boost::json::object{
          {"comments", boost::json::array{boost::json::object{{"id", 1}, {"text", german_hate}},
                                          boost::json::object{{"id", 2}, {"text", english}}}}})));
  const auto& results = batch.at("results").as_array();
  EXPECT_EQ(results[0].at("model"), de.at("model"));
  EXPECT_DOUBLE_EQ(results[0].at("hate speech").as_double(), de.at("hate speech").as_double());
  EXPECT_FALSE(results[1].as_object().contains("model"));

  // Webhook intake stores the German comment scored, by the German model, and flags it.
  const auto stored = f.client.request(
      verb::post, "/webhooks/generic/forum",
      boost::json::serialize(boost::json::array{boost::json::object{{"id", "g1"}, {"text", german_hate}},
                                                boost::json::object{{"id", "f1"}, {"text", french}},
                                                boost::json::object{{"id", "e1"}, {"text", english}}}));
  ASSERT_EQ(stored.result(), status::ok) << stored.body();
  const auto stored_body = json(stored);
  const auto& r = stored_body.at("results").as_array();
  EXPECT_TRUE(r[0].at("flagged").as_bool()) << stored.body();
  EXPECT_FALSE(r[0].as_object().contains("unsupported_language"));
  EXPECT_TRUE(r[1].at("unsupported_language").as_bool());
  SQLite::Database db(f.dir.path() / "routing.db", SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT c.external_id, s.model_version, s.language, s.unsupported, s.flagged"
                          " FROM comments c JOIN scores s ON s.comment_id = c.id ORDER BY c.external_id");
  std::vector<std::string> rows;
  while (q.executeStep())
    rows.push_back(q.getColumn(0).getString() + " " + q.getColumn(1).getString().substr(0, 3) + " " +
                   q.getColumn(2).getString() + " " + q.getColumn(3).getString() + " " + q.getColumn(4).getString());
  EXPECT_EQ(rows, (std::vector<std::string>{"e1 for en 0 0", "f1 for fr 1 0", "g1 de- de 0 1"}));

  // /metrics names each model.
  const auto metrics = f.client.get("/metrics").body();
  EXPECT_NE(metrics.find("hatewatch_model_info{version=\"" + std::string(de.at("model").as_string()) +
                         "\",language=\"de\"} 1\n"),
            std::string::npos)
      << metrics;
}

TEST(LanguageRouting, PerspectiveAndOpenAIReadTheLanguagesOfEveryModel) {
  fixture f;
  // Named: scored by that language's model, and echoed.
  const auto named = f.analyze(german_hate, R"(["de"])");
  ASSERT_EQ(named.result(), status::ok) << named.body();
  const auto nb = json(named);
  EXPECT_GT(nb.at("attributeScores").at("TOXICITY").at("summaryScore").at("value").as_double(), 0.5) << nb;
  EXPECT_EQ(nb.at("languages"), (boost::json::array{"de"}));
  // Not named: found, and routed.
  const auto found = json(f.analyze(german_hate, ""));
  EXPECT_EQ(found.at("detectedLanguages"), (boost::json::array{"de"}));
  EXPECT_EQ(found.at("languages"), (boost::json::array{"de"}));
  EXPECT_EQ(found.at("attributeScores"), nb.at("attributeScores"));
  // A region subtag is read by the language's model; a language no model reads is Google's error.
  EXPECT_EQ(f.analyze(german_hate, R"(["de-AT"])").result(), status::ok);
  const auto fr = f.analyze(french, R"(["fr"])");
  EXPECT_EQ(fr.result(), status::bad_request);
  EXPECT_NE(fr.body().find("LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"), std::string::npos) << fr.body();

  // OpenAI's shape: the German text is scored (by the German model), a French one still fails.
  const auto ok = f.client.request(verb::post, "/v1/moderations",
                                   boost::json::serialize(boost::json::object{{"input", german_hate}}));
  ASSERT_EQ(ok.result(), status::ok) << ok.body();
  EXPECT_GT(json(ok).at("results").at(0).at("category_scores").at("hate").as_double(), 0.5) << ok.body();
  const auto no = f.client.request(verb::post, "/v1/moderations",
                                   boost::json::serialize(boost::json::object{{"input", french}}));
  EXPECT_EQ(no.result(), status::bad_request);
  EXPECT_NE(no.body().find("it reads en, de"), std::string::npos) << no.body();
}

TEST(LanguageRouting, AModelThatDoesNotListItsLanguageIsRefused) {
  hatewatch::test::temp_dir dir;
  const auto english_only = hatewatch::test::train_german_model(dir.path() / "en.hwm", "en");
  // At start: the daemon does not start, and says why.
  {
    server s(routing_config(dir, english_only));
    try {
      s.start(false);
      ADD_FAILURE() << "started with a by_language model that does not read its language";
    } catch (const config_error& e) {
      EXPECT_NE(std::string(e.what()).find("model.by_language.de: " + english_only.string() + " reads en, not de"),
                std::string::npos)
          << e.what();
    }
  }
  // At a reload: rejected, and the running set keeps routing.
  const auto german = hatewatch::test::train_german_model(dir.path() / "de.hwm");
  hatewatch::test::running_server s(routing_config(dir, german));
  http_client c(s.port());
  std::filesystem::copy_file(english_only, german, std::filesystem::copy_options::overwrite_existing);
  EXPECT_FALSE(s.get().reload());
  const auto de = json(c.request(verb::post, "/predict", text_body(german_hate)));
  EXPECT_EQ(std::string(de.at("model").as_string()).rfind("de-", 0), 0u) << de;
  EXPECT_NE(c.get("/metrics").body().find("hatewatch_reloads_total{result=\"failed\"} 1"), std::string::npos);
  // A German model again: taken.
  hatewatch::test::train_german_model(german);
  EXPECT_TRUE(s.get().reload());
}
