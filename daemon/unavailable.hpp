#pragma once
// The one kind of error that is neither the client's fault nor a defect: something the daemon
// depends on cannot serve right now (a storage fault, no model loaded) and a retry may succeed.
// Each API family's single catch answers it with 503 and Retry-After, in its own envelope; every
// other std::exception that reaches a catch is a defect: 500 and a log line.

#include <stdexcept>

namespace hatewatch::daemon {

class unavailable_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Seconds a client is asked to wait before retrying after an unavailable_error.
inline constexpr const char* retry_after_seconds_text = "5";

} // namespace hatewatch::daemon
