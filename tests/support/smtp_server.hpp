#pragma once
// Starts tests/support/smtp_server.py (a real SMTP server from Debian's python3-aiosmtpd) on a free
// loopback port, and reads the messages it received. Stopped (SIGTERM) by the destructor.

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace hatewatch::test {

class smtp_server {
public:
  /// `extra`: "--tls-cert", path, "--tls-key", path, "--user", u, "--password", p.
  smtp_server(const std::filesystem::path& maildir, std::vector<std::string> extra = {}) : dir_(maildir) {
    std::filesystem::create_directories(dir_);
    int fds[2];
    if (::pipe(fds) != 0)
      throw std::runtime_error("pipe");
    std::vector<std::string> args{"/usr/bin/python3", HATEWATCH_SOURCE_DIR "/tests/support/smtp_server.py", "--dir",
                                  dir_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      std::vector<char*> argv;
      for (auto& a : args)
        argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    FILE* out = ::fdopen(fds[0], "r");
    char line[256];
    if (std::fgets(line, sizeof line, out) && std::string(line).starts_with("ready "))
      port_ = static_cast<unsigned short>(std::stoi(std::string(line).substr(6)));
    std::fclose(out);
  }
  ~smtp_server() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  unsigned short port() const { return port_; }

  /// The messages received so far, in order (headers and body, as sent).
  std::vector<std::string> messages() const {
    std::vector<std::string> out;
    for (int n = 1;; ++n) {
      std::ifstream in(dir_ / (std::to_string(n) + ".eml"), std::ios::binary);
      if (!in)
        break;
      std::ostringstream s;
      s << in.rdbuf();
      out.push_back(s.str());
    }
    return out;
  }

private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
};

} // namespace hatewatch::test
