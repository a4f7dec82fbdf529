// The config section of sources: the forums comments come from, their thresholds and polling.
#include "daemon/intake/source_config.hpp"

#include "daemon/base/config_reader.hpp"

namespace hatewatch::daemon {
namespace {

constexpr std::array<std::pair<std::string_view, source_kind>, 4> source_kinds{
    {{"discourse", source_kind::discourse},
     {"generic", source_kind::generic},
     {"coral", source_kind::coral},
     {"perspective", source_kind::perspective}}};

void read_poll(const config_reader& r, const YAML::Node& node, const std::string& prefix, poll_config& p) {
  r.section(
      node, prefix,
      {
          {"base_url", [&](auto& v, auto& k) { p.base_url = r.base_url(v, k); }},
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

void read_source(const config_reader& r, const YAML::Node& node, const std::string& prefix, source_config& src) {
  bool has_kind = false;
  std::map<std::string, config_reader::handler> keys{
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
                       {"not_neither", [&](auto& tv, auto& tk) { src.not_neither_threshold = r.number(tv, tk, 0, 1); }},
                   });
       }},
      {"poll",
       [&](auto& v, auto& k) {
         src.polls = true;
         read_poll(r, v, k, src.poll);
       }},
  };
  keys.merge(alert_rule_keys(r, src.alerts));
  r.section(node, prefix, keys);
  if (src.name.empty())
    r.fail(node, prefix, "name is required");
  if (!has_kind)
    r.fail(node, prefix, "kind is required (discourse or generic)");
  if (src.polls && src.kind != source_kind::discourse)
    r.fail(node, prefix + ".poll", "only discourse sources can be polled");
  if (!src.coral_status.empty() && src.kind != source_kind::coral)
    r.fail(node, prefix + ".coral_status", "only coral sources have a coral_status");
  if (auto& flag = src.alerts.flag; flag.enabled) {
    if (src.kind != source_kind::discourse)
      r.fail(node, prefix + ".flag", "only discourse sources can flag posts");
    if (flag.base_url.empty() && src.polls)
      flag.base_url = src.poll.base_url;
    if (flag.api_key.empty() && src.polls) {
      flag.api_key = src.poll.api_key;
      flag.api_username = src.poll.api_username;
    }
    if (flag.base_url.empty() || flag.api_key.empty())
      r.fail(node, prefix + ".flag", "flagging needs base_url and api_key (here or in the source's poll section)");
  }
}

} // namespace

void read_sources(const config_reader& r, const YAML::Node& node, std::vector<source_config>& sources) {
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

std::vector<std::pair<std::string, std::filesystem::path>> source_models(const std::vector<source_config>& sources) {
  std::vector<std::pair<std::string, std::filesystem::path>> out;
  for (const auto& src : sources)
    if (!src.model.empty())
      out.emplace_back(src.name, src.model);
  return out;
}

const char* source_kind_name(source_kind k) {
  for (const auto& [name, kind] : source_kinds)
    if (kind == k)
      return name.data(); // the names are literals: NUL-terminated
  return "generic";
}

} // namespace hatewatch::daemon
