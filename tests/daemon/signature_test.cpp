#include "daemon/base/signature.hpp"

#include <gtest/gtest.h>

using namespace hatewatch::daemon;

TEST(Signature, MatchesRfc4231TestCase2) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Signature, AcceptsOnlyTheRightSha256Header) {
  const std::string body = R"({"post":{"id":1}})";
  const auto mac = hmac_sha256_hex("a-long-enough-secret", body);
  EXPECT_TRUE(signature_matches("sha256=" + mac, "a-long-enough-secret", body));
  std::string upper = mac;
  for (auto& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(signature_matches("sha256=" + upper, "a-long-enough-secret", body));
  EXPECT_FALSE(signature_matches("sha256=" + mac, "another-secret-value", body));
  EXPECT_FALSE(signature_matches("sha256=" + mac, "a-long-enough-secret", body + " "));
  EXPECT_FALSE(signature_matches(mac, "a-long-enough-secret", body));
  EXPECT_FALSE(signature_matches("sha1=" + mac, "a-long-enough-secret", body));
  EXPECT_FALSE(signature_matches("sha256=" + mac.substr(1), "a-long-enough-secret", body));
  EXPECT_FALSE(signature_matches("", "a-long-enough-secret", body));
}
