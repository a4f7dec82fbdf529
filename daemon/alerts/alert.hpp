#pragma once
// An alert as the dispatcher hands it to a channel, and what a delivery attempt came to.

#include "core/labels.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hatewatch::daemon {

/// One outbox row with the comment and score it is about.
struct alert_item {
  std::int64_t alert_id = 0;
  std::string event_id;
  std::string channel;
  std::int64_t attempts = 0;
  std::int64_t comment_id = 0;
  std::string source;
  std::string external_id;
  std::int64_t version = 1;
  std::string author;
  std::string url;
  std::string text; // empty once purged
  core::probabilities p{};
  std::string explanation_json;
  std::string model_version;
  std::int64_t created_at = 0; // ms since the epoch
};

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
