// The config sections of alerting: channels and the dispatcher's settings.
#include "daemon/alerts/alerts_config.hpp"

#include "daemon/alerts/channels.hpp"
#include "daemon/base/config_reader.hpp"

namespace hatewatch::daemon {
namespace {

// The kinds' names for reader::choice, in the table's order.
const std::vector<std::pair<std::string_view, channel_kind>>& kind_names() {
  static const auto names = [] {
    std::vector<std::pair<std::string_view, channel_kind>> out;
    for (const auto& entry : channel_kinds())
      out.emplace_back(entry.name, entry.kind);
    return out;
  }();
  return names;
}

void read_channel(const config_reader& r, const YAML::Node& node, const std::string& prefix, channel_config& ch) {
  bool has_kind = false;
  auto url = [&](const YAML::Node& v, const std::string& k, std::initializer_list<const char*> schemes) {
    auto text = r.string(v, k);
    const bool ok = std::any_of(schemes.begin(), schemes.end(), [&](const char* scheme) {
      return text.starts_with(scheme) && text.size() > std::string_view(scheme).size();
    });
    if (!ok) {
      std::string expected;
      for (const char* scheme : schemes)
        expected += (expected.empty() ? "" : " or ") + std::string(scheme);
      r.fail(v, k, "expected a URL starting with " + expected); // the value itself may be a secret: not shown
    }
    return text;
  };
  r.section(node, prefix,
            {
                {"kind",
                 [&](auto& v, auto& k) {
                   ch.kind = r.choice(v, k, kind_names());
                   has_kind = true;
                 }},
                {"url",
                 [&](auto& v, auto& k) {
                   ch.url = url(v, k, {"https://", "http://"});
                 }},
                {"secret",
                 [&](auto& v, auto& k) {
                   ch.secret = r.string(v, k);
                   if (!ch.secret.empty() && ch.secret.size() < 12)
                     r.fail(v, k, "a secret must be at least 12 characters");
                 }},
                {"smtp_url",
                 [&](auto& v, auto& k) {
                   ch.smtp_url = url(v, k, {"smtp://", "smtps://"});
                 }},
                {"starttls", [&](auto& v, auto& k) { ch.starttls = r.boolean(v, k); }},
                {"username", [&](auto& v, auto& k) { ch.username = r.string(v, k); }},
                {"password", [&](auto& v, auto& k) { ch.password = r.string(v, k); }},
                {"from", [&](auto& v, auto& k) { ch.from = r.string(v, k); }},
                {"to", [&](auto& v, auto& k) { ch.to = r.strings(v, k); }},
                {"subject", [&](auto& v, auto& k) { ch.subject = r.string(v, k); }},
                {"ca_file", [&](auto& v, auto& k) { ch.ca_file = r.string(v, k); }},
                {"room",
                 [&](auto& v, auto& k) {
                   ch.room = r.string(v, k);
                   if (!ch.room.starts_with('!') || ch.room.find(':') == std::string::npos)
                     r.fail(v, k, "expected a room ID (!id:server, in the room's settings), not an alias or a name");
                 }},
                {"access_token",
                 [&](auto& v, auto& k) {
                   ch.access_token = r.string(v, k);
                   if (ch.access_token.empty())
                     r.fail(v, k, "must not be empty");
                 }},
                {"timeout", [&](auto& v, auto& k) { ch.timeout = r.duration(v, k, 100ms); }},
            });
  if (!has_kind)
    r.fail(node, prefix, "kind is required (" + config_reader::listed(kind_names()) + ")");
  if (const char* why = kind_of(ch.kind).missing(ch))
    r.fail(node, prefix, why);
}

} // namespace

void read_channels(const config_reader& r, const YAML::Node& node, std::vector<channel_config>& channels) {
  if (node.IsNull())
    return;
  if (!node.IsMap())
    r.fail(node, "channels", "expected a mapping of channel names to channels");
  for (const auto& entry : node) {
    channel_config ch;
    ch.name = r.key_name(entry.first, "channels");
    const auto key = "channels." + ch.name;
    if (!valid_name(ch.name))
      r.fail(entry.first, key, "a channel name is 1-64 characters of a-z, 0-9, '-' and '_'");
    for (const auto& other : channels)
      if (other.name == ch.name)
        r.fail(entry.first, "", "duplicate key '" + key + "'");
    read_channel(r, entry.second, key, ch);
    channels.push_back(std::move(ch));
  }
}

void read_alerts(const config_reader& r, const YAML::Node& node, alerts_config& a) {
  r.section(node, "alerts",
            {
                {"digest_after",
                 [&](auto& v, auto& k) { a.digest_after = static_cast<std::uint32_t>(r.whole(v, k, 1, 100000)); }},
                {"digest_window", [&](auto& v, auto& k) { a.digest_window = r.duration(v, k, 1000ms); }},
                {"max_attempts",
                 [&](auto& v, auto& k) { a.max_attempts = static_cast<std::uint32_t>(r.whole(v, k, 1, 1000)); }},
                {"retry_base", [&](auto& v, auto& k) { a.retry_base = r.duration(v, k, 100ms); }},
                {"retry_max", [&](auto& v, auto& k) { a.retry_max = r.duration(v, k, 100ms); }},
                {"interval", [&](auto& v, auto& k) { a.interval = r.duration(v, k, 50ms); }},
                {"lease", [&](auto& v, auto& k) { a.lease = r.duration(v, k, 1000ms); }},
                {"excerpt_bytes",
                 [&](auto& v, auto& k) { a.excerpt_bytes = static_cast<std::uint32_t>(r.whole(v, k, 0, 2800)); }},
            });
}

} // namespace hatewatch::daemon
