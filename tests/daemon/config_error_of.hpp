#pragma once
// What the config tests (config_test.cpp, config_sections_test.cpp) ask of a snippet.

#include "daemon/config/config.hpp"

#include <string>

// The message of the config_error that parsing `yaml` throws, or "" when it parses.
inline std::string error_of(const std::string& yaml) {
  try {
    hatewatch::daemon::parse_config(yaml, "test.yaml");
  } catch (const hatewatch::daemon::config_error& e) {
    return e.what();
  }
  return "";
}
