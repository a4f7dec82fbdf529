#include "daemon/models/model_loader.hpp"

#include "core/model_file.hpp"

#include <fstream>

namespace hatewatch::daemon {

std::shared_ptr<const core::model> load_model_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw core::model_file_error(path.string() + ": cannot open model file");
  try {
    return std::make_shared<const core::model>(core::read_model(in));
  } catch (const core::model_file_error& e) {
    throw core::model_file_error(path.string() + ": " + e.what());
  }
}

} // namespace hatewatch::daemon
