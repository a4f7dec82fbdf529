#pragma once
// The `hatewatch` command line: one program, with subcommands (serve, check-config, version, ...).

#include <iosfwd>
#include <string>
#include <vector>

namespace hatewatch::daemon {

/// Parses `args` (without the program name) and runs the subcommand. Returns the exit code:
/// 0 on success, 1 when the command failed, 2 for a command line that does not parse.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace hatewatch::daemon
