#pragma once
// Reading a labelled CSV file for the train and evaluate commands.

#include "core/dataset.hpp"

#include <string>
#include <vector>

namespace hatewatch::daemon {

/// Throws core::csv_error ("path:line: ...") for a missing or malformed file.
std::vector<core::example> read_dataset_file(const std::string& path);

} // namespace hatewatch::daemon
