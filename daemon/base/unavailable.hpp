#pragma once
// The one kind of error that is neither the client's fault nor a defect: something the daemon
// depends on cannot serve right now (a storage fault, no model loaded) and a retry may succeed.
// Each API family's single catch answers it with 503 and Retry-After, in its own envelope; every
// other std::exception that reaches a catch is a defect: 500 and a log line.

#include <stdexcept>
#include <string>
#include <utility>

namespace hatewatch::daemon {

class unavailable_error : public std::runtime_error {
public:
  explicit unavailable_error(const std::string& what) : std::runtime_error(what), client_detail_(what) {}
  /// `client_detail`: what the client is told, where what() may hold more than a client should
  /// see (a database's message: SQL text, server process ids), which stays in the log.
  unavailable_error(const std::string& what, std::string client_detail)
      : std::runtime_error(what), client_detail_(std::move(client_detail)) {}
  const std::string& client_detail() const noexcept { return client_detail_; }

private:
  std::string client_detail_;
};

/// Seconds a client is asked to wait before retrying after an unavailable_error.
inline constexpr const char* retry_after_seconds_text = "5";

} // namespace hatewatch::daemon
