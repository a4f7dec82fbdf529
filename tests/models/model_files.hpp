#pragma once
// Paths of the shipped models and the shared corpora, for the model tests.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace hatewatch::test {

inline const std::string forums_model = HATEWATCH_SOURCE_DIR "/models/forums.hwm";
inline const std::string tutorial_model = HATEWATCH_SOURCE_DIR "/models/davidson2017.hwm";
inline const std::string shared_data = HATEWATCH_SHARED_DIR "/data";
inline const std::string davidson_csv = shared_data + "/davidson2017/labeled_data.train.csv";

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline bool have_shared_data() {
  return std::filesystem::exists(davidson_csv) && std::filesystem::exists(shared_data + "/stormfront/train.csv") &&
         std::filesystem::exists(shared_data + "/hatexplain/train.csv") &&
         std::filesystem::exists(shared_data + "/hatemojibuild/hatemojibuild.csv");
}

} // namespace hatewatch::test
