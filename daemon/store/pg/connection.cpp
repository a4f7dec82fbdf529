#include "daemon/store/pg/connection.hpp"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdio>

namespace hatewatch::daemon::store::pg {
namespace {

// libpq's message on one line: its line breaks and indents become single spaces.
std::string trimmed(const char* message) {
  std::string s;
  for (const char* p = message ? message : ""; *p; ++p) {
    const bool space = *p == '\n' || *p == '\t' || *p == ' ' || *p == '\r';
    if (!space)
      s += *p;
    else if (!s.empty() && s.back() != ' ')
      s += ' ';
  }
  while (!s.empty() && s.back() == ' ')
    s.pop_back();
  return s;
}

// The server's notices ("relation already exists, skipping") go to the log at debug level, not to
// stderr as libpq's default does.
void log_notice(void*, const char* message) {
  spdlog::debug("[postgresql] {}", trimmed(message));
}

// libpq's parameter array: NULL for a NULL.
std::vector<const char*> c_strings(const std::vector<param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params)
    values.push_back(p ? p->c_str() : nullptr);
  return values;
}

} // namespace

param value(std::int64_t v) {
  return std::to_string(v);
}

param value(double v) {
  char out[32];
  const auto [end, ec] = std::to_chars(out, out + sizeof out, v); // shortest form that reads back exactly
  return std::string(out, ec == std::errc{} ? end : out);
}

param value(std::string_view v) {
  return std::string(v);
}

result::result(pg_result* r) : r_(r, PQclear) {}

int result::rows() const {
  return PQntuples(r_.get());
}

int result::columns() const {
  return PQnfields(r_.get());
}

bool result::is_null(int row, int column) const {
  return PQgetisnull(r_.get(), row, column) != 0;
}

std::string_view result::text(int row, int column) const {
  return {PQgetvalue(r_.get(), row, column), static_cast<std::size_t>(PQgetlength(r_.get(), row, column))};
}

std::int64_t result::int64(int row, int column) const {
  const auto t = text(row, column);
  std::int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

double result::real(int row, int column) const {
  const auto t = text(row, column);
  double v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

std::int64_t result::affected() const {
  const char* n = PQcmdTuples(r_.get());
  std::int64_t v = 0;
  if (n && *n)
    std::from_chars(n, n + std::char_traits<char>::length(n), v);
  return v;
}

connection::connection(const std::string& url, const std::optional<std::string>& password,
                       const std::string& application_name, const settings& more) {
  // The URL first: with expand_dbname, keywords listed after it override what it says.
  std::vector<const char*> keys{"dbname", "application_name", "connect_timeout"};
  std::vector<const char*> values{url.c_str(), application_name.c_str(), "10"};
  if (password) {
    keys.push_back("password");
    values.push_back(password->c_str());
  }
  for (const auto& [key, value] : more) {
    keys.push_back(key.c_str());
    values.push_back(value.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  conn_ = PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
  if (!conn_)
    throw error("PostgreSQL: out of memory while connecting", "", true);
  if (PQstatus(conn_) != CONNECTION_OK) {
    const auto why = trimmed(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw error("cannot connect to PostgreSQL: " + why, "", true);
  }
  PQsetNoticeProcessor(conn_, log_notice, nullptr);
}

connection::~connection() {
  if (conn_)
    PQfinish(conn_);
}

void connection::abandon() noexcept {
  if (conn_)
    PQfinish(conn_);
  conn_ = nullptr;
}

result connection::check(pg_result* r, const std::string& sql) {
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY)
    return result(r);
  const result failed(r); // freed on the way out: copy what is read from it first
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state ? state : "";
  std::string message = trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
  if (message.empty())
    message = trimmed(PQerrorMessage(conn_));
  const bool lost = PQstatus(conn_) != CONNECTION_OK;
  const auto first_line = sql.substr(0, sql.find('\n')).substr(0, 120);
  throw error("PostgreSQL: " + message + " (in: " + first_line + ")", std::move(sqlstate), lost);
}

result connection::exec(const std::string& sql) {
  return check(PQexec(conn_, sql.c_str()), sql);
}

result connection::exec(const std::string& sql, const std::vector<param>& params) {
  const auto values = c_strings(params);
  return check(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr,
                            /*text results*/ 0),
               sql);
}

void connection::prepare(const std::string& name, const std::string& sql, int parameters) {
  check(PQprepare(conn_, name.c_str(), sql.c_str(), parameters, nullptr), sql);
}

result connection::exec_prepared(const std::string& name, const std::vector<param>& params) {
  const auto values = c_strings(params);
  return check(PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr,
                              /*text results*/ 0),
               name);
}

void connection::fail(const std::string& what) {
  const std::string message = trimmed(PQerrorMessage(conn_));
  throw error("PostgreSQL: " + (message.empty() ? std::string("request refused") : message) + " (in: " + what + ")", "",
              PQstatus(conn_) != CONNECTION_OK);
}

void connection::enter_pipeline() {
  if (PQenterPipelineMode(conn_) != 1)
    fail("entering pipeline mode");
}

void connection::exit_pipeline() {
  if (PQexitPipelineMode(conn_) != 1)
    fail("leaving pipeline mode");
}

void connection::send_prepared(const std::string& name, const std::vector<param>& params) {
  const auto values = c_strings(params);
  if (PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr,
                          /*text results*/ 0) != 1)
    fail(name);
}

void connection::send(const std::string& sql) {
  // PQsendQuery is not allowed in pipeline mode; the extended protocol is.
  if (PQsendQueryParams(conn_, sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1)
    fail(sql);
}

void connection::sync() {
  if (PQpipelineSync(conn_) != 1)
    fail("sending a pipeline");
}

result connection::receive(const std::string& what) {
  pg_result* r = PQgetResult(conn_);
  if (!r)
    fail(what + ": no result");
  const auto status = PQresultStatus(r);
  if (status == PGRES_PIPELINE_SYNC) {
    PQclear(r);
    throw error("PostgreSQL: a pipeline's sync came before the result of " + what, "", false);
  }
  if (status == PGRES_PIPELINE_ABORTED) {
    PQclear(r);
    while ((r = PQgetResult(conn_)) != nullptr) // the end of this statement's results
      PQclear(r);
    throw error("PostgreSQL: skipped after an earlier statement in its pipeline failed (in: " + what + ")", "",
                PQstatus(conn_) != CONNECTION_OK);
  }
  // One result per statement, then a null that ends it (a statement's error also ends with one).
  if (pg_result* extra = PQgetResult(conn_)) {
    PQclear(extra);
    PQclear(r);
    throw error("PostgreSQL: more than one result for " + what, "", false);
  }
  return check(r, what);
}

void connection::receive_sync() {
  // Results not read yet come first, each followed by a null; a connection that broke returns
  // nulls only, so two in a row end the wait.
  bool after_null = false;
  for (;;) {
    pg_result* r = PQgetResult(conn_);
    if (!r) {
      if (after_null || PQstatus(conn_) != CONNECTION_OK)
        fail("waiting for a pipeline's sync");
      after_null = true;
      continue;
    }
    after_null = false;
    const bool done = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
    PQclear(r);
    if (done)
      return;
  }
}

bool connection::ok() const {
  return conn_ && PQstatus(conn_) == CONNECTION_OK;
}

int connection::server_version() const {
  return conn_ ? PQserverVersion(conn_) : 0;
}

bool connection::in_transaction() const {
  if (!conn_)
    return false;
  const auto status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

int connection::backend_pid() const {
  return conn_ ? PQbackendPID(conn_) : 0;
}

} // namespace hatewatch::daemon::store::pg
