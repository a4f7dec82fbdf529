#pragma once
// Webhook signatures: "sha256=<hex HMAC-SHA256(secret, raw body)>", as Discourse sends in
// X-Discourse-Event-Signature and hatewatch's generic webhooks in X-Hatewatch-Signature.

#include <string>
#include <string_view>

namespace hatewatch::daemon {

/// Lower-case hex of HMAC-SHA256(key, data).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

/// Lower-case hex of SHA-256(data).
std::string sha256_hex(std::string_view data);

/// Whether any of the comma-separated "sha256=<hex>" signatures in `header` matches (Coral sends
/// several while a secret is being rotated).
bool any_signature_matches(std::string_view header, std::string_view secret, std::string_view body);

/// Whether `header` is "sha256=" followed by the right HMAC of `body` (hex in either case),
/// compared in constant time.
bool signature_matches(std::string_view header, std::string_view secret, std::string_view body);

} // namespace hatewatch::daemon
