// hatewatch healthcheck: asks a running daemon for GET /healthz; exit 0 when it answers 200.
// For container HEALTHCHECKs, which should need no curl in the image.
#include "daemon/commands/command.hpp"
#include "daemon/base/net.hpp"

#include <sys/socket.h>

#include <cstdlib>
#include <ostream>

namespace hatewatch::daemon {
namespace {

class healthcheck_command : public command {
public:
  explicit healthcheck_command(CLI::App& parent) {
    app_ = parent.add_subcommand("healthcheck", "Ask a running daemon for /healthz; exit 0 when it answers 200");
    app_->add_option("--host", host_, "Address of the daemon")->capture_default_str();
    app_->add_option("--port", port_, "Port of the daemon (default: $PORT, else 8080)")->check(CLI::Range(1, 65535));
    app_->add_option("--timeout", timeout_seconds_, "Seconds to wait for the answer")
        ->check(CLI::Range(1, 60))
        ->capture_default_str();
  }

  int run(std::ostream& out, std::ostream& err) override {
    try {
      unsigned port = port_;
      if (port == 0) {
        const char* env = std::getenv("PORT");
        port = env && *env ? static_cast<unsigned>(std::stoul(env)) : 8080;
      }
      net::io_context ioc;
      tcp::socket socket(ioc);
      socket.connect({net::ip::make_address(host_), static_cast<unsigned short>(port)});
      const timeval tv{timeout_seconds_, 0};
      ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
      http::request<http::empty_body> req{http::verb::get, "/healthz", 11};
      req.set(http::field::host, host_);
      req.keep_alive(false);
      http::write(socket, req);
      beast::flat_buffer buffer;
      http::response<http::string_body> res;
      http::read(socket, buffer, res);
      if (res.result() != http::status::ok) {
        err << "hatewatch healthcheck: " << host_ << ":" << port << " answered " << res.result_int() << '\n';
        return 1;
      }
      out << "ok\n";
      return 0;
    } catch (const std::exception& e) {
      err << "hatewatch healthcheck: " << e.what() << '\n';
      return 1;
    }
  }

private:
  std::string host_ = "127.0.0.1";
  unsigned port_ = 0;
  long timeout_seconds_ = 3;
};

} // namespace

std::unique_ptr<command> make_healthcheck_command(CLI::App& parent) {
  return std::make_unique<healthcheck_command>(parent);
}

} // namespace hatewatch::daemon
