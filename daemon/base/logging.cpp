#include "daemon/base/logging.hpp"

#include "core/utf8.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace hatewatch::daemon {
namespace {

// The message as one line of valid UTF-8, whatever it quotes (a request path, a receiver's answer):
// invalid bytes become U+FFFD, and control characters are escaped, so that a quoted "\n" cannot
// forge a log line. %j escapes for a JSON string (JSON-lines logs stay one valid object per line),
// %q for text logs (\n, \r, \t, \xNN).
template <bool Json>
class safe_message_flag : public spdlog::custom_flag_formatter {
public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    static constexpr char hex[] = "0123456789abcdef";
    const std::string_view text(msg.payload.data(), msg.payload.size());
    std::string one;
    for (std::size_t pos = 0; pos < text.size();) {
      const auto u = static_cast<unsigned char>(text[pos]);
      if (u >= 0x80) {
        one.clear();
        core::utf8::append(one, core::utf8::decode(text, pos));
        dest.append(one.data(), one.data() + one.size());
        continue;
      }
      ++pos;
      const char c = static_cast<char>(u);
      if (Json && (c == '"' || c == '\\')) {
        dest.push_back('\\');
        dest.push_back(c);
      } else if (u < 0x20 || u == 0x7F) {
        const char* named = !Json && c == '\n' ? "\\n" : !Json && c == '\r' ? "\\r" : !Json && c == '\t' ? "\\t" : nullptr;
        if (named) {
          dest.append(named, named + 2);
        } else if (Json) {
          const char esc[] = {'\\', 'u', '0', '0', hex[u >> 4], hex[u & 15]};
          dest.append(esc, esc + sizeof esc);
        } else {
          const char esc[] = {'\\', 'x', hex[u >> 4], hex[u & 15]};
          dest.append(esc, esc + sizeof esc);
        }
      } else {
        dest.push_back(c);
      }
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<safe_message_flag>(); }
};

std::mutex setup_mutex;
log_config current;

std::unique_ptr<spdlog::formatter> make_formatter(const log_config& cfg) {
  auto f = std::make_unique<spdlog::pattern_formatter>();
  if (cfg.format == log_format::json) {
    f->add_flag<safe_message_flag<true>>('j');
    f->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","logger":"%n","msg":"%j"})");
  } else {
    f->add_flag<safe_message_flag<false>>('q');
    f->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%-5l%$ [%n] %q");
  }
  return f;
}

void apply(spdlog::logger& logger, const log_config& cfg) {
  logger.set_level(spdlog::level::from_str(cfg.level));
  logger.set_formatter(make_formatter(cfg));
  logger.flush_on(spdlog::level::warn);
}

} // namespace

void setup_logging(const log_config& cfg) {
  std::lock_guard lock(setup_mutex);
  current = cfg;
  spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) { apply(*l, cfg); });
}

std::shared_ptr<spdlog::logger> get_logger(const std::string& component) {
  std::lock_guard lock(setup_mutex);
  if (auto existing = spdlog::get(component))
    return existing;
  auto logger = spdlog::stderr_color_mt(component);
  apply(*logger, current);
  return logger;
}

} // namespace hatewatch::daemon
