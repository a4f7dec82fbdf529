#include "support/postgres_server.hpp"

#include "daemon/store/pg/connection.hpp"

#include <pwd.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace hatewatch::test {
namespace {

constexpr int port = 5433; // only names the socket file: the server listens on no TCP port

std::string find_bin() {
  std::error_code ec;
  for (const auto& dir : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    const auto bin = dir.path() / "bin";
    if (std::filesystem::exists(bin / "initdb") && std::filesystem::exists(bin / "pg_ctl"))
      return bin.string();
  }
  throw std::runtime_error("PostgreSQL's initdb and pg_ctl are not installed (scripts/setup installs postgresql)");
}

// Runs a shell command, returning its output; throws with the output when it fails.
std::string shell(const std::string& command) {
  std::string out;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p)
    throw std::runtime_error("cannot run: " + command);
  std::array<char, 4096> buf{};
  while (const auto n = std::fread(buf.data(), 1, buf.size(), p))
    out.append(buf.data(), n);
  if (const int status = ::pclose(p); status != 0)
    throw std::runtime_error("'" + command + "' failed: " + out);
  return out;
}

std::string& reason() {
  static std::string r;
  return r;
}

} // namespace

postgres_server* postgres_server::shared() {
  static std::unique_ptr<postgres_server> server = []() -> std::unique_ptr<postgres_server> {
    try {
      return std::make_unique<postgres_server>();
    } catch (const std::exception& e) {
      reason() = e.what();
      return nullptr;
    }
  }();
  return server.get();
}

const std::string& postgres_server::why() {
  return reason();
}

postgres_server::postgres_server() : bin_(find_bin()) {
  if (::geteuid() == 0) {
    const passwd* pw = ::getpwnam("postgres");
    if (!pw)
      throw std::runtime_error("running as root and there is no postgres user to run the server as");
    as_postgres_ = true;
    user_ = "postgres";
    std::filesystem::create_directory(dir_.path() / "data");
    if (::chown(dir_.path().c_str(), pw->pw_uid, pw->pw_gid) != 0 ||
        ::chown((dir_.path() / "data").c_str(), pw->pw_uid, pw->pw_gid) != 0)
      throw std::runtime_error("cannot give " + dir_.path().string() + " to the postgres user");
  } else {
    const passwd* pw = ::getpwuid(::geteuid());
    user_ = pw ? pw->pw_name : "postgres";
  }
  const auto data = (dir_.path() / "data").string();
  run_as_owner(bin_ + "/initdb -D '" + data + "' -U '" + user_ + "' -A trust -E UTF8 --locale=C.UTF-8 --no-sync");
  run_as_owner(bin_ + "/pg_ctl -D '" + data + "' -l '" + dir_.path().string() + "/server.log' -w -t 60 -o \"-c listen_addresses='' -c unix_socket_directories='" +
               dir_.path().string() + "' -c port=" + std::to_string(port) + " -c max_connections=200\" start");
}

postgres_server::~postgres_server() {
  try {
    run_as_owner(bin_ + "/pg_ctl -D '" + (dir_.path() / "data").string() + "' -m immediate -w stop");
  } catch (...) {
    // Already stopped: the directory goes all the same.
  }
}

std::string postgres_server::run_as_owner(const std::string& command) const {
  // From the server's own directory: the caller's (a build tree) may be closed to the postgres user.
  return shell("cd '" + dir_.path().string() + "' && " + (as_postgres_ ? "runuser -u postgres -- " : "") + command);
}

std::string postgres_server::url(const std::string& database) const {
  // A URL, as storage.url takes it: the socket's directory as the host.
  std::string u = "postgresql:///";
  u += database;
  u += "?host=";
  u += dir_.path().string();
  u += "&port=";
  u += std::to_string(port);
  u += "&user=";
  u += user_;
  return u;
}

std::string postgres_server::create_database() {
  const auto name = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++databases_);
  daemon::store::pg::connection admin(url("postgres"));
  admin.exec("CREATE DATABASE " + name);
  return url(name);
}

} // namespace hatewatch::test
