#pragma once
// The daemon's configuration: each area's section (its own struct, with its defaults in the member
// initialisers, read and validated by the area's own reader), gathered from one YAML file by
// load_config(). Loading validates everything once; components take their own section by value and
// never see YAML. This module only loads the file, hands each section to its area's reader, checks
// the names that point across sections, and hands out what each running component needs.

#include "daemon/alerts/alerts_config.hpp"
#include "daemon/api/api_config.hpp"
#include "daemon/base/config_error.hpp"
#include "daemon/base/logging.hpp"
#include "daemon/console/console_config.hpp"
#include "daemon/http/server_config.hpp"
#include "daemon/intake/source_config.hpp"
#include "daemon/models/model_config.hpp"
#include "daemon/store/storage_config.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace hatewatch::daemon {

struct config {
  server_config server;
  log_config log;
  model_config model;
  api_config api;
  auth_config auth;
  rate_limit_config rate_limit;
  storage_config storage;
  std::vector<source_config> sources;
  perspective_config perspective;
  openai_config openai;
  std::vector<channel_config> channels;
  alerts_config alerts;
  console_config console;
  /// The file this config came from (empty for the built-in defaults).
  std::filesystem::path source;
};

/// Reads and validates a YAML config file. `${NAME}` in a string value is replaced by the environment
/// variable NAME (an unset variable is an error). Throws config_error naming file, line and key.
config load_config(const std::filesystem::path& file);

/// The same, from YAML text; `name` stands for the file in messages.
config parse_config(const std::string& yaml_text, const std::string& name);

/// Applies what the environment may override: $PORT when server.port_from_env is set. Throws
/// config_error. load_config() calls it, so `check-config` and `serve` see the same port; the
/// server calls it again for configs built in code.
void apply_environment(config& cfg);

/// What the API's handlers work from (swapped whole by a reload).
api_settings api_settings_of(const config& cfg);

/// What the alert dispatcher works from.
dispatcher_config dispatcher_config_of(const config& cfg);

} // namespace hatewatch::daemon
