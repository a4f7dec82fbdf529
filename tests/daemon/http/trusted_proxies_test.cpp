// server.trusted_proxies (issue 29, defect 9): who the client is behind a reverse proxy. Only a
// trusted peer's X-Forwarded-For and X-Forwarded-Proto count; the client is the rightmost hop that
// is not itself a trusted proxy, so a client cannot name itself someone else by sending the header.
#include "daemon/base/trusted_proxies.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using hatewatch::daemon::trusted_proxies;

TEST(TrustedProxies, ParsesAddressesAndRangesAndRefusesTheRest) {
  const trusted_proxies p({"127.0.0.1", "10.0.0.0/8", "fd00::/8", "::1", "192.168.1.0/24"});
  auto in = [&](const char* a) { return p.contains(boost::asio::ip::make_address(a)); };
  EXPECT_TRUE(in("127.0.0.1"));
  EXPECT_FALSE(in("127.0.0.2"));
  EXPECT_TRUE(in("10.200.3.4"));
  EXPECT_FALSE(in("11.0.0.1"));
  EXPECT_TRUE(in("fd12:3456::1"));
  EXPECT_FALSE(in("fe80::1"));
  EXPECT_TRUE(in("::1"));
  EXPECT_TRUE(in("192.168.1.255"));
  EXPECT_FALSE(in("192.168.2.1"));
  EXPECT_TRUE(in("::ffff:10.1.2.3")) << "an IPv4-mapped peer is its IPv4 address";
  EXPECT_TRUE(trusted_proxies({"0.0.0.0/0"}).contains(boost::asio::ip::make_address("8.8.8.8")));
  EXPECT_FALSE(trusted_proxies({"0.0.0.0/0"}).contains(boost::asio::ip::make_address("2001:db8::1")));
  for (const char* bad : {"nginx", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "::/129", "", "1.2.3.4/8/8"})
    EXPECT_THROW(trusted_proxies({bad}), std::invalid_argument) << bad;
}

TEST(TrustedProxies, TheClientIsTheRightmostUntrustedHopAndOnlyATrustedPeerIsBelieved) {
  const trusted_proxies p({"127.0.0.1", "10.0.0.0/8"});
  // From an untrusted peer the headers are ignored, whatever they say.
  auto who = p.resolve("203.0.113.9", "198.51.100.1", "https");
  EXPECT_EQ(who.address, "203.0.113.9");
  EXPECT_FALSE(who.https);
  // From the proxy: the client it names, and the scheme it says.
  who = p.resolve("127.0.0.1", "198.51.100.1", "https");
  EXPECT_EQ(who.address, "198.51.100.1");
  EXPECT_TRUE(who.https);
  // A client that sends its own X-Forwarded-For: the proxy appends the real address, the rightmost.
  who = p.resolve("127.0.0.1", "1.1.1.1, 198.51.100.7", "http");
  EXPECT_EQ(who.address, "198.51.100.7");
  EXPECT_FALSE(who.https);
  // Through two proxies of ours (a balancer then nginx): past the trusted hops.
  who = p.resolve("127.0.0.1", "1.1.1.1,198.51.100.7, 10.0.0.5", "");
  EXPECT_EQ(who.address, "198.51.100.7");
  // Only trusted hops: the leftmost. No header: the peer. Garbage: the last trusted hop.
  EXPECT_EQ(p.resolve("127.0.0.1", "10.0.0.9, 10.0.0.5", "").address, "10.0.0.9");
  EXPECT_EQ(p.resolve("127.0.0.1", "", "").address, "127.0.0.1");
  EXPECT_EQ(p.resolve("127.0.0.1", "not-an-address, 10.0.0.5", "").address, "10.0.0.5");
  // Ports and brackets as some proxies write them; the last Proto entry is the proxy's own.
  EXPECT_EQ(p.resolve("127.0.0.1", "198.51.100.2:4711", "").address, "198.51.100.2");
  EXPECT_EQ(p.resolve("127.0.0.1", "[2001:db8::7]:443", "").address, "2001:db8::7");
  EXPECT_TRUE(p.resolve("127.0.0.1", "", "http, https").https);
  // No trusted proxies (the default): the peer, always.
  EXPECT_EQ(trusted_proxies().resolve("127.0.0.1", "198.51.100.1", "https").address, "127.0.0.1");
  EXPECT_FALSE(trusted_proxies().resolve("127.0.0.1", "198.51.100.1", "https").https);
}
