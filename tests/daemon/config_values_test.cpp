#include "daemon/base/config_values.hpp"

#include <gtest/gtest.h>

using namespace hatewatch::daemon;
using namespace std::chrono_literals;

TEST(ByteSize, ReadsUnits) {
  EXPECT_EQ(parse_byte_size("1024"), 1024u);
  EXPECT_EQ(parse_byte_size("64KiB"), 64u * 1024);
  EXPECT_EQ(parse_byte_size("1MiB"), 1u << 20);
  EXPECT_EQ(parse_byte_size("20KB"), 20000u);
  EXPECT_EQ(parse_byte_size("2 GiB"), 2ULL << 30);
}

TEST(ByteSize, RejectsBadInput) {
  EXPECT_THROW(parse_byte_size(""), std::invalid_argument);
  EXPECT_THROW(parse_byte_size("MiB"), std::invalid_argument);
  EXPECT_THROW(parse_byte_size("-1"), std::invalid_argument);
  EXPECT_THROW(parse_byte_size("1 TiB"), std::invalid_argument);
  EXPECT_THROW(parse_byte_size("99999999999999999999"), std::invalid_argument);
  EXPECT_THROW(parse_byte_size("18014398509481984GiB"), std::invalid_argument);
}

TEST(Duration, ReadsUnits) {
  EXPECT_EQ(parse_duration("250ms"), 250ms);
  EXPECT_EQ(parse_duration("10s"), 10s);
  EXPECT_EQ(parse_duration("10"), 10s);
  EXPECT_EQ(parse_duration("5m"), 5min);
  EXPECT_EQ(parse_duration("1h"), 1h);
}

TEST(Duration, RejectsBadInput) {
  EXPECT_THROW(parse_duration("ten seconds"), std::invalid_argument);
  EXPECT_THROW(parse_duration("10d"), std::invalid_argument);
  EXPECT_THROW(parse_duration("1.5s"), std::invalid_argument);
}

TEST(ListenAddress, ReadsHostAndPort) {
  auto a = parse_listen_address("127.0.0.1:8080");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 8080);
  auto b = parse_listen_address("[::1]:0");
  EXPECT_EQ(b.host, "::1");
  EXPECT_EQ(b.port, 0);
}

TEST(ListenAddress, RejectsBadInput) {
  EXPECT_THROW(parse_listen_address("8080"), std::invalid_argument);
  EXPECT_THROW(parse_listen_address("127.0.0.1:65536"), std::invalid_argument);
  EXPECT_THROW(parse_listen_address("127.0.0.1:80x"), std::invalid_argument);
  EXPECT_THROW(parse_listen_address("::1:8080"), std::invalid_argument);
  EXPECT_THROW(parse_listen_address("[::1]8080"), std::invalid_argument);
}
