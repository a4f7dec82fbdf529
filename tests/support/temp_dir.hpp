#pragma once
// A fresh directory per test, removed with everything in it when the test ends.

#include <filesystem>
#include <string>

namespace hatewatch::test {

class temp_dir {
public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// Writes `content` to a file in the directory and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& content) const;

private:
  std::filesystem::path path_;
};

} // namespace hatewatch::test
