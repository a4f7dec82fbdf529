// The HTTP checks: one real server per process (loopback, a temporary database, the shipped model,
// sources of every kind), and each input sent on a fresh connection whose sending side is then
// shut down, so the server sees the whole input and its end. See fuzz_checks.hpp.
#include "fuzz/fuzz_checks.hpp"

#include "daemon/base/signature.hpp"
#include "daemon/app/server.hpp"
#include "support/temp_dir.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hatewatch::test {
namespace {

namespace http = boost::beast::http;

constexpr const char* discourse_secret = "fuzz-discourse-secret";
constexpr const char* generic_secret = "fuzz-generic-secret";
constexpr const char* coral_secret = "fuzz-coral-secret";
constexpr std::uint64_t body_limit = 256 * 1024;

daemon::config harness_config(const std::filesystem::path& dir) {
  using namespace std::chrono_literals;
  daemon::config cfg;
  cfg.server.listen = {"127.0.0.1", 0};
  cfg.server.threads = 2;
  cfg.server.body_limit = body_limit;
  cfg.server.drain_timeout = 1s;
  cfg.log.level = "off";
  cfg.model.path = HATEWATCH_SOURCE_DIR "/models/forums.hwm";
  cfg.storage.path = dir / "fuzz.db";
  cfg.storage.synchronous = daemon::sync_mode::normal;
  cfg.auth.read_tokens = {"fuzz-read"};
  cfg.perspective.keys = {"fuzz-key"};
  auto source = [](std::string name, daemon::source_kind kind, std::string secret) {
    daemon::source_config s;
    s.name = std::move(name);
    s.kind = kind;
    s.secret = std::move(secret);
    return s;
  };
  cfg.sources = {source("forum", daemon::source_kind::discourse, discourse_secret),
                 source("site", daemon::source_kind::generic, generic_secret),
                 source("open", daemon::source_kind::generic, ""),
                 source("talk", daemon::source_kind::coral, coral_secret)};
  return cfg;
}

// The server, started on first use and stopped at exit (dir outlives it: it was made first).
class harness {
public:
  harness() : server_(harness_config(dir_.path())) { port_ = server_.start(false).port(); }
  ~harness() {
    server_.stop();
    server_.wait();
  }
  unsigned short port() const { return port_; }

private:
  temp_dir dir_;
  daemon::server server_;
  unsigned short port_ = 0;
};

unsigned short server_port() {
  static harness h;
  return h.port();
}

// Connects `fd` to `to`. libFuzzer's timer (SIGALRM, for -timeout) may interrupt connect(), which a
// socket with a send timeout does not restart (signal(7)): the connection then goes on by itself,
// and is waited for here rather than reported as refused.
bool connected(int fd, const sockaddr_in& to) {
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) == 0)
    return true;
  if (errno != EINTR)
    return false;
  pollfd p{fd, POLLOUT, 0};
  for (;;) {
    const int n = ::poll(&p, 1, 10000);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    int error = 0;
    socklen_t length = sizeof error;
    return ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
  }
}

// Sends `bytes` on a new connection, shuts down sending and reads until the server closes, into
// `answer`; returns what went wrong, or nullptr.
const char* exchange(const std::string& bytes, std::string& answer) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return "no socket for a new connection (descriptors exhausted?)";
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } close_at_end{fd};
  timeval deadline{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &deadline, sizeof deadline);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &deadline, sizeof deadline);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(server_port());
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (!connected(fd, to))
    return "the server refused a new connection";
  // The server may answer and close before reading everything (413, a framing error): then the
  // rest cannot be sent, and what it answered is still read below.
  for (std::size_t sent = 0; sent < bytes.size();) {
    const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  char buf[16384];
  for (;;) {
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      answer.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0 || errno == ECONNRESET)
      return nullptr;
    if (errno == EINTR)
      continue;
    return "no end of the answer within 10 s (a hang)";
  }
}

