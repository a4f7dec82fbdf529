// The queue's list on a real SQLite file, row by row, for a closed time range (read as the ids
// received in it): a comment whose id is out of time order (a clock stepped back) is found where
// its time puts it, the flagged queue and paging by cursor keep to the range, an empty range is
// empty.
#include "daemon/store/comment_queries.hpp"

#include "support/store_rows.hpp"

#include <gtest/gtest.h>

#include <vector>

using namespace hatewatch::daemon::store;

namespace {

constexpr std::int64_t day = 86'400'000;
constexpr std::int64_t since = 20'000 * day;

std::vector<std::int64_t> ids(const std::vector<comment_view>& list) {
  std::vector<std::int64_t> out;
  for (const auto& c : list)
    out.push_back(c.id);
  return out;
}

} // namespace

class CommentQueries : public ::testing::TestWithParam<std::string> {};
INSTANTIATE_TEST_SUITE_P(Backends, CommentQueries, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST_P(CommentQueries, AClosedRangeFindsItsCommentsWhateverTheirIdOrder) {
  hatewatch::test::store_rows f(GetParam());
  HATEWATCH_REQUIRE_POSTGRES(f.conn);
  f.comment(1, 1, since - day); // before
  f.comment(2, 1, since + 10);
  f.comment(3, 2, since + 20);
  f.comment(4, 1, since + day + 5); // after
  f.comment(5, 1, since + 30);      // in the range, stored after one that is not (clock stepped back)
  f.comment(6, 1, since - 1);       // just before, with a higher id
  for (std::int64_t id : {1, 3, 4, 5, 6}) // flagged: those outside the range would show if it leaked
    f.score(id, 0.9, 0.05, 0.05, true);
  f.score(2, 0.1, 0.05, 0.85, false);
  f.score(2, 0.9, 0.05, 0.05, true); // rescored: now flagged
  f.score(3, 0.1, 0.05, 0.85, false); // rescored: now clean

  comment_filter range;
  range.since = since;
  range.until = since + day;
  EXPECT_EQ(ids(list_comments(*f.conn, range)), (std::vector<std::int64_t>{5, 3, 2}));

  auto flagged = range;
  flagged.flagged = true;
  EXPECT_EQ(ids(list_comments(*f.conn, flagged)), (std::vector<std::int64_t>{5, 2})) << "the latest scores decide";
  auto clean = range;
  clean.flagged = false;
  EXPECT_EQ(ids(list_comments(*f.conn, clean)), (std::vector<std::int64_t>{3}));

  auto paged = range;
  paged.limit = 2;
  const auto first = list_comments(*f.conn, paged);
  ASSERT_EQ(ids(first), (std::vector<std::int64_t>{5, 3}));
  paged.before_id = first.back().id;
  EXPECT_EQ(ids(list_comments(*f.conn, paged)), (std::vector<std::int64_t>{2}));

  auto source = range;
  source.source = "news";
  EXPECT_EQ(ids(list_comments(*f.conn, source)), (std::vector<std::int64_t>{3}));

  auto text = range;
  text.text = "TEX"; // every comment's text is "text": case is ignored on both
  EXPECT_EQ(ids(list_comments(*f.conn, text)), (std::vector<std::int64_t>{5, 3, 2}));
  text.text = "te%"; // % is a plain character
  EXPECT_TRUE(list_comments(*f.conn, text).empty());

  auto empty = range;
  empty.since = since + 2 * day;
  empty.until = since + 3 * day;
  EXPECT_TRUE(list_comments(*f.conn, empty).empty());
}
