#include "daemon/api/service.hpp"

#include "daemon/store/comment_store.hpp"

namespace hatewatch::daemon {
service::service(api_settings settings, std::shared_ptr<const model_set> models)
    : models_(std::move(models)), settings_(std::make_shared<const api_settings>(std::move(settings))) {}

std::optional<source_config> service::live_source(std::string_view name) const {
  const auto s = settings();
  if (const auto* src = s->find_source(name))
    return *src;
  return std::nullopt;
}

intake_context::limits service::live_limits() const {
  const auto s = settings();
  return {s->api.max_comment_bytes, s->api.explain_top};
}

void service::count_score(const store::comment_record& c, const source_config& src) noexcept {
  if (!c.unsupported)
    return metrics_.record_score(c.p, c.language);
  switch (src.alerts.unsupported_language) {
  case unsupported_policy::queue:
    return metrics_.record_unsupported(metrics::unsupported::queue);
  case unsupported_policy::alert:
    return metrics_.record_unsupported(metrics::unsupported::alert);
  case unsupported_policy::ignore:
    return metrics_.record_unsupported(metrics::unsupported::ignore);
  }
}

void service::update(std::shared_ptr<const model_set> models, api_settings settings) {
  settings_.store(std::make_shared<const api_settings>(std::move(settings)), std::memory_order_release);
  models_.store(std::move(models), std::memory_order_release);
}

} // namespace hatewatch::daemon
