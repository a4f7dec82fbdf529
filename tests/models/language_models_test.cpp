// The shipped language models (models/de.hwm, pt.hwm, da.hwm): they load with what they read and
// tell apart, their card names them, they are reproducible to the byte from the shared data and
// their manifests, and the daemon's routing sends each corpus's rows to its model.
#include "daemon/app/cli.hpp"
#include "daemon/commands/training_data.hpp"
#include "daemon/models/routed_scoring.hpp"
#include "daemon/models/model_loader.hpp"
#include "daemon/models/model_set.hpp"
#include "models/model_files.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>

using namespace hatewatch;

namespace {

struct shipped_language {
  std::string code;
  std::vector<std::string> reads;
  bool tells_hate;
  std::string corpus; // KIND:PATH under the shared data
  double routed_floor; // the share of the corpus's rows routed to the model (models/README.md)
};

const std::vector<shipped_language> languages{
    {"de", {"de"}, true, "germeval:/germeval2018/germeval2018.training.txt", 0.95},
    {"pt", {"pt"}, true, "told_br:/told_br/ToLD-BR.train.csv", 0.94},
    {"da", {"da", "no"}, false, "offenseval:/offenseval2020_da/offenseval-da-training-v1.tsv", 0.85},
};

std::string model_path(const std::string& code) {
  return HATEWATCH_SOURCE_DIR "/models/" + code + ".hwm";
}

std::string corpus_spec(const shipped_language& l) {
  const auto colon = l.corpus.find(':');
  return l.corpus.substr(0, colon + 1) + test::shared_data + l.corpus.substr(colon + 1);
}

bool have_language_data() {
  for (const auto& l : languages)
    if (!std::filesystem::exists(corpus_spec(l).substr(corpus_spec(l).find(':') + 1)))
      return false;
  return true;
}

} // namespace

TEST(ShippedLanguageModels, LoadWithWhatTheyReadAndTellApart) {
  const auto card = test::slurp(HATEWATCH_SOURCE_DIR "/models/README.md");
  for (const auto& l : languages) {
    const auto m = daemon::load_model_file(model_path(l.code));
    EXPECT_EQ(m->version().rfind(l.code + "-", 0), 0u) << m->version();
    EXPECT_EQ(m->languages(), l.reads) << l.code;
    EXPECT_EQ(m->tells_hate(), l.tells_hate) << l.code;
    EXPECT_EQ(m->features().text_rules, 4u) << l.code;
    EXPECT_NE(card.find(m->version()), std::string::npos) << "the card does not name " << m->version();
  }
}

TEST(ShippedLanguageModels, AreReproducibleFromTheSharedData) {
  if (!have_language_data())
    GTEST_SKIP() << "no shared data at " << test::shared_data;
  test::temp_dir dir;
  for (const auto& l : languages) {
    const auto out = (dir.path() / (l.code + ".hwm")).string();
    std::ostringstream o, e;
    ASSERT_EQ(daemon::run_cli({"train", "--manifest", HATEWATCH_SOURCE_DIR "/models/" + l.code + ".yaml", "--out", out},
                              o, e),
              0)
        << e.str();
    EXPECT_TRUE(test::slurp(out) == test::slurp(model_path(l.code))) << "retrained model differs from models/" << l.code
                                                                     << ".hwm";
  }
}

TEST(ShippedLanguageModels, RoutingSendsEachCorpusToItsModel) {
  if (!have_language_data())
    GTEST_SKIP() << "no shared data at " << test::shared_data;
  daemon::model_config cfg;
  cfg.path = test::forums_model;
  cfg.by_language = {{"de", model_path("de")}, {"pt", model_path("pt")}, {"da", model_path("da")},
                     {"no", model_path("da")}};
  const auto set = daemon::load_models(cfg);
  for (const auto& l : languages) {
    const auto data = daemon::load_training_set({daemon::parse_data_spec(corpus_spec(l))});
    std::size_t routed = 0;
    for (const auto& e : data.data) {
      const auto r = daemon::score_routed(*set, e.text, 0);
      routed += r.language.supported && r.model == set->for_language(l.code) ? 1 : 0;
    }
    const double share = static_cast<double>(routed) / static_cast<double>(data.data.size());
    std::cout << "[ routing ] " << l.code << ": " << routed << " of " << data.data.size() << " (" << share << ")\n";
    EXPECT_GE(share, l.routed_floor) << l.code;
  }
  // English stays with the default model.
  const auto english = daemon::load_training_set({daemon::parse_data_spec("davidson:" + test::davidson_csv)});
  std::size_t kept = 0;
  for (const auto& e : english.data)
    kept += daemon::score_routed(*set, e.text, 0).model == set->fallback.get() ? 1 : 0;
  EXPECT_GE(static_cast<double>(kept) / static_cast<double>(english.data.size()), 0.995);
}
