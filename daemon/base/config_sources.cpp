// The config section of sources: the forums comments come from, their thresholds and polling.
#include "daemon/base/config_reader.hpp"

namespace hatewatch::daemon::config_detail {
namespace {

constexpr std::array<std::pair<std::string_view, source_kind>, 4> source_kinds{{{"discourse", source_kind::discourse},
                                                                                 {"generic", source_kind::generic},
                                                                                 {"coral", source_kind::coral},
                                                                                 {"perspective", source_kind::perspective}}};
constexpr std::array<std::pair<std::string_view, unsupported_policy>, 3> unsupported_policies{
    {{"queue", unsupported_policy::queue}, {"alert", unsupported_policy::alert}, {"ignore", unsupported_policy::ignore}}};

void read_poll(const reader& r, const YAML::Node& node, const std::string& prefix, poll_config& p) {
  r.section(
      node, prefix,
      {
          {"base_url",
           [&](auto& v, auto& k) {
             p.base_url = r.string(v, k);
             if (!p.base_url.starts_with("http://") && !p.base_url.starts_with("https://"))
               r.fail(v, k, "expected an http:// or https:// URL");
             while (p.base_url.ends_with('/'))
               p.base_url.pop_back();
           }},
          {"api_key", [&](auto& v, auto& k) { p.api_key = r.string(v, k); }},
          {"api_username", [&](auto& v, auto& k) { p.api_username = r.string(v, k); }},
          {"interval", [&](auto& v, auto& k) { p.interval = r.duration(v, k, 100ms); }},
          {"timeout", [&](auto& v, auto& k) { p.timeout = r.duration(v, k, 100ms); }},
          {"max_backoff", [&](auto& v, auto& k) { p.max_backoff = r.duration(v, k, 100ms); }},
          {"max_pages", [&](auto& v, auto& k) { p.max_pages = static_cast<std::uint32_t>(r.whole(v, k, 1, 100000)); }},
      });
  if (p.base_url.empty())
    r.fail(node, prefix, "base_url is required");
}

void read_source(const reader& r, const YAML::Node& node, const std::string& prefix, source_config& src) {
  bool has_kind = false;
  r.section(
      node, prefix,
      {
          {"name",
           [&](auto& v, auto& k) {
             src.name = r.string(v, k);
             if (!valid_name(src.name))
               r.fail(v, k, "a source name is 1-64 characters of a-z, 0-9, '-' and '_'");
           }},
          {"model",
           [&](auto& v, auto& k) {
             const auto path = r.string(v, k);
             if (path.empty())
               r.fail(v, k, "must not be empty");
             src.model = path;
           }},
          {"kind",
           [&](auto& v, auto& k) {
             src.kind = r.choice(v, k, source_kinds);
             has_kind = true;
           }},
          {"secret",
           [&](auto& v, auto& k) {
             src.secret = r.string(v, k);
             if (!src.secret.empty() && src.secret.size() < 12)
               r.fail(v, k, "a secret must be at least 12 characters (Discourse's own minimum)");
           }},
          {"include_private", [&](auto& v, auto& k) { src.include_private = r.boolean(v, k); }},
          {"coral_status",
           [&](auto& v, auto& k) {
             src.coral_status = r.string(v, k);
             static const char* statuses[] = {"NONE", "APPROVED", "REJECTED", "PREMOD", "SYSTEM_WITHHELD"};
             if (std::none_of(std::begin(statuses), std::end(statuses),
                              [&](const char* st) { return src.coral_status == st; }))
               r.fail(v, k, "expected NONE, APPROVED, REJECTED, PREMOD or SYSTEM_WITHHELD, got '" + src.coral_status + "'");
           }},
          {"thresholds",
           [&](auto& v, auto& k) {
             r.section(v, k,
                       {
                           {"hate_speech", [&](auto& tv, auto& tk) { src.hate_speech_threshold = r.number(tv, tk, 0, 1); }},
                           {"offensive_language",
                            [&](auto& tv, auto& tk) { src.offensive_language_threshold = r.number(tv, tk, 0, 1); }},
                           {"not_neither",
                            [&](auto& tv, auto& tk) { src.not_neither_threshold = r.number(tv, tk, 0, 1); }},
                       });
           }},
          {"poll",
           [&](auto& v, auto& k) {
             src.polls = true;
             read_poll(r, v, k, src.poll);
           }},
          {"min_text_length",
           [&](auto& v, auto& k) { src.min_text_length = static_cast<std::uint32_t>(r.whole(v, k, 0, 1 << 24)); }},
          {"unsupported_language",
           [&](auto& v, auto& k) { src.unsupported_language = r.choice(v, k, unsupported_policies); }},
          {"bypass",
           [&](auto& v, auto& k) {
             r.section(v, k,
                       {
                           {"staff", [&](auto& bv, auto& bk) { src.bypass_staff = r.boolean(bv, bk); }},
                           {"min_trust_level",
                            [&](auto& bv, auto& bk) {
                              src.bypass_min_trust_level = static_cast<std::int64_t>(r.whole(bv, bk, 0, 4));
                            }},
                       });
           }},
          {"notify", [&](auto& v, auto& k) { src.notify = r.strings(v, k); }},
          {"flag",
           [&](auto& v, auto& k) {
             r.section(v, k,
                       {
                           {"enabled", [&](auto& fv, auto& fk) { src.flag.enabled = r.boolean(fv, fk); }},
                           {"post_action_type_id",
                            [&](auto& fv, auto& fk) {
                              src.flag.post_action_type_id = static_cast<std::uint32_t>(r.whole(fv, fk, 1, 100));
                            }},
                           {"base_url",
                            [&](auto& fv, auto& fk) {
                              src.flag.base_url = r.string(fv, fk);
                              if (!src.flag.base_url.starts_with("http://") && !src.flag.base_url.starts_with("https://"))
                                r.fail(fv, fk, "expected an http:// or https:// URL");
                              while (src.flag.base_url.ends_with('/'))
                                src.flag.base_url.pop_back();
                            }},
                           {"api_key", [&](auto& fv, auto& fk) { src.flag.api_key = r.string(fv, fk); }},
                           {"api_username", [&](auto& fv, auto& fk) { src.flag.api_username = r.string(fv, fk); }},
                       });
           }},
      });
  if (src.name.empty())
    r.fail(node, prefix, "name is required");
  if (!has_kind)
    r.fail(node, prefix, "kind is required (discourse or generic)");
  if (src.polls && src.kind != source_kind::discourse)
    r.fail(node, prefix + ".poll", "only discourse sources can be polled");
  if (!src.coral_status.empty() && src.kind != source_kind::coral)
    r.fail(node, prefix + ".coral_status", "only coral sources have a coral_status");
  if (src.flag.enabled) {
    if (src.kind != source_kind::discourse)
      r.fail(node, prefix + ".flag", "only discourse sources can flag posts");
    if (src.flag.base_url.empty() && src.polls)
      src.flag.base_url = src.poll.base_url;
    if (src.flag.api_key.empty() && src.polls) {
      src.flag.api_key = src.poll.api_key;
      src.flag.api_username = src.poll.api_username;
    }
    if (src.flag.base_url.empty() || src.flag.api_key.empty())
      r.fail(node, prefix + ".flag", "flagging needs base_url and api_key (here or in the source's poll section)");
  }
}

} // namespace

/// Source and channel names: they appear in URLs and metrics labels.
bool valid_name(const std::string& name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

void read_sources(const reader& r, const YAML::Node& node, std::vector<source_config>& sources) {
  if (node.IsNull())
    return;
  if (!node.IsSequence())
    r.fail(node, "sources", "expected a list of sources");
  std::set<std::string> names;
  for (std::size_t i = 0; i < node.size(); ++i) {
    source_config src;
    const auto key = "sources[" + std::to_string(i) + "]";
    read_source(r, node[i], key, src);
    if (!names.insert(src.name).second)
      r.fail(node[i], key + ".name", "source '" + src.name + "' is defined twice");
    sources.push_back(std::move(src));
  }
}

} // namespace hatewatch::daemon::config_detail

namespace hatewatch::daemon {

using config_detail::source_kinds;
using config_detail::unsupported_policies;

const char* source_kind_name(source_kind k) {
  for (const auto& [name, kind] : source_kinds)
    if (kind == k)
      return name.data(); // the names are literals: NUL-terminated
  return "generic";
}

const char* unsupported_policy_name(unsupported_policy p) {
  for (const auto& [name, policy] : unsupported_policies)
    if (policy == p)
      return name.data();
  return "queue";
}

} // namespace hatewatch::daemon
