#pragma once
// The config's `model` section: which model files score comments.

#include "daemon/base/config_fwd.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace hatewatch::daemon {

struct model_config {
  /// The model file; a relative path is taken from the working directory.
  std::filesystem::path path = "models/forums.hwm";
  /// A model per language (code -> file): a comment found to be in one of these languages is scored
  /// by that model instead. Each file must list its language.
  std::map<std::string, std::filesystem::path> by_language;
  /// A directory of candidate models (*.hwm) that moderators allowed to promote may evaluate and put
  /// in place of `path` from the console; empty: promotion from the console is off (the CLI's
  /// `hatewatch promote` works either way).
  std::filesystem::path candidates;
  bool operator==(const model_config&) const = default;
};

/// Reads the `model` section.
void read_model(const config_reader& r, const YAML::Node& node, model_config& m);

} // namespace hatewatch::daemon
