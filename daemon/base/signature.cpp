#include "daemon/base/signature.hpp"

#include "core/text_list.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace hatewatch::daemon {
namespace {

std::string to_hex(const unsigned char* bytes, unsigned len) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(2 * len, '0');
  for (unsigned i = 0; i < len; ++i) {
    out[2 * i] = hex[bytes[i] >> 4];
    out[2 * i + 1] = hex[bytes[i] & 0xf];
  }
  return out;
}

} // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
            data.size(), mac, &len))
    throw std::runtime_error("HMAC-SHA256 failed");
  return to_hex(mac, len);
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr))
    throw std::runtime_error("SHA-256 failed");
  return to_hex(digest, len);
}

std::size_t signature_count(std::string_view header) {
  return header.empty() ? 0 : 1 + static_cast<std::size_t>(std::count(header.begin(), header.end(), ','));
}

namespace {

// Whether `one` is "sha256=" followed by `expected` (lower-case hex; `one` in either case).
bool matches_hex(std::string_view one, const std::string& expected) {
  constexpr std::string_view prefix = "sha256=";
  if (one.size() != prefix.size() + expected.size() || one.substr(0, prefix.size()) != prefix)
    return false;
  std::string given(one.substr(prefix.size()));
  for (auto& c : given)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

} // namespace

bool any_signature_matches(std::string_view header, std::string_view secret, std::string_view body) {
  const auto expected = hmac_sha256_hex(secret, body);
  bool any = false;
  core::for_each_list_item(header, " ", [&](std::string_view one) {
    any |= matches_hex(one, expected); // no early exit
  });
  return any;
}

bool signature_matches(std::string_view header, std::string_view secret, std::string_view body) {
  return matches_hex(header, hmac_sha256_hex(secret, body));
}

} // namespace hatewatch::daemon
