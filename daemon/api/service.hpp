#pragma once
// What the request handlers share: the live models, the settings a reload may change, the metrics
// and the rate limiter.
//
// Thread safety: every member is safe from any thread. The models and settings are immutable
// objects behind atomically swapped shared_ptrs: a reload never blocks a request, and a request
// in flight finishes on the models it started with.
// Lifetime: owned by the server; outlives the I/O threads.

#include "daemon/api/console_sessions.hpp"
#include "daemon/api/login_throttle.hpp"
#include "daemon/api/password_checker.hpp"
#include "daemon/api/rate_limiter.hpp"
#include "daemon/api/api_config.hpp"
#include "daemon/intake/intake_context.hpp"
#include "daemon/base/unavailable.hpp"
#include "daemon/base/metrics.hpp"

#include <atomic>
#include <functional>
#include <string>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace hatewatch::daemon {

namespace store {
class writer;
class reader;
} // namespace store

class service final : public intake_context {
public:
  service(api_settings settings, std::shared_ptr<const model_set> models);
  service(api_settings settings, std::shared_ptr<const core::model> model)
      : service(std::move(settings), only(std::move(model))) {}

  // intake_context, for the poller:
  std::shared_ptr<const model_set> live_models() const override { return models(); }
  std::optional<source_config> live_source(std::string_view name) const override;
  limits live_limits() const override;
  void count_score(const store::comment_record& c, const source_config& src) noexcept override;

  std::shared_ptr<const model_set> models() const { return models_.load(std::memory_order_acquire); }
  /// The live models; throws unavailable_error (503 with Retry-After) when none is loaded.
  std::shared_ptr<const model_set> require_models() const {
    auto m = models();
    if (!m)
      throw unavailable_error(no_model_detail);
    return m;
  }
  /// The default model (model.path), whose version the daemon reports; nullptr when none is loaded.
  std::shared_ptr<const core::model> model() const {
    auto set = models();
    return set ? std::shared_ptr<const core::model>(set, set->fallback.get()) : nullptr;
  }
  std::shared_ptr<const api_settings> settings() const { return settings_.load(std::memory_order_acquire); }

  /// Swaps in new models and settings (a reload).
  void update(std::shared_ptr<const model_set> models, api_settings settings);

  /// Ready: a model is loaded and the server is not draining.
  bool ready() const { return models() && !draining_.load(std::memory_order_acquire); }
  void set_draining() { draining_.store(true, std::memory_order_release); }

  /// The store, when storage is on (set once by the server before the I/O threads start).
  void attach_store(store::writer* w, store::reader* r) {
    writer_ = w;
    reader_ = r;
  }
  store::writer* writer() const { return writer_; }
  store::reader* reader() const { return reader_; }

  /// Reloads the config file and the models now, as SIGHUP does, and waits for it: nothing when it
  /// succeeded, else why it was refused (the running ones stay). Set by the server before it starts;
  /// never call it from an I/O thread (it waits for a model to load).
  using reload_function = std::function<std::optional<std::string>()>;
  void set_reload(reload_function f) { reload_ = std::move(f); }
  std::optional<std::string> reload() const {
    return reload_ ? reload_() : std::optional<std::string>("this daemon cannot reload");
  }

  /// More /metrics lines from components the service does not own (set before the server starts).
  void add_metrics(std::function<void(std::string&)> f) { extra_metrics_.push_back(std::move(f)); }
  void render_extra_metrics(std::string& out) const {
    for (const auto& f : extra_metrics_)
      f(out);
  }

  /// A background component's trouble, for /readyz: which component, and what is wrong.
  struct component_fault {
    std::string component;
    std::string error;
  };
  /// Adds a probe that appends the faults of a component the service does not own (the alert
  /// dispatcher, the poller); set before the server starts.
  void add_health(std::function<void(std::vector<component_fault>&)> probe) { health_.push_back(std::move(probe)); }
  std::vector<component_fault> component_faults() const {
    std::vector<component_fault> out;
    for (const auto& probe : health_)
      probe(out);
    return out;
  }

  metrics& stats() { return metrics_; }
  rate_limiter& limiter() { return limiter_; }
  /// The console's logins (see console_sessions.hpp, login_throttle.hpp, password_checker.hpp).
  console_sessions& sessions() { return sessions_; }
  login_throttle& logins() { return logins_; }
  password_checker& passwords() { return passwords_; }

private:
  std::atomic<std::shared_ptr<const model_set>> models_;
  std::atomic<std::shared_ptr<const api_settings>> settings_;
  std::atomic<bool> draining_{false};
  metrics metrics_;
  rate_limiter limiter_;
  console_sessions sessions_;
  login_throttle logins_;
  password_checker passwords_;
  store::writer* writer_ = nullptr;
  store::reader* reader_ = nullptr;
  std::vector<std::function<void(std::string&)>> extra_metrics_;
  reload_function reload_;
  std::vector<std::function<void(std::vector<component_fault>&)>> health_;
};

} // namespace hatewatch::daemon
