#pragma once
// Logging set-up: one spdlog logger per component, all writing to stderr in the configured format.
// Thread safety: setup_logging() is called once at start-up (and on reload); get_logger() is safe from
// any thread.


#include "daemon/base/config_fwd.hpp"

#include <spdlog/logger.h>

#include <memory>
#include <string>

namespace hatewatch::daemon {

enum class log_format { text, json };

/// The config's `log` section.
struct log_config {
  /// One of trace, debug, info, warn, error, critical, off.
  std::string level = "info";
  log_format format = log_format::text;
};

/// Reads the `log` section (logging_config.cpp).
void read_log(const config_reader& r, const YAML::Node& node, log_config& l);

/// Applies level and format to every logger, present and future.
void setup_logging(const log_config& cfg);

/// The logger of a component ("server", "http", ...), created on first use.
std::shared_ptr<spdlog::logger> get_logger(const std::string& component);

} // namespace hatewatch::daemon
