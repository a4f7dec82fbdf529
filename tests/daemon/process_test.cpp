// Runs the real `hatewatch` binary, as an operator would, and stops it with signals.
#include "support/daemon_process.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"

#include "core/model_file.hpp"
#include "core/trainer.hpp"
#include "daemon/app/cli.hpp"
#include "support/tiny_corpus.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <csignal>
#include <cstdio>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using hatewatch::test::daemon_process;

namespace {

const std::string loopback_yaml = "server:\n  listen: 127.0.0.1:0\n  threads: 1\n  drain_timeout: 2s\n"
                                  "model:\n  path: " HATEWATCH_SOURCE_DIR "/models/forums.hwm\n"
                                  "storage:\n  path: \"\"\n";

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

namespace {

std::string model_version(unsigned short port) {
  hatewatch::test::http_client c(port);
  return std::string(boost::json::parse(c.get("/readyz").body()).at("model").as_string());
}

} // namespace

TEST(Process, SighupReloadsAGoodModelAndKeepsServingOnACorruptOne) {
  hatewatch::test::temp_dir dir;
  const auto model = dir.path() / "live.hwm";
  std::filesystem::copy_file(HATEWATCH_SOURCE_DIR "/models/forums.hwm", model);
  daemon_process d(
      dir.write("c.yaml", "server:\n  listen: 127.0.0.1:0\n  threads: 1\nmodel:\n  path: " + model.string() +
                              "\nstorage:\n  path: " + (dir.path() / "hw.db").string() + "\n")
          .string());
  ASSERT_NE(d.port(), 0) << d.output();
  const auto before = model_version(d.port());

  {
    std::ofstream out(model, std::ios::binary | std::ios::trunc);
    hatewatch::core::write_model(
        hatewatch::core::train(hatewatch::test::tiny_corpus(), hatewatch::test::tiny_options(), {}, {{"name", "tiny"}}),
        out);
  }
  d.signal(SIGHUP);
  std::string after = before;
  for (int i = 0; i < 100 && after == before; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    after = model_version(d.port());
  }
  EXPECT_EQ(after.rfind("tiny-", 0), 0u) << after;

  std::ofstream(model, std::ios::binary | std::ios::trunc) << "not a model";
  d.signal(SIGHUP);
  // The daemon says it rejected the reload; only then is "the version did not change" a finding.
  EXPECT_TRUE(d.wait_for_line("reload rejected")) << d.output();
  EXPECT_EQ(model_version(d.port()), after);
  d.signal(SIGTERM);
  EXPECT_EQ(d.wait(), 0);
}

TEST(Process, SigtermLetsARequestInFlightFinish) {
  hatewatch::test::temp_dir dir;
  daemon_process d(dir.write("c.yaml", loopback_yaml).string());
  ASSERT_NE(d.port(), 0) << d.output();
  hatewatch::test::http_client c(d.port());
  const std::string body = R"({"text": "a request in flight"})";
  c.send_raw("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 10));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  d.signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(d.running()); // still draining: the request has begun
  c.send_raw(body.substr(10));
  const auto res = c.read();
  EXPECT_EQ(res.result(), boost::beast::http::status::ok);
  EXPECT_FALSE(res.keep_alive()); // draining: the connection closes after this answer
  EXPECT_EQ(d.wait(), 0) << d.output();
}

TEST(Process, SecondSignalStopsAtOnce) {
  hatewatch::test::temp_dir dir;
  daemon_process d(dir.write("c.yaml", loopback_yaml).string());
  ASSERT_NE(d.port(), 0) << d.output();
  hatewatch::test::http_client c(d.port());
  c.send_raw("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  d.signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(d.running());
  d.signal(SIGTERM);
  EXPECT_EQ(d.wait(), 1) << d.output();
  EXPECT_NE(d.output().find("second signal"), std::string::npos);
}

TEST(Process, JsonLogsAreOneObjectPerLine) {
  hatewatch::test::temp_dir dir;
  daemon_process d(dir.write("c.yaml", loopback_yaml + "log:\n  level: debug\n  format: json\n").string());
  ASSERT_NE(d.port(), 0) << d.output();
  {
    hatewatch::test::http_client c(d.port());
    c.request(boost::beast::http::verb::post, "/predict", R"({"text": "a \"quoted\" secret comment"})");
  }
  d.signal(SIGTERM);
  ASSERT_EQ(d.wait(), 0);
  std::istringstream lines(d.output());
  int parsed = 0;
  for (std::string line; std::getline(lines, line);) {
    boost::system::error_code ec;
    const auto v = boost::json::parse(line, ec);
    ASSERT_FALSE(ec) << line;
    EXPECT_TRUE(v.as_object().contains("msg"));
    ++parsed;
  }
  EXPECT_GE(parsed, 3);
  // The access log names the path, never the comment.
  EXPECT_NE(d.output().find("/predict 200"), std::string::npos) << d.output();
  EXPECT_EQ(d.output().find("secret comment"), std::string::npos);
}

TEST(Process, TellsSystemdReadyWatchdogAndStopping) {
  hatewatch::test::temp_dir dir;
  const auto path = (dir.path() / "notify.sock").string();
  const int sock = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(sock, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
  ASSERT_EQ(::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  timeval timeout{0, 200000};
  ::setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);

  ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
  ::setenv("WATCHDOG_USEC", "100000", 1);  // ping every 50 ms
  daemon_process d(dir.write("c.yaml", loopback_yaml).string());
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  ASSERT_NE(d.port(), 0) << d.output();

  auto receive_until = [&](const std::string& wanted) {
    char buf[512];
    for (int i = 0; i < 50; ++i) {
      const auto n = ::recv(sock, buf, sizeof buf - 1, 0);
      if (n > 0 && std::string(buf, static_cast<std::size_t>(n)).find(wanted) != std::string::npos)
        return true;
    }
    return false;
  };
  EXPECT_TRUE(receive_until("READY=1"));
  EXPECT_TRUE(receive_until("WATCHDOG=1"));
  EXPECT_TRUE(receive_until("WATCHDOG=1"));  // and again
  d.signal(SIGTERM);
  EXPECT_TRUE(receive_until("STOPPING=1"));
  EXPECT_EQ(d.wait(), 0);
  ::close(sock);
}

TEST(Process, HealthcheckCommandAsksTheDaemon) {
  hatewatch::test::temp_dir dir;
  daemon_process d(dir.write("c.yaml", loopback_yaml).string());
  ASSERT_NE(d.port(), 0) << d.output();
  std::ostringstream out, err;
  EXPECT_EQ(hatewatch::daemon::run_cli({"healthcheck", "--port", std::to_string(d.port())}, out, err), 0) << err.str();
  d.signal(SIGTERM);
  EXPECT_EQ(d.wait(), 0);
  // Nothing listens there any more.
  std::ostringstream out2, err2;
  EXPECT_EQ(hatewatch::daemon::run_cli({"healthcheck", "--port", std::to_string(d.port())}, out2, err2), 1);
  EXPECT_NE(err2.str().find("hatewatch healthcheck:"), std::string::npos);
}
