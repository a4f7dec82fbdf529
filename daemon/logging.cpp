#include "daemon/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace hatewatch::daemon {
namespace {

// %j: the message, escaped for a JSON string, so that JSON-lines logs stay one valid object per line.
class json_message_flag : public spdlog::custom_flag_formatter {
public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    static constexpr char hex[] = "0123456789abcdef";
    for (char c : std::string_view(msg.payload.data(), msg.payload.size())) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        dest.push_back('\\');
        dest.push_back(c);
      } else if (u < 0x20) {
        const char esc[] = {'\\', 'u', '0', '0', hex[u >> 4], hex[u & 15]};
        dest.append(esc, esc + sizeof esc);
      } else {
        dest.push_back(c);
      }
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<json_message_flag>(); }
};

std::mutex setup_mutex;
log_config current;

std::unique_ptr<spdlog::formatter> make_formatter(const log_config& cfg) {
  auto f = std::make_unique<spdlog::pattern_formatter>();
  if (cfg.format == log_format::json) {
    f->add_flag<json_message_flag>('j');
    f->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","logger":"%n","msg":"%j"})");
  } else {
    f->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%-5l%$ [%n] %v");
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
