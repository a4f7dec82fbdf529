#include "daemon/cli.hpp"

#include "support/cli_runner.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

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
  EXPECT_EQ(run({"frobnicate"}).code, 2);
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

TEST(Cli, ServeRejectsMissingConfigFileAsUsageError) {
  auto r = run({"serve", "--config", "/nonexistent/hatewatch.yaml"});
  EXPECT_EQ(r.code, 2);
}
