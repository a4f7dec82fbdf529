#include "daemon/http/error_answer.hpp"

#include "daemon/base/intake_error.hpp"
#include "daemon/base/logging.hpp"
#include "daemon/base/refusal_log.hpp"
#include "daemon/base/unavailable.hpp"
#include "daemon/http/problem.hpp"

namespace hatewatch::daemon {

error_answer answer_for(const std::exception_ptr& error, std::string_view where) {
  error_answer a;
  try {
    std::rethrow_exception(error);
  } catch (const http_error& e) {
    a = {e.status(), e.what(), e.headers()};
  } catch (const intake_error& e) {
    // What was delivered is refused: its fault, not ours.
    const bool too_large = e.why() == intake_error::kind::too_large;
    if (too_large)
      log_too_large(where, e);
    a = {too_large ? http::status::payload_too_large : http::status::bad_request, e.what(), {}};
  } catch (const unavailable_error& e) {
    // A fault of what the daemon depends on: the client should retry.
    log_unavailable(where, e);
    a = {http::status::service_unavailable, "unavailable, retry later: " + e.client_detail(),
         {{http::field::retry_after, retry_after_seconds_text}}};
  } catch (const std::exception& e) {
    get_logger("http")->error("{}: {}", where, e.what());
  } catch (...) {
    get_logger("http")->error("{}: an exception that is not a std::exception", where);
  }
  return a;
}

} // namespace hatewatch::daemon
