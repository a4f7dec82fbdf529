#pragma once
// Why intake refuses a delivery or a polled post: malformed (a missing or ill-typed field, a body
// of the wrong shape) or too large (a text over api.max_comment_bytes or max_text_bytes, more comments than
// api.max_batch). Intake knows nothing of HTTP: the session's one catch answers these 400 and 413,
// and the poller logs and skips the post.

#include <stdexcept>
#include <string>

namespace hatewatch::daemon {

class intake_error : public std::runtime_error {
public:
  enum class kind { malformed, too_large };
  intake_error(kind k, std::string what) : std::runtime_error(std::move(what)), kind_(k) {}
  kind why() const noexcept { return kind_; }

private:
  kind kind_;
};

} // namespace hatewatch::daemon
