// Runs the real `hatewatch` binary, as an operator would, and stops it with signals.
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

/// A child `hatewatch serve` whose stderr (the log) is read until it names its port.
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
  const std::string& output() const { return output_; }
  void signal(int signo) { ::kill(pid_, signo); }

  /// Waits for the exit and returns the exit status (or -signal when killed by one).
  int wait() {
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
  FILE* log_ = nullptr;
  unsigned short port_ = 0;
  std::string output_;
};

const char* const loopback_yaml = "server:\n  listen: 127.0.0.1:0\n  threads: 1\n  drain_timeout: 2s\n";

} // namespace

TEST(Process, ServesHealthzAndStopsCleanlyOnSigterm) {
  hatewatch::test::temp_dir dir;
  daemon_process d(dir.write("c.yaml", loopback_yaml).string());
  ASSERT_NE(d.port(), 0) << d.output();
  {
    hatewatch::test::http_client client(d.port());
    EXPECT_EQ(client.get("/healthz").result(), boost::beast::http::status::ok);
  }
  d.signal(SIGTERM);
  EXPECT_EQ(d.wait(), 0) << d.output();
  EXPECT_NE(d.output().find("draining"), std::string::npos) << d.output();
}

TEST(Process, StopsCleanlyOnSigint) {
  hatewatch::test::temp_dir dir;
  daemon_process d(dir.write("c.yaml", loopback_yaml).string());
  ASSERT_NE(d.port(), 0) << d.output();
  d.signal(SIGINT);
  EXPECT_EQ(d.wait(), 0) << d.output();
}

TEST(Process, InvalidConfigExitsBeforeListening) {
  hatewatch::test::temp_dir dir;
  daemon_process d(dir.write("c.yaml", "server:\n  treshold: 1\n").string());
  EXPECT_EQ(d.port(), 0);
  EXPECT_EQ(d.wait(), 1);
  EXPECT_NE(d.output().find("c.yaml:2: unknown key 'server.treshold'"), std::string::npos) << d.output();
}
