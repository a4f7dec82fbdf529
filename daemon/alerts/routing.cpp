#include "daemon/alerts/routing.hpp"

namespace hatewatch::daemon {

std::vector<std::string> alerts_for(const store::comment_record& c, const source_config& src) {
  const bool alerts = c.unsupported ? src.unsupported_language == unsupported_policy::alert : c.flagged;
  if (!alerts || c.text.size() < src.min_text_length)
    return {};
  if (src.bypass_staff && c.author_staff)
    return {};
  if (src.bypass_min_trust_level >= 0 && c.author_trust_level && *c.author_trust_level >= src.bypass_min_trust_level)
    return {};
  auto out = src.notify;
  if (src.flag.enabled && src.kind == source_kind::discourse)
    out.emplace_back(flag_channel);
  return out;
}

} // namespace hatewatch::daemon
