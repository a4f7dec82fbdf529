#pragma once
// Moderators' password hashes: scrypt (OpenSSL's EVP_PBE_scrypt), written in the PHC string format
// "$scrypt$ln=15,r=8,p=1$<salt>$<hash>" (base64 without padding; ln is log2 of N). Made by
// `hatewatch hash-password`, kept in console.users[].password, checked at login.

#include <optional>
#include <string>
#include <string_view>

namespace hatewatch::daemon {

struct scrypt_params {
  unsigned log2_n = 15; // N = 32768: 32 MiB and about 0.1 s per check here
  unsigned r = 8;
  unsigned p = 1;
};

/// A new hash of `password` with a random 16-byte salt.
std::string hash_password(std::string_view password, scrypt_params params = {});

/// Why `encoded` is not a hash this daemon can check (a malformed string, parameters outside
/// ln 10-20, r 1-32, p 1-16 or above 256 MiB), or nothing when it is one.
std::optional<std::string> password_hash_problem(std::string_view encoded);

/// Whether `password` matches `encoded`, compared in constant time; false for a malformed hash.
bool verify_password(std::string_view password, std::string_view encoded);

} // namespace hatewatch::daemon
