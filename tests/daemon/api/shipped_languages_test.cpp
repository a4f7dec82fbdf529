// The shipped language models end to end, as the example config routes them: a comment posted to a
// real daemon's webhook in German, Portuguese or Danish is scored by the model of its language,
// stored with it, flagged by the source's thresholds and alerted to a real webhook receiver; a
// Danish (or Turkish, from a fixture model: none ships) comment, scored by a model that tells only
// neither from the rest, is flagged by thresholds.not_neither. The APIs say what each model tells apart.
#include "daemon/app/server.hpp"

#include "support/fake_receiver.hpp"
#include "support/http_client.hpp"
#include "support/language_models.hpp"
#include "support/loopback_config.hpp"
#include "support/running_server.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <thread>

using namespace hatewatch::daemon;
using hatewatch::test::http_client;
using verb = boost::beast::http::verb;
using status = boost::beast::http::status;
using namespace std::chrono_literals;

namespace {

const std::string reader_token = "reader-token-0123456789";
const std::string perspective_key = "AIzaSyExampleKeyForTests0123";

struct sample {
  std::string id;
  std::string text;
  std::string language;
  bool flagged;
};

// Written for this test (not from any corpus); each model's scores for them are far from its
// threshold (printed by the test when it fails).
const std::vector<sample> samples{
    {"de-hate", "Alle Moslems sind Verbrecher und müssen raus aus Deutschland, dieses Pack gehört nicht zu uns", "de",
     true},
    {"de-clean", "Wir treffen uns am Sonntag zum Frühstück bei meiner Schwester im Garten", "de", false},
    {"pt-hate", "Todo gay é doente e merece apanhar", "pt", true},
    {"pt-clean", "Hoje o dia está lindo, vamos à praia com as crianças", "pt", false},
    {"da-off", "Hold kæft din lede taber", "da", true},
    {"da-clean", "Vi ses i morgen til fodbold i parken", "da", false},
    {"tr-off", "Sen tam bir aptalsın, kes sesini artık salak", "tr", true},
    {"tr-clean", "Bugün hava çok güzel, akşam parka gidelim mi", "tr", false},
};

boost::json::object json(const std::string& s) {
  return boost::json::parse(s).as_object();
}

bool eventually(const std::function<bool()>& f) {
  const auto end = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < end) {
    if (f())
      return true;
    std::this_thread::sleep_for(20ms);
  }
  return f();
}

struct fixture {
  hatewatch::test::temp_dir dir;
  hatewatch::test::fake_receiver rx{{"/hook"}};
  std::filesystem::path turkish = hatewatch::test::train_turkish_model(dir.path() / "tr.hwm");
  std::unique_ptr<hatewatch::test::running_server> daemon;
  std::unique_ptr<http_client> client;

  fixture() {
    auto cfg = hatewatch::test::loopback_config();
    // As config/hatewatch.example.yaml routes them, plus the Turkish fixture.
    const std::string models = HATEWATCH_SOURCE_DIR "/models/";
    cfg.model.by_language = {{"de", models + "de.hwm"},
                             {"pt", models + "pt.hwm"},
                             {"da", models + "da.hwm"},
                             {"no", models + "da.hwm"},
                             {"tr", turkish}};
    cfg.storage.path = dir.path() / "languages.db";
    cfg.auth.read_tokens = {reader_token};
    cfg.perspective.keys = {perspective_key};
    cfg.alerts.interval = 50ms;
    channel_config hook;
    hook.name = "hook";
    hook.kind = channel_kind::webhook;
    hook.url = rx.url("/hook");
    hook.timeout = 2s;
    cfg.channels.push_back(hook);
    source_config forum; // the default thresholds: hate speech 0.65, not neither 0.8
    forum.name = "forum";
    forum.kind = source_kind::generic;
    forum.alerts.notify = {"hook"};
    cfg.sources.push_back(forum);
    daemon = std::make_unique<hatewatch::test::running_server>(cfg);
    client = std::make_unique<http_client>(daemon->port());
  }

  boost::json::object get(const std::string& path) {
    const auto res = client->request(verb::get, path, "", "", {{"Authorization", "Bearer " + reader_token}});
    EXPECT_EQ(res.result(), status::ok) << path << ": " << res.body();
    return json(res.body());
  }
};

} // namespace

