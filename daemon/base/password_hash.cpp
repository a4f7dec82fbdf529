#include "daemon/base/password_hash.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>
#include <cctype>
#include <stdexcept>
#include <variant>
#include <vector>

namespace hatewatch::daemon {
namespace {

constexpr std::size_t salt_bytes = 16;
constexpr std::size_t key_bytes = 32;
constexpr std::uint64_t max_memory = 256ull << 20;

std::string base64(const unsigned char* data, std::size_t size) {
  std::string out(4 * ((size + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=')
    out.pop_back();
  return out;
}

std::optional<std::vector<unsigned char>> unbase64(std::string_view text) {
  if (text.empty() || text.size() % 4 == 1 || text.size() > 1024)
    return std::nullopt;
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/'))
      return std::nullopt;
  std::string padded(text);
  const std::size_t pad = (4 - padded.size() % 4) % 4;
  padded.append(pad, '=');
  std::vector<unsigned char> out(padded.size() / 4 * 3);
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(padded.data()),
                                static_cast<int>(padded.size()));
  if (n < 0)
    return std::nullopt;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

struct parsed_hash {
  scrypt_params params;
  std::vector<unsigned char> salt;
  std::vector<unsigned char> key;
};

std::optional<unsigned> number_after(std::string_view& text, std::string_view name) {
  if (!text.starts_with(name))
    return std::nullopt;
  text.remove_prefix(name.size());
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data())
    return std::nullopt;
  text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  return value;
}

// The parsed hash, or why it is not one.
std::variant<parsed_hash, std::string> parse(std::string_view encoded) {
  constexpr std::string_view prefix = "$scrypt$";
  if (!encoded.starts_with(prefix))
    return std::string("not an scrypt hash (it should start with $scrypt$; make one with hatewatch hash-password)");
  encoded.remove_prefix(prefix.size());
  parsed_hash h;
  const auto ln = number_after(encoded, "ln=");
  const auto r = ln ? number_after(encoded, ",r=") : std::nullopt;
  const auto p = r ? number_after(encoded, ",p=") : std::nullopt;
  if (!p || !encoded.starts_with('$'))
    return std::string("the parameters should read ln=N,r=N,p=N");
  h.params = {*ln, *r, *p};
  if (*ln < 10 || *ln > 20 || *r < 1 || *r > 32 || *p < 1 || *p > 16 ||
      128ull * *r * (1ull << *ln) * *p > max_memory)
    return std::string("the parameters are outside ln 10-20, r 1-32, p 1-16 and 256 MiB");
  encoded.remove_prefix(1);
  const auto dollar = encoded.find('$');
  if (dollar == std::string_view::npos)
    return std::string("the salt and the hash should follow the parameters, each after a $");
  auto salt = unbase64(encoded.substr(0, dollar));
  auto key = unbase64(encoded.substr(dollar + 1));
  if (!salt || !key || salt->size() < 4 || key->size() < 16)
    return std::string("the salt or the hash is not base64 of at least 4 and 16 bytes");
  h.salt = std::move(*salt);
  h.key = std::move(*key);
  return h;
}

std::vector<unsigned char> derive(std::string_view password, const std::vector<unsigned char>& salt,
                                  const scrypt_params& params, std::size_t size) {
  std::vector<unsigned char> key(size);
  if (EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(), std::uint64_t{1} << params.log2_n,
                     params.r, params.p, max_memory + (1 << 20), key.data(), key.size()) != 1)
    throw std::runtime_error("scrypt failed (out of memory?)");
  return key;
}

} // namespace

std::string hash_password(std::string_view password, scrypt_params params) {
  std::vector<unsigned char> salt(salt_bytes);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
    throw std::runtime_error("no random bytes for a salt");
  const auto key = derive(password, salt, params, key_bytes);
  return "$scrypt$ln=" + std::to_string(params.log2_n) + ",r=" + std::to_string(params.r) +
         ",p=" + std::to_string(params.p) + "$" + base64(salt.data(), salt.size()) + "$" +
         base64(key.data(), key.size());
}

std::optional<std::string> password_hash_problem(std::string_view encoded) {
  auto parsed = parse(encoded);
  if (auto* why = std::get_if<std::string>(&parsed))
    return *why;
  return std::nullopt;
}

bool verify_password(std::string_view password, std::string_view encoded) {
  auto parsed = parse(encoded);
  auto* h = std::get_if<parsed_hash>(&parsed);
  if (!h)
    return false;
  const auto key = derive(password, h->salt, h->params, h->key.size());
  return CRYPTO_memcmp(key.data(), h->key.data(), key.size()) == 0;
}

} // namespace hatewatch::daemon
