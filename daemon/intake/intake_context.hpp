#pragma once
// What intake outside a request (the poller) needs of the running daemon, and nothing more: the
// live model and the live settings of a source, both of which a reload may swap, and the counter of
// scores in /metrics. The API service provides it (api/service.hpp); a test can provide its own.
//
// Thread safety: every member is safe from any thread.

#include "daemon/models/model_set.hpp"
#include "daemon/intake/source_config.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

namespace hatewatch::daemon {

namespace store {
struct comment_record;
}

class intake_context {
public:
  /// The API limits that apply to every comment (api.max_comment_bytes, api.explain_top).
  struct limits {
    std::uint64_t max_comment_bytes = 0;
    std::uint32_t explain_top = 0;
  };

  virtual ~intake_context() = default;
  /// The live models; nullptr when none is loaded.
  virtual std::shared_ptr<const model_set> live_models() const = 0;
  /// The live settings of the source called `name`; nothing when a reload removed it.
  virtual std::optional<source_config> live_source(std::string_view name) const = 0;
  virtual limits live_limits() const = 0;
  /// Counts one comment that score_comment() went through in /metrics: its scores, or, when the
  /// model could not read it, what the source's unsupported_language policy made of it.
  virtual void count_score(const store::comment_record& c, const source_config& src) noexcept = 0;
};

} // namespace hatewatch::daemon
