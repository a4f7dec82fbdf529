#pragma once
// HMAC signatures of webhook bodies, verified by intake and made by the webhook alert channel:
// "sha256=<hex HMAC-SHA256(secret, raw body)>", as Discourse sends in X-Discourse-Event-Signature,
// Coral in X-Coral-Signature and hatewatch in X-Hatewatch-Signature.

#include <string>
#include <string_view>

namespace hatewatch::daemon {

/// Lower-case hex of HMAC-SHA256(key, data).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

/// Lower-case hex of SHA-256(data).
std::string sha256_hex(std::string_view data);

/// Whether any of the comma-separated "sha256=<hex>" signatures in `header` matches (Coral sends
/// several while a secret is being rotated). The body's HMAC is computed once, and every signature
/// is compared (in constant time) whatever the outcome. Callers cap the header first
/// (max_signatures, max_signature_header).
bool any_signature_matches(std::string_view header, std::string_view secret, std::string_view body);

/// A signature header may hold at most this many signatures and bytes.
inline constexpr std::size_t max_signatures = 8;
inline constexpr std::size_t max_signature_header = 1024;

/// How many comma-separated entries `header` holds.
std::size_t signature_count(std::string_view header);

/// Whether `header` is "sha256=" followed by the right HMAC of `body` (hex in either case),
/// compared in constant time.
bool signature_matches(std::string_view header, std::string_view secret, std::string_view body);

} // namespace hatewatch::daemon
