#include "support/postgres_server.hpp"

#include "daemon/store/pg/connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace hatewatch::test {
namespace {

// A port free on 127.0.0.1 now (the kernel's pick).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    if (fd >= 0)
      ::close(fd);
    throw std::runtime_error("cannot find a free port on 127.0.0.1");
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

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
  init();
  // The socket only: the server listens on no TCP port.
  start("-c listen_addresses=''");
}

postgres_server::postgres_server(tls_tag) : bin_(find_bin()) {
  init();
  make_certificates();
  const auto data = dir_.path() / "data";
  // Local connections (the tests' admin) as before; over TCP TLS only, certuser by certificate.
  shell("printf '%s\\n' 'local all all trust' 'hostssl all certuser 127.0.0.1/32 cert'"
        " 'hostssl all all 127.0.0.1/32 trust' 'hostnossl all all 127.0.0.1/32 reject' > '" +
        (data / "pg_hba.conf").string() + "'");
  port_ = free_port();
  const auto tls = (dir_.path() / "tls").string();
  start("-c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file=" + tls + "/server.crt -c ssl_key_file=" + tls +
        "/server.key -c ssl_ca_file=" + tls + "/ca.crt");
}

std::unique_ptr<postgres_server> postgres_server::start_tls() {
  return std::unique_ptr<postgres_server>(new postgres_server(tls_tag{}));
}

void postgres_server::init() {
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
}

void postgres_server::start(const std::string& options) {
  run_as_owner(bin_ + "/pg_ctl -D '" + (dir_.path() / "data").string() + "' -l '" + dir_.path().string() +
               "/server.log' -w -t 60 -o \"" + options + " -c unix_socket_directories='" + dir_.path().string() +
               "' -c port=" + std::to_string(port_) + " -c max_connections=200\" start");
}

void postgres_server::make_certificates() {
  // With openssl's command: a CA, the server's certificate for localhost and 127.0.0.1, a client
  // certificate for certuser, and a second CA. EC keys: quick to make.
  const auto dir = dir_.path() / "tls";
  std::filesystem::create_directory(dir);
  const std::string key = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  const std::string in = "cd '" + dir.string() + "' && ";
  shell(in + "openssl req -x509" + key + " -days 2 -subj '/CN=hatewatch test CA' -keyout ca.key -out ca.crt");
  shell(in + "openssl req -x509" + key + " -days 2 -subj '/CN=another CA' -keyout other-ca.key -out other-ca.crt");
  shell(in + "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > server.ext");
  shell(in + "openssl req" + key + " -subj '/CN=localhost' -keyout server.key -out server.csr");
  shell(in + "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext"
             " -out server.crt");
  shell(in + "openssl req" + key + " -subj '/CN=certuser' -keyout client.key -out client.csr");
  shell(in + "openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -out client.crt");
  // Private keys readable by their owner only, as both the server and libpq insist.
  std::filesystem::permissions(dir / "server.key", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::permissions(dir / "client.key", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  if (as_postgres_) {
    const passwd* pw = ::getpwnam("postgres");
    for (const char* f : {"server.key", "server.crt", "ca.crt"})
      if (::chown((dir / f).c_str(), pw->pw_uid, pw->pw_gid) != 0)
        throw std::runtime_error("cannot give the server's TLS files to the postgres user");
  }
  tls_ = {(dir / "ca.crt").string(), (dir / "client.crt").string(), (dir / "client.key").string(),
          (dir / "other-ca.crt").string()};
}

std::string postgres_server::tcp_url(const std::string& database, const std::string& user) const {
  return "postgresql://" + user + "@localhost:" + std::to_string(port_) + "/" + database;
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
  u += std::to_string(port_);
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
