// hatewatch hash-password: reads a password from standard input (asking twice, without echo, on a
// terminal; the first line otherwise) and prints its scrypt hash for console.users[].password.
#include "daemon/commands/command.hpp"
#include "daemon/base/password_hash.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <optional>
#include <string>

namespace hatewatch::daemon {
namespace {

constexpr std::size_t min_password = 10;
constexpr std::size_t max_password = 1024;

// Turns the terminal's echo off while it lives (nothing when stdin is not a terminal).
class no_echo {
public:
  no_echo() {
    if (::isatty(STDIN_FILENO) && ::tcgetattr(STDIN_FILENO, &saved_) == 0) {
      termios quiet = saved_;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
  }
  ~no_echo() {
    if (active_)
      ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  no_echo(const no_echo&) = delete;
  no_echo& operator=(const no_echo&) = delete;

private:
  termios saved_{};
  bool active_ = false;
};

std::optional<std::string> read_line(std::istream& in) {
  std::string line;
  if (!std::getline(in, line))
    return std::nullopt;
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  return line;
}

class hash_password_command : public command {
public:
  explicit hash_password_command(CLI::App& parent) {
    app_ = parent.add_subcommand("hash-password",
                                 "Read a moderator's password from standard input and print its scrypt hash "
                                 "(for console.users[].password)");
    app_->add_option("--cost", log2_n_, "log2 of scrypt's N: 15 takes 32 MiB and about 0.1 s per login")
        ->check(CLI::Range(10, 20))
        ->capture_default_str();
  }

  int run(std::ostream& out, std::ostream& err) override {
    const bool terminal = ::isatty(STDIN_FILENO);
    std::optional<std::string> password;
    {
      no_echo quiet;
      if (terminal)
        err << "Password: " << std::flush;
      password = read_line(std::cin);
      if (terminal) {
        err << "\nAgain: " << std::flush;
        const auto again = read_line(std::cin);
        err << '\n';
        if (password && again != password) {
          err << "hatewatch hash-password: the two passwords differ\n";
          return 1;
        }
      }
    }
    if (!password) {
      err << "hatewatch hash-password: no password on standard input\n";
      return 1;
    }
    if (password->size() < min_password || password->size() > max_password) {
      err << "hatewatch hash-password: a password is " << min_password << " to " << max_password << " bytes\n";
      return 1;
    }
    out << hash_password(*password, {log2_n_, 8, 1}) << '\n';
    return 0;
  }

private:
  unsigned log2_n_ = 15;
};

} // namespace

std::unique_ptr<command> make_hash_password_command(CLI::App& parent) {
  return std::make_unique<hash_password_command>(parent);
}

} // namespace hatewatch::daemon
