#include "daemon/base/clock.hpp"

#include <gtest/gtest.h>

using namespace hatewatch::daemon::store;

TEST(Clock, ParsesRfc3339AsDiscourseSendsIt) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(parse_rfc3339("2026-11-27T09:15:02.123Z"), 1795770902123);
  EXPECT_EQ(parse_rfc3339("2026-11-27T11:15:02.123+02:00"), 1795770902123);
  EXPECT_EQ(parse_rfc3339("2026-11-27T04:15:02.123-05:00"), 1795770902123);
  for (const char* bad : {"", "2026-11-27", "2026-11-27T09:15:02", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                          "2026-11-27T25:00:00Z", "2026-11-27T09:15:02.Z", "2026-11-27T09:15:02Zjunk", "yesterday"})
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
}

TEST(Clock, FormatsWhatItParses) {
  EXPECT_EQ(format_rfc3339(1795770902123), "2026-11-27T09:15:02.123Z");
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00.000Z");
  const auto now = now_ms();
  EXPECT_EQ(parse_rfc3339(format_rfc3339(now)), now);
}
