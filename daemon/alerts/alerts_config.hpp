#pragma once
// The alerts area's config: the `channels` and `alerts` sections, and each source's alert rules
// (which comments alert, whom they notify, whether the post is flagged), read from the source's
// entry under `sources` by alert_rule_keys() so that the intake, which owns that entry, need not
// know them.

#include "daemon/base/config_fwd.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace hatewatch::daemon {

/// The kinds of channel; channels.cpp's table gives each its name, its required keys and its
/// delivery (docs/extending.md: adding one).
enum class channel_kind { slack, discord, webhook, email, matrix };

/// Where alerts go. URLs of Slack/Discord webhooks are secrets: they are never logged.
struct channel_config {
  std::string name;
  channel_kind kind = channel_kind::webhook;
  /// slack, discord, webhook: where to POST; matrix: the homeserver ("https://matrix.example.org").
  std::string url;
  /// webhook: HMAC-SHA256 key for X-Hatewatch-Signature (optional).
  std::string secret;
  /// email: smtp://host:587 (with starttls) or smtps://host:465 (implicit TLS).
  std::string smtp_url;
  bool starttls = true;
  std::string username;
  std::string password;
  std::string from;
  std::vector<std::string> to;
  std::string subject = "hatewatch: comment flagged in {source}";
  /// matrix: the room's ID ("!abc123:example.org"; an alias such as #mods:example.org cannot be sent to).
  std::string room;
  /// matrix: the access token of the account that posts (a secret: never logged).
  std::string access_token;
  /// A CA bundle to trust besides the system's (a private mail or webhook server).
  std::string ca_file;
  std::chrono::milliseconds timeout = 10s;

  bool operator==(const channel_config&) const = default;
};

struct alerts_config {
  /// Past this many alerts for one source and channel within `digest_window`, the rest are sent
  /// together as one digest message.
  std::uint32_t digest_after = 5;
  std::chrono::milliseconds digest_window = 1min;
  /// A delivery is given up (dead) after this many attempts.
  std::uint32_t max_attempts = 12;
  /// The wait after the first failed attempt; it doubles up to retry_max.
  std::chrono::milliseconds retry_base = 5s;
  std::chrono::milliseconds retry_max = 30min;
  /// How often the dispatcher looks for due alerts.
  std::chrono::milliseconds interval = 1s;
  /// How long alerts a dispatcher claimed stay its own: if its replica dies, another delivers them
  /// this long after the claim. A round stops taking up new deliveries past half of it.
  std::chrono::milliseconds lease = 1min;
  /// Longest excerpt of the comment text in a message, in bytes.
  std::uint32_t excerpt_bytes = 500;

  bool operator==(const alerts_config&) const = default;
};

/// Flagging the post on Discourse itself (POST /post_actions.json) when a comment alerts.
struct flag_config {
  bool enabled = false;
  /// 7 "notify moderators" (default), 4 inappropriate, 3 off-topic, 6 notify user, 8 spam.
  std::uint32_t post_action_type_id = 7;
  /// The forum and an API key allowed to flag; taken from the source's poll section when unset.
  std::string base_url;
  std::string api_key;
  std::string api_username = "system";

  bool operator==(const flag_config&) const = default;
};

/// What becomes of a comment in a language the model does not read (it is never scored).
enum class unsupported_policy {
  /// Stored as not scored, for moderators to look at; counted in /metrics.
  queue,
  /// The same, and the source's channels are told (an alert that says "not scored").
  alert,
  /// Stored as not scored, nothing else.
  ignore,
};

/// "queue", "alert", "ignore".
const char* unsupported_policy_name(unsupported_policy p);

/// A source's alert rules: which of its stored comments alert, and what they reach.
struct alert_rules {
  /// No alert for texts shorter than this (in bytes) ...
  std::uint32_t min_text_length = 0;
  /// ... nor for staff (admins, moderators) ...
  bool bypass_staff = true;
  /// ... nor for authors at or above this trust level (< 0: no bypass by trust level).
  std::int64_t bypass_min_trust_level = -1;
  /// The channels (names under `channels`) told about each flagged comment.
  std::vector<std::string> notify;
  /// Comments in a language the model does not read.
  unsupported_policy unsupported_language = unsupported_policy::queue;
  /// Discourse sources only (the source's reader checks it, and fills in its poll credentials).
  flag_config flag;

  bool operator==(const alert_rules&) const = default;
};

/// The keys of a source's entry that are alert rules (min_text_length, unsupported_language,
/// bypass, notify, flag), with their handlers filling `rules`: the source's reader adds them to
/// its own. Both references must outlive the handlers.
std::map<std::string, std::function<void(const YAML::Node&, const std::string&)>>
alert_rule_keys(const config_reader& r, alert_rules& rules);

/// Reads the `channels` section (a mapping of names to channels).
void read_channels(const config_reader& r, const YAML::Node& node, std::vector<channel_config>& channels);
/// Reads the `alerts` section.
void read_alerts(const config_reader& r, const YAML::Node& node, alerts_config& a);

/// What the dispatcher works from: the alerts area's sections, each flagging source's flag set-up,
/// and the console's address for links (console.public_url).
struct dispatcher_config {
  alerts_config alerts;
  std::vector<channel_config> channels;
  std::map<std::string, flag_config> flags; // by source
  std::string console_url;
};

} // namespace hatewatch::daemon
