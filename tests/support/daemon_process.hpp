#pragma once
// A child `hatewatch serve` for tests that run the real binary: its stderr (the log) is read until it
// names its port; the destructor kills it (SIGKILL) if it still runs.

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace hatewatch::test {

class daemon_process {
public:
  explicit daemon_process(const std::string& config_path) {
    int fds[2];
    if (::pipe(fds) != 0)
      throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], STDERR_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      ::execl(HATEWATCH_BINARY, HATEWATCH_BINARY, "serve", "--config", config_path.c_str(), nullptr);
      ::_exit(127);
    }
    ::close(fds[1]);
    log_ = ::fdopen(fds[0], "r");
    // Unbuffered, so that what poll() says about the pipe is all there is to read (wait_for_line).
    std::setvbuf(log_, nullptr, _IONBF, 0);
    char line[4096];
    while (std::fgets(line, sizeof line, log_)) {
      output_ += line;
      auto at = std::string(line).find("listening on 127.0.0.1:");
      if (at != std::string::npos) {
        port_ = static_cast<unsigned short>(std::stoi(std::string(line).substr(at + 23)));
        break;
      }
    }
  }
  ~daemon_process() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (log_)
      std::fclose(log_);
  }

  unsigned short port() const { return port_; }
  pid_t pid() const { return pid_; }
  /// True while the process has not exited.
  bool running() {
    if (reaped_)
      return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
      return false;
    }
    return true;
  }
  const std::string& output() const { return output_; }

  /// Reads the log while the daemon runs until a line holding `needle` arrives (true), or `limit`
  /// passes or the log ends (false). What was read is in output().
  bool wait_for_line(const std::string& needle, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    char line[4096];
    while (output_.find(needle) == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
      pollfd p{::fileno(log_), POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0 || !std::fgets(line, sizeof line, log_))
        return false;
      output_ += line;
    }
    return true;
  }
  void signal(int signo) { ::kill(pid_, signo); }

  /// Waits for the exit and returns the exit status (or -signal when killed by one).
  int wait() {
    if (reaped_)
      return exit_status_;
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    char line[4096];
    while (std::fgets(line, sizeof line, log_))
      output_ += line;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }

private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int exit_status_ = 0;
  FILE* log_ = nullptr;
  unsigned short port_ = 0;
  std::string output_;
};

} // namespace hatewatch::test
