#include "daemon/alerts/routing.hpp"

namespace hatewatch::daemon {

std::vector<std::string> alerts_for(const store::comment_record& c, const alert_rules& rules) {
  const bool alerts = c.unsupported ? rules.unsupported_language == unsupported_policy::alert : c.flagged;
  if (!alerts || c.text.size() < rules.min_text_length)
    return {};
  if (rules.bypass_staff && c.author_staff)
    return {};
  if (rules.bypass_min_trust_level >= 0 && c.author_trust_level &&
      *c.author_trust_level >= rules.bypass_min_trust_level)
    return {};
  auto out = rules.notify;
  if (rules.flag.enabled) // only Discourse sources may set it (the source's reader checks)
    out.emplace_back(flag_channel);
  return out;
}

} // namespace hatewatch::daemon
