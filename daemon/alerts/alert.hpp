#pragma once
// An alert as the dispatcher hands it to a channel, and what a delivery attempt came to.

#include "core/labels.hpp"
#include "daemon/store/outbox.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hatewatch::daemon {

/// One outbox row with the comment and score it is about (read by store::due_alerts()).
using alert_item = store::due_alert;

struct delivery_result {
  enum class outcome { delivered, retry, dead };
  outcome result = outcome::retry;
  /// The HTTP status (or SMTP reply code); 0 when none came.
  long status = 0;
  /// Why it did not work: no secrets, no URLs.
  std::string error;
  /// A wait the receiver asked for (429 Retry-After).
  std::optional<std::chrono::milliseconds> retry_after;
};

struct http_answer;

/// The usual reading of an HTTP answer: 2xx delivered; 429 retry (after Retry-After); 408 and 5xx and
/// no answer at all retry; any other 4xx is permanent (dead), with the answer's first bytes as reason.
delivery_result classify(const http_answer& answer);

} // namespace hatewatch::daemon
