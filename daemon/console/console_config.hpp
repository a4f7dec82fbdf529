#pragma once
// The config's `console` section: the moderators and their console sessions.

#include "daemon/base/config_fwd.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace hatewatch::daemon {

/// A moderator: the name their decisions are stored under, the scrypt hash of the password with
/// which they log in to the console (`hatewatch hash-password`), and/or the bearer token with which
/// they (or their tools) use the review API. At least one of the two.
struct moderator_config {
  std::string name;
  std::string token;
  std::string password; // "$scrypt$..."; empty: no console login
  /// May promote a candidate model and roll back (console and API).
  bool promote = false;
  bool operator==(const moderator_config&) const = default;
};

/// The moderators' side: who may record decisions on comments, and the console's sessions.
struct console_config {
  std::vector<moderator_config> users;
  /// How long a console login lasts (1 minute to 30 days).
  std::chrono::milliseconds session_lifetime{std::chrono::hours(12)};
  /// Where moderators reach the console from their browsers ("https://mod.example.org/console/"),
  /// for the links in alerts; "https://" also marks the session cookie Secure. Empty: no links.
  std::string public_url;
  bool operator==(const console_config&) const = default;
};

/// Reads the `console` section.
void read_console(const config_reader& r, const YAML::Node& node, console_config& c);

} // namespace hatewatch::daemon
