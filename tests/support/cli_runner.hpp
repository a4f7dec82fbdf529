#pragma once
// Runs the `hatewatch` command line in-process and keeps what it printed.

#include "daemon/app/cli.hpp"

#include <sstream>
#include <string>
#include <vector>

namespace hatewatch::test {

struct cli_result {
  int code;
  std::string out;
  std::string err;
};

inline cli_result run_cli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = daemon::run_cli(args, out, err);
  return {code, out.str(), err.str()};
}

} // namespace hatewatch::test
