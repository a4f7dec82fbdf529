#include "support/temp_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace hatewatch::test {

temp_dir::temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "hatewatch-test-XXXXXX").string();
  if (!::mkdtemp(pattern.data()))
    throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

temp_dir::~temp_dir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path temp_dir::write(const std::string& name, const std::string& content) const {
  auto file = path_ / name;
  std::ofstream out(file, std::ios::binary);
  out << content;
  if (!out)
    throw std::runtime_error("cannot write " + file.string());
  return file;
}

} // namespace hatewatch::test
