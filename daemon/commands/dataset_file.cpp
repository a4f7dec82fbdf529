#include "daemon/commands/dataset_file.hpp"

#include "core/csv_reader.hpp"

#include <fstream>

namespace hatewatch::daemon {

std::vector<core::example> read_dataset_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw core::csv_error(path + ": cannot open data file");
  return core::read_dataset(in, path);
}

} // namespace hatewatch::daemon
