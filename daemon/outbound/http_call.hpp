#pragma once
// Outbound HTTP(S) through libcurl, for the poller (and the alert channels): one blocking call with
// a whole-request deadline, run on the caller's own thread, never on an I/O thread.
//
// Thread safety: calls from different threads are independent (one easy handle per call).

#include <atomic>
#include <optional>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace hatewatch::daemon {

struct http_call {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{10000};
  /// Most bytes of answer kept; a longer answer fails the call.
  std::size_t max_response_bytes = 8 << 20;
  /// A CA bundle to trust besides the system's.
  std::string ca_file;
  /// When set and it turns true, the call is abandoned (a stopping daemon does not wait for it).
  const std::atomic<bool>* cancel = nullptr;
};

struct http_answer {
  /// 0 when no answer came (see `error`).
  long status = 0;
  std::string body;
  /// The Retry-After header, if the answer had one (seconds, or an HTTP date as sent).
  std::string retry_after;
  /// What went wrong before an answer: timeout, refused connection, TLS... (empty otherwise).
  std::string error;

  bool ok() const { return error.empty() && status >= 200 && status < 300; }
};

/// Performs the call; never throws for network failures (they land in `error`).
http_answer perform(const http_call& call);

/// Seconds to wait from a Retry-After value ("120"); nothing for a date or garbage.
std::optional<std::chrono::seconds> retry_after_seconds(const std::string& value);

} // namespace hatewatch::daemon
