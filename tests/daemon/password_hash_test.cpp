// scrypt password hashes: made, checked, and malformed ones refused with a reason.
#include "daemon/base/password_hash.hpp"

#include <gtest/gtest.h>

using namespace hatewatch::daemon;

TEST(PasswordHash, ChecksTheRightPasswordOnly) {
  const auto hash = hash_password("correct horse", {10, 8, 1});
  EXPECT_TRUE(hash.starts_with("$scrypt$ln=10,r=8,p=1$")) << hash;
  EXPECT_EQ(password_hash_problem(hash), std::nullopt);
  EXPECT_TRUE(verify_password("correct horse", hash));
  EXPECT_FALSE(verify_password("correct horse ", hash));
  EXPECT_FALSE(verify_password("", hash));
  EXPECT_NE(hash, hash_password("correct horse", {10, 8, 1})) << "a new salt each time";
}

TEST(PasswordHash, MatchesAKnownScryptVector) {
  // RFC 7914 section 12: scrypt("password", "NaCl", N=1024, r=8, p=16), the first 64 bytes.
  const std::string hash = "$scrypt$ln=10,r=8,p=16$TmFDbA$/bq+HJ00cgB4VucZDQHp/nxq18vII3gw53N2Y0s3MWIurzDZLiKjiG/xCSedmDDaxyevuUqD7m2DYMvfoswGQA";
  EXPECT_TRUE(verify_password("password", hash));
  EXPECT_FALSE(verify_password("Password", hash));
}

TEST(PasswordHash, RefusesMalformedHashes) {
  EXPECT_NE(password_hash_problem("hunter2"), std::nullopt);
  EXPECT_NE(password_hash_problem("$scrypt$ln=15,r=8$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"), std::nullopt);
  EXPECT_NE(password_hash_problem("$scrypt$ln=9,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"), std::nullopt);
  EXPECT_NE(password_hash_problem("$scrypt$ln=20,r=32,p=16$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"), std::nullopt)
      << "far above 256 MiB";
  EXPECT_NE(password_hash_problem("$scrypt$ln=15,r=8,p=1$c2FsdHNhbHQ"), std::nullopt);
  EXPECT_NE(password_hash_problem("$scrypt$ln=15,r=8,p=1$not base64!$aGFzaGhhc2hoYXNoaGFzaA"), std::nullopt);
  EXPECT_NE(password_hash_problem("$scrypt$ln=15,r=8,p=1$c2FsdHNhbHQ$aGFzaA"), std::nullopt) << "hash too short";
  EXPECT_FALSE(verify_password("x", "$scrypt$ln=15,r=8,p=1$c2FsdHNhbHQ$aGFzaA"));
}
