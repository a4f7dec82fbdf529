// Identity-term bias of the shipped model (models/bias/, daemon/commands/bias_check.hpp): at the
// default alert threshold the false-positive rate on non-hateful template sentences is at most 5 %
// overall and at most 15 % for any identity.
#include "daemon/commands/bias_check.hpp"
#include "daemon/intake/source_config.hpp"
#include "daemon/models/model_loader.hpp"
#include "models/model_files.hpp"

#include <gtest/gtest.h>

using namespace hatewatch;

TEST(IdentityBias, ShippedModelFlagsFewTemplateSentences) {
  const auto m = daemon::load_model_file(test::forums_model);
  const auto identities = daemon::read_lines(HATEWATCH_SOURCE_DIR "/models/bias/identities.txt");
  const auto templates = daemon::read_lines(HATEWATCH_SOURCE_DIR "/models/bias/templates.txt");
  ASSERT_GE(identities.size(), 25u);
  const auto r = daemon::check_bias(*m, identities, templates, daemon::default_hate_speech_threshold);
  EXPECT_EQ(r.sentences, identities.size() * templates.size());
  EXPECT_LE(r.overall_rate(), 0.05);
  for (const auto& i : r.identities)
    EXPECT_LE(i.rate(), 0.15) << i.identity;
}

TEST(IdentityBias, CountsWhatCrossesTheThreshold) {
  // At threshold 0 every sentence is flagged, at 1 (almost) none: the rates are computed, not assumed.
  const auto m = daemon::load_model_file(test::forums_model);
  const std::vector<std::string> ids{"gay", "muslim"};
  const std::vector<std::string> templates{"I am {}.", "{} people are nice."};
  const auto all = daemon::check_bias(*m, ids, templates, 0.0);
  EXPECT_EQ(all.flagged, 4u);
  EXPECT_DOUBLE_EQ(all.identities[0].rate(), 1.0);
  const auto none = daemon::check_bias(*m, ids, templates, 1.0);
  EXPECT_EQ(none.flagged, 0u);
  EXPECT_THROW(daemon::check_bias(*m, ids, {"no placeholder"}, 0.5), std::invalid_argument);
}
