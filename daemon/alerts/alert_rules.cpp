// The alert rules in a source's config entry: which comments alert and what they reach.
#include "daemon/alerts/alerts_config.hpp"

#include "daemon/base/config_reader.hpp"

namespace hatewatch::daemon {
namespace {

constexpr std::array<std::pair<std::string_view, unsupported_policy>, 3> unsupported_policies{
    {{"queue", unsupported_policy::queue},
     {"alert", unsupported_policy::alert},
     {"ignore", unsupported_policy::ignore}}};

} // namespace

const char* unsupported_policy_name(unsupported_policy p) {
  for (const auto& [name, policy] : unsupported_policies)
    if (policy == p)
      return name.data(); // the names are literals: NUL-terminated
  return "queue";
}

std::map<std::string, std::function<void(const YAML::Node&, const std::string&)>>
alert_rule_keys(const config_reader& r, alert_rules& rules) {
  return {
      {"min_text_length",
       [&](auto& v, auto& k) { rules.min_text_length = static_cast<std::uint32_t>(r.whole(v, k, 0, 1 << 24)); }},
      {"unsupported_language",
       [&](auto& v, auto& k) { rules.unsupported_language = r.choice(v, k, unsupported_policies); }},
      {"bypass",
       [&](auto& v, auto& k) {
         r.section(v, k,
                   {
                       {"staff", [&](auto& bv, auto& bk) { rules.bypass_staff = r.boolean(bv, bk); }},
                       {"min_trust_level",
                        [&](auto& bv, auto& bk) {
                          rules.bypass_min_trust_level = static_cast<std::int64_t>(r.whole(bv, bk, 0, 4));
                        }},
                   });
       }},
      {"notify", [&](auto& v, auto& k) { rules.notify = r.strings(v, k); }},
      {"flag",
       [&](auto& v, auto& k) {
         auto& flag = rules.flag;
         r.section(v, k,
                   {
                       {"enabled", [&](auto& fv, auto& fk) { flag.enabled = r.boolean(fv, fk); }},
                       {"post_action_type_id",
                        [&](auto& fv, auto& fk) {
                          flag.post_action_type_id = static_cast<std::uint32_t>(r.whole(fv, fk, 1, 100));
                        }},
                       {"base_url", [&](auto& fv, auto& fk) { flag.base_url = r.base_url(fv, fk); }},
                       {"api_key", [&](auto& fv, auto& fk) { flag.api_key = r.string(fv, fk); }},
                       {"api_username", [&](auto& fv, auto& fk) { flag.api_username = r.string(fv, fk); }},
                   });
       }},
  };
}

} // namespace hatewatch::daemon
