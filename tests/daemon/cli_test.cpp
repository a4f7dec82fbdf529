#include "daemon/app/cli.hpp"

#include "support/cli_runner.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include <sstream>

namespace {

using hatewatch::test::cli_result;

cli_result run(const std::vector<std::string>& args) {
  return hatewatch::test::run_cli(args);
}

} // namespace

TEST(Cli, VersionPrintsVersion) {
  auto r = run({"version"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out.rfind("hatewatch ", 0), 0u);
}

TEST(Cli, HelpListsSubcommands) {
  auto r = run({"--help"});
  EXPECT_EQ(r.code, 0);
  for (const char* cmd : {"serve", "check-config", "version"})
    EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd;
}

TEST(Cli, SubcommandHelpDescribesItsOptions) {
  auto r = run({"serve", "--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("--config"), std::string::npos);
}

TEST(Cli, UnknownFlagExitsWithTwo) {
  auto r = run({"serve", "--no-such-flag"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--no-such-flag"), std::string::npos) << r.err;
}

TEST(Cli, MissingSubcommandExitsWithTwo) {
  EXPECT_EQ(run({}).code, 2);
}

TEST(Cli, UnknownSubcommandExitsWithTwo) {
  // Issue 29: it said "A subcommand is required", and with --help after it printed the main help
  // and exited 0.
  for (const auto& args : std::vector<std::vector<std::string>>{{"frobnicate"}, {"frobnicate", "--help"},
                                                                {"--help", "frobnicate"}}) {
    const auto r = run(args);
    EXPECT_EQ(r.code, 2) << args.size();
    EXPECT_NE(r.err.find("unknown subcommand 'frobnicate'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("check-config"), std::string::npos) << "the known ones are listed: " << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

TEST(Cli, CheckConfigAcceptsValidFile) {
  hatewatch::test::temp_dir dir;
  auto file = dir.write("ok.yaml", "server:\n  listen: 127.0.0.1:0\n");
  auto r = run({"check-config", file.string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("ok"), std::string::npos);
}

TEST(Cli, CheckConfigReportsErrorWithLine) {
  hatewatch::test::temp_dir dir;
  auto file = dir.write("bad.yaml", "server:\n  treshold: 1\n");
  auto r = run({"check-config", file.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("bad.yaml:2: unknown key 'server.treshold'"), std::string::npos) << r.err;
}

TEST(Cli, CheckConfigRefusesWhatServeWouldRefuse) {
  // "localhost:8080" passed the check, then serve exited 1 (without file:line) after creating the
  // database. Both now refuse it at the same place, before any side effect.
  hatewatch::test::temp_dir dir;
  const auto db = dir.path() / "never.db";
  auto file = dir.write("host.yaml", "server:\n  listen: \"localhost:8080\"\nstorage:\n  path: " + db.string() + "\n");
  for (const char* cmd : {"check-config", "serve"}) {
    auto r = std::string(cmd) == "serve" ? run({"serve", "--config", file.string()}) : run({cmd, file.string()});
    EXPECT_EQ(r.code, 1) << cmd;
    EXPECT_NE(r.err.find("host.yaml:2: key 'server.listen': the host must be an IP address"), std::string::npos)
        << cmd << ": " << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(db));
  // $PORT is read by the loader, so check-config sees a bad one too.
  auto env = dir.write("env.yaml", "server:\n  listen: 127.0.0.1:0\n  port_from_env: true\n");
  ::setenv("PORT", "80a", 1);
  auto r = run({"check-config", env.string()});
  ::unsetenv("PORT");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("environment variable PORT (server.port_from_env): port must be a number"), std::string::npos)
      << r.err;
}

TEST(Cli, ServeRejectsMissingConfigFileAsUsageError) {
  auto r = run({"serve", "--config", "/nonexistent/hatewatch.yaml"});
  EXPECT_EQ(r.code, 2);
}