// The methods of the requests in `bytes`, as the server's parser reads them, up to the first it
// cannot frame, that one included when its header was read (a HEAD answer has no body, so the
// answers' parser must know).
std::vector<http::verb> request_methods(const std::string& bytes) {
  std::vector<http::verb> methods;
  boost::asio::const_buffer rest(bytes.data(), bytes.size());
  while (rest.size() > 0) {
    http::request_parser<http::string_body> p;
    p.body_limit(body_limit);
    p.eager(true);
    boost::beast::error_code ec;
    const auto used = p.put(rest, ec);
    if (p.is_header_done())
      methods.push_back(p.get().method()); // answered even when its body is cut short
    if (ec || !p.is_done())
      break;
    rest += used;
  }
  return methods;
}

// Whether every answer in `answer` is a complete HTTP response, none a 500, and each JSON body
// valid UTF-8 JSON; nullptr when so.
const char* check_answers(const std::string& request, const std::string& answer) {
  const auto methods = request_methods(request);
  std::size_t final_answers = 0;
  boost::asio::const_buffer rest(answer.data(), answer.size());
  while (rest.size() > 0) {
    http::response_parser<http::string_body> p;
    p.body_limit(64 * 1024 * 1024);
    p.eager(true);
    if (final_answers < methods.size() && methods[final_answers] == http::verb::head)
      p.skip(true);
    boost::beast::error_code ec;
    const auto used = p.put(rest, ec);
    if (!ec && !p.is_done() && p.is_header_done() && !p.chunked() && !p.content_length())
      p.put_eof(ec); // a body that ends with the connection
    if (ec || !p.is_done())
      return "an answer that is not a complete HTTP response";
    rest += used;
    const auto& res = p.get();
    if (res.result_int() < 200)
      continue; // 100 Continue: the answer itself follows
    ++final_answers;
    if (res.result() == http::status::internal_server_error)
      return "a 500 answer (a defect)";
    const std::string_view type = res[http::field::content_type];
    if (!res.body().empty() && type.find("json") != std::string_view::npos) {
      boost::system::error_code jec;
      boost::json::parse(res.body(), jec); // also refuses invalid UTF-8
      if (jec)
        return "a JSON answer that is not valid UTF-8 JSON";
    }
  }
  return nullptr;
}

const char* check_exchange(const std::string& request) {
  std::string answer;
  if (const char* failed = exchange(request, answer))
    return failed;
  return check_answers(request, answer);
}

std::string post(std::string_view target, std::string_view body, const std::vector<std::string>& fields = {}) {
  std::string r = "POST ";
  r.append(target).append(" HTTP/1.1\r\nHost: fuzz\r\nContent-Type: application/json\r\n");
  for (const auto& f : fields)
    r.append(f).append("\r\n");
  r.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n\r\n").append(body);
  return r;
}

} // namespace

const char* check_http(std::string_view bytes) {
  return check_exchange(std::string(bytes));
}

const char* check_perspective(std::string_view bytes) {
  return check_exchange(post("/v1alpha1/comments:analyze?key=fuzz-key", bytes));
}

const char* check_openai(std::string_view bytes) {
  return check_exchange(post("/v1/moderations", bytes));
}

const char* check_discourse(std::string_view bytes) {
  // The first byte picks the event, the rest is the signed body.
  static constexpr const char* events[] = {"post_created", "post_edited", "ping", "topic_created"};
  const std::string_view event = bytes.empty() ? events[0] : events[static_cast<unsigned char>(bytes[0]) % 4];
  const std::string_view body = bytes.empty() ? bytes : bytes.substr(1);
  static std::uint64_t event_id = 0; // a new delivery each time, so that each reaches the store
  return check_exchange(post("/webhooks/discourse/forum", body,
                             {"X-Discourse-Event: " + std::string(event),
                              "X-Discourse-Event-Id: " + std::to_string(++event_id),
                              "X-Discourse-Event-Signature: sha256=" + daemon::hmac_sha256_hex(discourse_secret, body)}));
}

const char* check_generic(std::string_view bytes) {
  return check_exchange(post("/webhooks/generic/site", bytes,
                             {"X-Hatewatch-Signature: sha256=" + daemon::hmac_sha256_hex(generic_secret, bytes)}));
}

const char* check_coral(std::string_view bytes) {
  return check_exchange(post("/webhooks/coral/talk", bytes,
                             {"X-Coral-Signature: sha256=" + daemon::hmac_sha256_hex(coral_secret, bytes)}));
}

} // namespace hatewatch::test