TEST(ShippedLanguages, AWebhookCommentIsScoredInItsLanguageAndAlertedByTheThresholdItsModelCanMean) {
  fixture f;
  boost::json::array batch;
  for (const auto& s : samples)
    batch.push_back(boost::json::object{{"id", s.id}, {"text", s.text}});
  const auto res = f.client->request(verb::post, "/webhooks/generic/forum", boost::json::serialize(batch));
  ASSERT_EQ(res.result(), status::ok) << res.body();
  const auto results = json(res.body()).at("results").as_array();
  ASSERT_EQ(results.size(), samples.size());

  std::size_t expected_alerts = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto& s = samples[i];
    const auto id = results[i].at("comment_id").as_int64();
    const auto stored = f.get("/v1/comments/" + std::to_string(id));
    const auto& score = stored.at("scores").as_array().back().as_object();
    // Scored, not queued as unreadable, by the model of its language, which it was found in.
    EXPECT_FALSE(score.at("unsupported_language").as_bool()) << s.id << ": " << stored;
    EXPECT_EQ(score.at("language").at("code").as_string(), s.language) << s.id;
    EXPECT_EQ(std::string(score.at("model").as_string()).substr(0, 3), s.language + "-") << s.id;
    EXPECT_EQ(score.at("flagged").as_bool(), s.flagged) << s.id << ": " << score;
    EXPECT_EQ(results[i].at("flagged").as_bool(), s.flagged) << s.id;
    if (s.language == "da" || s.language == "tr") {
      // Its model tells only neither from the rest: no hate / offensive split is claimed.
      EXPECT_TRUE(score.at("hate speech").is_null()) << s.id;
      EXPECT_EQ(score.at("distinguishes"), (boost::json::array{"neither", "not neither"})) << s.id;
      const double not_neither = score.at("not neither").as_double();
      EXPECT_EQ(not_neither >= 0.8, s.flagged) << s.id << ": " << not_neither;
    } else {
      EXPECT_EQ(score.at("hate speech").as_double() >= 0.65, s.flagged) << s.id << ": " << score;
      EXPECT_FALSE(score.contains("distinguishes"));
    }
    expected_alerts += s.flagged ? 1 : 0;
  }
  // One alert per flagged comment reaches the receiver, naming it.
  ASSERT_TRUE(eventually([&] { return f.rx.requests("/hook").size() >= expected_alerts; }))
      << f.rx.requests("/hook").size();
  std::this_thread::sleep_for(200ms);
  const auto alerts = f.rx.requests("/hook");
  EXPECT_EQ(alerts.size(), expected_alerts);
  for (const auto& s : samples) {
    bool seen = false;
    for (const auto& a : alerts)
      seen = seen || a.body.find("\"" + s.id + "\"") != std::string::npos;
    EXPECT_EQ(seen, s.flagged) << s.id;
  }

  // The console's filter by language.
  const auto danish = f.get("/v1/comments?language=da&flagged=true").at("comments").as_array();
  ASSERT_EQ(danish.size(), 1u);
  EXPECT_EQ(danish[0].at("external_id").as_string(), "da-off");
  EXPECT_EQ(f.client->request(verb::get, "/v1/comments?language=xx1", "", "", {{"Authorization", "Bearer " + reader_token}})
                .result(),
            status::bad_request);
  // /metrics counts scores per language.
  const auto metrics = f.client->get("/metrics").body();
  for (const auto* code : {"de", "pt", "da", "tr"})
    EXPECT_NE(metrics.find(std::string("hatewatch_scores_by_language_total{language=\"") + code + "\"} 2\n"),
              std::string::npos)
        << code << "\n"
        << metrics;
}

