#pragma once
// Loads a model file for the daemon and the commands.

#include "core/model.hpp"

#include <filesystem>
#include <memory>

namespace hatewatch::daemon {

/// Reads `path`; throws core::model_file_error whose message starts with the path.
std::shared_ptr<const core::model> load_model_file(const std::filesystem::path& path);

} // namespace hatewatch::daemon
