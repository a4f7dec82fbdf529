// Bytes that are not UTF-8, and control characters, in what the daemon echoes: problem bodies and
// log lines stay valid (U+FFFD for invalid bytes) and one line each. The http_client checks that
// every JSON answer parses; these tests send the requests that used to break that.
#include "core/utf8.hpp"
#include "daemon/config/config.hpp"
#include "daemon/base/logging.hpp"
#include "support/http_client.hpp"
#include "support/running_server.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <spdlog/sinks/ringbuffer_sink.h>

using hatewatch::test::http_client;
namespace http = boost::beast::http;

namespace {

boost::json::object problem(const hatewatch::test::response& res) {
  boost::system::error_code ec;
  auto v = boost::json::parse(res.body(), ec);
  EXPECT_FALSE(ec) << res.body();
  return ec ? boost::json::object{} : v.as_object();
}

} // namespace

TEST(Utf8, SanitizeAndPrefixNeverSplitOrPassInvalidBytes) {
  using hatewatch::core::utf8::prefix;
  using hatewatch::core::utf8::sanitize;
  EXPECT_EQ(sanitize("a\xff" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(sanitize("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(sanitize("\xC3"), "\xEF\xBF\xBD"); // truncated
  EXPECT_EQ(prefix("ab\xC3\xA9", 3), "ab"); // é would be split
  EXPECT_EQ(prefix("ab\xC3\xA9", 4), "ab\xC3\xA9");
}

TEST(Utf8, ProblemBodiesNeverEchoInvalidBytes) {
  auto cfg = hatewatch::test::loopback_config();
  hatewatch::daemon::source_config src;
  src.name = "forum";
  src.kind = hatewatch::daemon::source_kind::generic;
  cfg.sources.push_back(src);
  hatewatch::test::running_server s(cfg);
  http_client c(s.port());
  // An unknown path of raw bytes.
  const auto not_found = c.get("/\xff\xfe");
  EXPECT_EQ(not_found.result(), http::status::not_found);
  EXPECT_NE(std::string(problem(not_found).at("detail").as_string()).find("\xEF\xBF\xBD"), std::string::npos);
  // A Content-Type of raw bytes.
  const auto bad_type = c.request(http::verb::post, "/predict", R"({"text":"x"})", "text/\xff\xfe");
  EXPECT_EQ(bad_type.result(), http::status::unsupported_media_type);
  problem(bad_type);
  // An unknown source whose name is cut at 64 bytes inside a character: é spans bytes 64-65.
  const std::string name = std::string(63, 'a') + "\xC3\xA9" + "zz";
  const auto unknown = c.request(http::verb::post, "/webhooks/generic/" + name, R"({"id":"1","text":"x"})");
  EXPECT_EQ(unknown.result(), http::status::not_found);
  const std::string detail(problem(unknown).at("detail").as_string());
  EXPECT_NE(detail.find(std::string(63, 'a')), std::string::npos) << detail;
  EXPECT_EQ(detail.find("\xEF\xBF\xBD"), std::string::npos) << detail; // cut before é, not through it
}

TEST(Utf8, LogLinesStayOneValidLineInBothFormats) {
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(10);
  auto logger = hatewatch::daemon::get_logger("utf8-test");
  logger->sinks().push_back(sink);
  const std::string forged = "answer: \xff\xfe ok\n2026-11-28T00:00:00.000+00:00 info  [server] forged line\r\t\x01";
  hatewatch::daemon::log_config json{"info", hatewatch::daemon::log_format::json};
  hatewatch::daemon::setup_logging(json);
  logger->info("{}", forged);
  // The ring buffer formats when read, with the formatter of the moment.
  auto lines = sink->last_formatted();
  hatewatch::daemon::log_config text{"info", hatewatch::daemon::log_format::text};
  hatewatch::daemon::setup_logging(text);
  logger->info("{}", forged);
  lines.push_back(sink->last_formatted().back());
  logger->sinks().pop_back();
  ASSERT_EQ(lines.size(), 2u);
  // spdlog ends each formatted line with one newline; there must be no other.
  for (const auto& l : lines) {
    ASSERT_FALSE(l.empty());
    EXPECT_EQ(l.find('\n'), l.size() - 1) << l;
    EXPECT_EQ(l.find('\r'), std::string::npos) << l;
    EXPECT_EQ(hatewatch::core::utf8::sanitize(l), l) << l;
  }
  boost::system::error_code ec;
  const auto v = boost::json::parse(lines[0], ec);
  ASSERT_FALSE(ec) << lines[0];
  const auto parsed = v.as_object();
  EXPECT_EQ(parsed.at("msg").as_string(), "answer: \xEF\xBF\xBD\xEF\xBF\xBD ok\n2026-11-28T00:00:00.000+00:00 info  "
                                           "[server] forged line\r\t\x01");
  EXPECT_NE(lines[1].find("ok\\n2026-11-28"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("line\\r\\t\\x01"), std::string::npos) << lines[1];
}