TEST(ShippedLanguages, TheApisSayWhatEachModelTellsApart) {
  fixture f;
  // /predict: German in three classes; Danish as neither / not neither.
  auto predict = [&](const std::string& text) {
    const auto res =
        f.client->request(verb::post, "/predict", boost::json::serialize(boost::json::object{{"text", text}}));
    EXPECT_EQ(res.result(), status::ok) << res.body();
    return json(res.body());
  };
  const auto de = predict(samples[0].text);
  EXPECT_GT(de.at("hate speech").as_double(), 0.65) << de;
  EXPECT_FALSE(de.contains("distinguishes"));
  const auto da = predict(samples[4].text);
  EXPECT_TRUE(da.at("hate speech").is_null());
  EXPECT_TRUE(da.at("offensive language").is_null());
  EXPECT_NEAR(da.at("neither").as_double() + da.at("not neither").as_double(), 1.0, 1e-12);
  EXPECT_EQ(da.at("distinguishes"), (boost::json::array{"neither", "not neither"}));

  // /v1/models lists each language's model with what it distinguishes.
  const auto models = f.get("/v1/models");
  const auto& by_language = models.at("by_language").as_object();
  EXPECT_EQ(by_language.at("de").at("distinguishes").as_array().size(), 3u);
  EXPECT_EQ(by_language.at("da").at("distinguishes"), (boost::json::array{"neither", "not neither"}));
  EXPECT_EQ(by_language.at("no").at("version"), by_language.at("da").at("version"));
  EXPECT_EQ(by_language.at("da").at("languages"), (boost::json::array{"da", "no"}));

  // Perspective: a request naming German is scored by the German model; a Danish one gets
  // TOXICITY (1 - p(neither)) but not IDENTITY_ATTACK, which its model cannot tell.
  auto analyze = [&](const std::string& text, const std::string& attributes, const std::string& languages) {
    std::string body = R"({"comment":{"text":)" + boost::json::serialize(boost::json::string(text)) +
                       R"(},"requestedAttributes":)" + attributes;
    if (!languages.empty())
      body += ",\"languages\":" + languages;
    return f.client->request(verb::post, "/v1alpha1/comments:analyze?key=" + perspective_key, body + "}");
  };
  const auto german = analyze(samples[0].text, R"({"IDENTITY_ATTACK":{}})", R"(["de"])");
  ASSERT_EQ(german.result(), status::ok) << german.body();
  EXPECT_NEAR(json(german.body()).at("attributeScores").at("IDENTITY_ATTACK").at("summaryScore").at("value").as_double(),
              de.at("hate speech").as_double(), 1e-9);
  const auto detected = analyze(samples[4].text, R"({"TOXICITY":{}})", "");
  ASSERT_EQ(detected.result(), status::ok) << detected.body();
  const auto detected_body = json(detected.body());
  EXPECT_EQ(detected_body.at("detectedLanguages"), (boost::json::array{"da"}));
  EXPECT_NEAR(detected_body.at("attributeScores").at("TOXICITY").at("summaryScore").at("value").as_double(),
              da.at("not neither").as_double(), 1e-9);
  const auto refused = analyze(samples[4].text, R"({"IDENTITY_ATTACK":{}})", "");
  EXPECT_EQ(refused.result(), status::bad_request) << refused.body();
  EXPECT_NE(refused.body().find("LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"), std::string::npos) << refused.body();

  // OpenAI's shape: a Portuguese text is scored (not refused as unreadable).
  const auto openai = f.client->request(verb::post, "/v1/moderations",
                                        boost::json::serialize(boost::json::object{{"input", samples[2].text}}));
  ASSERT_EQ(openai.result(), status::ok) << openai.body();
  EXPECT_TRUE(json(openai.body()).at("results").at(0).at("flagged").as_bool()) << openai.body();
}

TEST(ShippedLanguages, PaddingInAnyShippedLanguageDoesNotHideAnEnglishCallToViolence) {
  fixture f;
  const std::string english = "Kill all the filthy kikes, they are vermin and must die.";
  const std::vector<std::pair<std::string, std::string>> paddings{
      {"de", "Wir sehen uns morgen bei der Versammlung im Rathaus, das Wetter soll schön werden."},
      {"pt", "Hoje o dia está lindo, vamos à praia com as crianças e depois almoçar na casa da vovó."},
      {"da", "Vi ses i morgen til fodbold i parken, og bagefter spiser vi frokost hos min mormor."},
  };
  for (const auto& [code, padding] : paddings) {
    for (const auto& text : {padding + " " + english, english + " " + padding + " " + padding}) {
      const auto res =
          f.client->request(verb::post, "/predict", boost::json::serialize(boost::json::object{{"text", text}}));
      ASSERT_EQ(res.result(), status::ok) << res.body();
      const auto body = json(res.body());
      EXPECT_TRUE(body.at("language").at("supported").as_bool()) << code << ": " << body;
      EXPECT_GT(body.at("hate speech").as_double(), 0.65) << code << ": " << body;
      // Scored sentence by sentence, the padding by its own model; or, where the English vocabulary
      // claims the whole text (Danish without æ, ø or å can pass for English), whole by the English one.
      if (body.contains("part_languages")) {
        const auto& parts = body.at("part_languages").as_array();
        EXPECT_NE(std::find(parts.begin(), parts.end(), boost::json::value(code)), parts.end()) << code << ": " << body;
      } else {
        EXPECT_EQ(body.at("language").at("code").as_string(), "en") << code << ": " << body;
      }
    }
  }
}
