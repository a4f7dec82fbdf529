// hatewatch: the program is its command line; everything it does lives in hatewatch_daemon.
#include "daemon/app/cli.hpp"

#include <exception>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    return hatewatch::daemon::run_cli(args, std::cout, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "hatewatch: fatal: " << e.what() << '\n';
    return 1;
  }
}
