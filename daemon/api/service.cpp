#include "daemon/api/service.hpp"

#include "daemon/store/comment_store.hpp"

namespace hatewatch::daemon {
namespace {

std::shared_ptr<const api_settings> settings_of(const config& cfg) {
  return std::make_shared<const api_settings>(
      api_settings{cfg.api, cfg.auth, cfg.rate_limit, cfg.sources, cfg.perspective, cfg.openai, cfg.console, cfg.model});
}

} // namespace

const source_config* api_settings::find_source(std::string_view name) const {
  for (const auto& s : sources)
    if (s.name == name)
      return &s;
  return nullptr;
}

service::service(const config& cfg, std::shared_ptr<const model_set> models)
    : models_(std::move(models)), settings_(settings_of(cfg)) {}

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
  switch (src.unsupported_language) {
  case unsupported_policy::queue:
    return metrics_.record_unsupported(metrics::unsupported::queue);
  case unsupported_policy::alert:
    return metrics_.record_unsupported(metrics::unsupported::alert);
  case unsupported_policy::ignore:
    return metrics_.record_unsupported(metrics::unsupported::ignore);
  }
}

void service::update(std::shared_ptr<const model_set> models, const config& cfg) {
  settings_.store(settings_of(cfg), std::memory_order_release);
  models_.store(std::move(models), std::memory_order_release);
}

} // namespace hatewatch::daemon
