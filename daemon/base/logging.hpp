#pragma once
// Logging set-up: one spdlog logger per component, all writing to stderr in the configured format.
// Thread safety: setup_logging() is called once at start-up (and on reload); get_logger() is safe from
// any thread.

#include "daemon/base/config.hpp"

#include <spdlog/logger.h>

#include <memory>
#include <string>

namespace hatewatch::daemon {

/// Applies level and format to every logger, present and future.
void setup_logging(const log_config& cfg);

/// The logger of a component ("server", "http", ...), created on first use.
std::shared_ptr<spdlog::logger> get_logger(const std::string& component);

} // namespace hatewatch::daemon
