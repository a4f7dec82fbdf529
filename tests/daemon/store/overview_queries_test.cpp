// The overview's counts on a real SQLite file, row by row: several days and two sources, a comment
// scored twice (only the latest score counts), a decision withdrawn, a comment received before the
// period but stored with a higher id (a clock stepped back), and alerts with their last error.
#include "daemon/store/overview_queries.hpp"

#include "support/store_rows.hpp"

#include <gtest/gtest.h>

using namespace hatewatch::daemon::store;
using fixture = hatewatch::test::store_rows;

namespace {

constexpr std::int64_t day = 86'400'000;
constexpr std::int64_t since = 20'000 * day; // 2024-10-04 (UTC)

} // namespace

class OverviewQueries : public ::testing::TestWithParam<std::string> {};
INSTANTIATE_TEST_SUITE_P(Backends, OverviewQueries, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST_P(OverviewQueries, CountPerDayAndSourceFromTheLatestScores) {
  fixture f(GetParam());
  HATEWATCH_REQUIRE_POSTGRES(f.conn);
  f.comment(1, 1, since - 1); // the day before the period
  f.score(1, 0.9, 0.05, 0.05, true);
  f.decide(1, 0);
  f.alert(1, "dead", "before the period");
  f.comment(2, 1, since); // first day, forum: flagged, decided hate speech, the model agrees
  f.score(2, 0.9, 0.05, 0.05, true);
  f.decide(2, 0);
  f.alert(2, "delivered", nullptr);
  f.comment(3, 1, since + 10); // first day, forum: flagged once, rescored clean; decided neither
  f.score(3, 0.8, 0.1, 0.1, true);
  f.score(3, 0.1, 0.1, 0.8, false);
  f.decide(3, 2);
  f.comment(4, 2, since + day + 5); // second day, news: flagged, decision withdrawn
  f.score(4, 0.3, 0.6, 0.1, true);
  f.decide(4, 1);
  f.decide(4, std::nullopt);
  f.alert(4, "dead", "HTTP 500 from slack");
  f.alert(4, "pending", "timed out");
  f.comment(5, 2, since + day + 6); // second day, news: not scored yet
  f.comment(6, 1, since - 2 * day); // received before the period, stored with a higher id
  f.score(6, 0.9, 0.05, 0.05, true);
  f.decide(6, 1);
  f.alert(6, "dead", "old failure");

  const auto o = read_overview(*f.conn, since, std::nullopt);
  ASSERT_EQ(o.days.size(), 2u);
  EXPECT_EQ(o.days[0].day, "2024-10-04");
  EXPECT_EQ(o.days[0].source, "forum");
  EXPECT_EQ(o.days[0].received, 2);
  EXPECT_EQ(o.days[0].flagged, 1) << "comment 3's latest score is clean";
  EXPECT_EQ(o.days[0].reviewed, 2);
  EXPECT_EQ(o.days[1].day, "2024-10-05");
  EXPECT_EQ(o.days[1].source, "news");
  EXPECT_EQ(o.days[1].received, 2) << "an unscored comment is received all the same";
  EXPECT_EQ(o.days[1].flagged, 1);
  EXPECT_EQ(o.days[1].reviewed, 0) << "a withdrawn decision is no decision";
  EXPECT_EQ(o.flagged, 2);
  EXPECT_EQ(o.flagged_reviewed, 1);
  EXPECT_EQ(o.agreement[0][0], 1) << "hate speech by both (comment 2)";
  EXPECT_EQ(o.agreement[2][2], 1) << "neither by both, from the latest score (comment 3)";
  EXPECT_EQ(o.agreement[1][0], 0) << "comment 6 was received before the period";
  ASSERT_EQ(o.alerts.size(), 3u);
  EXPECT_EQ(o.alerts[0].state, "dead");
  EXPECT_EQ(o.alerts[0].count, 1);
  EXPECT_EQ(o.alerts[0].last_error, "HTTP 500 from slack");
  EXPECT_EQ(o.alerts[1].state, "delivered");
  EXPECT_FALSE(o.alerts[1].last_error);
  EXPECT_EQ(o.alerts[2].state, "pending");
  EXPECT_EQ(o.alerts[2].last_error, "timed out");

  const auto news = read_overview(*f.conn, since, std::string("news"));
  ASSERT_EQ(news.days.size(), 1u);
  EXPECT_EQ(news.days[0].source, "news");
  EXPECT_EQ(news.flagged, 1);
  EXPECT_EQ(news.agreement[0][0], 0);
  ASSERT_EQ(news.alerts.size(), 2u);

  EXPECT_TRUE(read_overview(*f.conn, since, std::string("nowhere")).days.empty());
  const auto later = read_overview(*f.conn, since + 3 * day, std::nullopt);
  EXPECT_TRUE(later.days.empty());
  EXPECT_TRUE(later.alerts.empty());
  EXPECT_EQ(later.flagged, 0);
}
