#pragma once
// The daemon's configuration: plain structs with their defaults in the member initialisers, filled
// from one YAML file by load_config(), the only code that reads YAML. Loading validates everything
// once; components take their own sub-struct by value and never see YAML.

#include "daemon/base/config_values.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace hatewatch::daemon {

/// A source's hate-speech alert threshold when its config gives none: chosen from the shipped
/// model's out-of-fold calibration curve (models/README.md, "Hate-speech thresholds").
inline constexpr double default_hate_speech_threshold = 0.65;
/// A source's threshold on 1 - p(neither) for comments scored by a model that tells only neither
/// from the rest (Turkish, Danish: their corpora say "offensive or not"), when its config gives none.
inline constexpr double default_not_neither_threshold = 0.8;

using namespace std::chrono_literals;

/// A config file that cannot be used; what() reads "file:line: key 'a.b': what is wrong".
class config_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct server_config {
  listen_address listen{"127.0.0.1", 8080};
  /// When true and $PORT is set, it replaces the port of `listen` (container platforms set it).
  bool port_from_env = false;
  /// I/O threads; 0 means one per core.
  unsigned threads = 0;
  std::uint64_t body_limit = 1ULL << 20;
  std::uint32_t header_limit = 8 * 1024;
  /// Deadline for reading one whole request once its first byte has arrived.
  std::chrono::milliseconds read_timeout = 10s;
  /// How long a keep-alive connection may sit idle between requests.
  std::chrono::milliseconds idle_timeout = 60s;
  /// On SIGTERM/SIGINT, how long requests in flight get to finish.
  std::chrono::milliseconds drain_timeout = 10s;
  std::uint32_t max_connections = 10000;
  /// Reverse proxies in front (addresses and CIDR ranges): only from these peers are the client
  /// (X-Forwarded-For, its rightmost hop that is not a trusted proxy) and the scheme
  /// (X-Forwarded-Proto) believed. Empty: the socket's peer is the client, the headers are ignored.
  std::vector<std::string> trusted_proxies;

  bool operator==(const server_config&) const = default;
};

enum class log_format { text, json };

struct log_config {
  /// One of trace, debug, info, warn, error, critical, off.
  std::string level = "info";
  log_format format = log_format::text;
};

struct model_config {
  /// The model file; a relative path is taken from the working directory.
  std::filesystem::path path = "models/forums.hwm";
  /// A model per language (code -> file): a comment found to be in one of these languages is scored
  /// by that model instead. Each file must list its language.
  std::map<std::string, std::filesystem::path> by_language;
  /// A directory of candidate models (*.hwm) that moderators allowed to promote may evaluate and put
  /// in place of `path` from the console; empty: promotion from the console is off (the CLI's
  /// `hatewatch promote` works either way).
  std::filesystem::path candidates;
  bool operator==(const model_config&) const = default;
};

struct api_config {
  /// Longest text /predict, /v1/score, Perspective and OpenAI moderation take, in bytes
  /// (Perspective's own limit is 20 KB).
  std::uint64_t max_text_bytes = 20480;
  /// Longest text of a forum's comment that intake (webhooks, polling) takes, in bytes: only a
  /// guard, far above any forum's maximum (Discourse: 32,000 characters, at most 128 KB), since a
  /// comment refused here escapes moderation. Longer ones get 413 and a log line.
  std::uint64_t max_comment_bytes = 512 * 1024;
  /// Most comments in one POST /v1/score.
  std::uint32_t max_batch = 100;
  /// How many n-grams an explanation lists.
  std::uint32_t explain_top = 5;
};

/// Bearer tokens per route group; an empty list leaves the group open.
struct auth_config {
  /// POST /predict and POST /v1/score.
  std::vector<std::string> api_tokens;
  /// GET /metrics.
  std::vector<std::string> ops_tokens;
  /// GET /v1/comments...: stored comment texts. Unlike the other groups an empty list closes the
  /// read API (403) instead of leaving it open.
  std::vector<std::string> read_tokens;
};

/// A moderator: the name their decisions are stored under, the scrypt hash of the password with
/// which they log in to the console (`hatewatch hash-password`), and/or the bearer token with which
/// they (or their tools) use the review API. At least one of the two.
struct moderator_config {
  std::string name;
  std::string token;
  std::string password; // "$scrypt$..."; empty: no console login
  /// May promote a candidate model and roll back (console and API).
  bool promote = false;
  bool operator==(const moderator_config&) const = default;
};

/// The moderators' side: who may record decisions on comments, and the console's sessions.
struct console_config {
  std::vector<moderator_config> users;
  /// How long a console login lasts (1 minute to 30 days).
  std::chrono::milliseconds session_lifetime{std::chrono::hours(12)};
  /// Where moderators reach the console from their browsers ("https://mod.example.org/console/"),
  /// for the links in alerts; "https://" also marks the session cookie Secure. Empty: no links.
  std::string public_url;
  bool operator==(const console_config&) const = default;
};

/// A token bucket per client address; requests_per_second 0 turns it off.
struct rate_limit_config {
  double requests_per_second = 0;
  std::uint32_t burst = 50;
};

enum class sync_mode { normal, full };
enum class retention_mode { text, rows };
enum class storage_backend { sqlite, postgresql };

/// TLS to PostgreSQL (libpq's sslmode, sslrootcert, sslcert, sslkey).
struct pg_tls_config {
  /// disable, allow, prefer (libpq's default), require, verify-ca, verify-full.
  std::string mode;
  std::filesystem::path ca_file;
  std::filesystem::path cert_file;
  std::filesystem::path key_file;

  bool operator==(const pg_tls_config&) const = default;
};

struct storage_config {
  /// sqlite (one daemon, the file at `path`) or postgresql (replicas sharing the database at `url`).
  storage_backend backend = storage_backend::sqlite;
  /// The SQLite database; a relative path is taken from the working directory. Empty turns storage
  /// off (SQLite only): /predict and /v1/score still work, webhooks and the comments API answer 503.
  std::filesystem::path path = "var/hatewatch.db";
  /// PostgreSQL: postgresql://user@host:5432/db (no password in it; it is logged).
  std::string url;
  /// PostgreSQL: the password, normally "${HATEWATCH_DB_PASSWORD}"; empty leaves it to libpq
  /// (PGPASSWORD, ~/.pgpass). Never logged.
  std::string password;
  pg_tls_config tls;
  /// PostgreSQL: connections that read (the console and APIs); the writer and the alert dispatcher
  /// hold one each besides. SQLite: reader threads.
  std::uint32_t pool_size = 2;
  /// PostgreSQL: the longest a statement may run (statement_timeout) before it fails with a 503.
  std::chrono::milliseconds statement_timeout = 10s;
  /// PostgreSQL: the longest a connection attempt may take.
  std::chrono::milliseconds connect_timeout = 5s;
  /// full: a webhook's 2xx means its comment survives a power cut (fsync per batch); normal: it
  /// survives a crash of the daemon (WAL without fsync on commit).
  sync_mode synchronous = sync_mode::full;
  /// How long a write waits for a lock another process holds before it fails (then 503).
  std::chrono::milliseconds busy_timeout = 5s;
  /// Most writes committed in one transaction.
  std::uint32_t batch_max = 1000;
  /// Most writes waiting for the writer; past it, webhooks answer 503 so the forum retries later.
  std::uint32_t queue_max = 50000;
  /// Comments received more than this many days ago are purged; 0 keeps them for ever.
  std::uint32_t retention_days = 0;
  /// text: remove text, author, url and explanation and keep the scores; rows: delete the comments
  /// with their scores.
  retention_mode retention = retention_mode::text;
  std::chrono::milliseconds retention_interval = 1h;

  /// Whether comments are stored at all (a PostgreSQL url, or a non-empty SQLite path).
  bool enabled() const { return backend == storage_backend::postgresql || !path.empty(); }
  /// Where the data lives, for logs and messages: the file, or the URL (which holds no password).
  std::string where() const { return backend == storage_backend::postgresql ? url : path.string(); }

  bool operator==(const storage_config&) const = default;
};

enum class source_kind { discourse, generic, coral, perspective };

/// "discourse", "generic", "coral", "perspective".
const char* source_kind_name(source_kind k);

/// Discourse polling: for a forum that cannot reach the daemon with webhooks.
struct poll_config {
  std::string base_url;
  std::string api_key;
  std::string api_username = "system";
  std::chrono::milliseconds interval = 30s;
  /// Whole-request deadline of one API call.
  std::chrono::milliseconds timeout = 10s;
  /// Longest wait after repeated failures (the wait doubles from `interval`).
  std::chrono::milliseconds max_backoff = 10min;
  /// Most pages read back to the last post seen in one round; past it the gap is logged.
  std::uint32_t max_pages = 100;

  bool operator==(const poll_config&) const = default;
};

/// Flagging the post on Discourse itself (POST /post_actions.json) when a comment alerts.
struct flag_config {
  bool enabled = false;
  /// 7 "notify moderators" (default), 4 inappropriate, 3 off-topic, 6 notify user, 8 spam.
  std::uint32_t post_action_type_id = 7;
  /// The forum and an API key allowed to flag; taken from the source's poll section when unset.
  std::string base_url;
  std::string api_key;
  std::string api_username = "system";

  bool operator==(const flag_config&) const = default;
};

/// What becomes of a comment in a language the model does not read (it is never scored).
enum class unsupported_policy {
  /// Stored as not scored, for moderators to look at; counted in /metrics.
  queue,
  /// The same, and the source's channels are told (an alert that says "not scored").
  alert,
  /// Stored as not scored, nothing else.
  ignore,
};

/// "queue", "alert", "ignore".
const char* unsupported_policy_name(unsupported_policy p);

/// One forum (or other comment source). Its name appears in webhook URLs.
struct source_config {
  std::string name;
  source_kind kind = source_kind::generic;
  /// A model of this source's own (a community with its own norms), in place of model.path for
  /// its comments; empty: model.path. model.by_language still applies.
  std::filesystem::path model;
  /// HMAC-SHA256 key for signed deliveries; when set, unsigned or wrongly signed ones get 401.
  std::string secret;
  /// Discourse: score private messages too (skipped by default).
  bool include_private = false;
  /// A comment is flagged when its hate-speech probability reaches this (tune it with `hatewatch
  /// evaluate --thresholds` on the forum's own labelled comments) ...
  double hate_speech_threshold = default_hate_speech_threshold;
  /// ... or, when set (>= 0), its offensive-language probability reaches this.
  double offensive_language_threshold = -1;
  /// A comment scored by a model that cannot tell hate speech from offensive language (it tells
  /// neither from the rest: core::model::tells_hate()) is flagged when 1 - p(neither) reaches this;
  /// the two thresholds above do not apply to it.
  double not_neither_threshold = default_not_neither_threshold;
  /// Coral: the moderation status sent with a FLAG (NONE, APPROVED, REJECTED, PREMOD,
  /// SYSTEM_WITHHELD); empty sends none.
  std::string coral_status;
  /// Alert rules: no alert for texts shorter than this (in bytes) ...
  std::uint32_t min_text_length = 0;
  /// ... nor for staff (admins, moderators) ...
  bool bypass_staff = true;
  /// ... nor for authors at or above this trust level (< 0: no bypass by trust level).
  std::int64_t bypass_min_trust_level = -1;
  /// The channels (names under `channels`) told about each flagged comment.
  std::vector<std::string> notify;
  /// Comments in a language the model does not read.
  unsupported_policy unsupported_language = unsupported_policy::queue;
  flag_config flag;
  bool polls = false;
  poll_config poll;

  bool operator==(const source_config&) const = default;
};

enum class channel_kind { slack, discord, webhook, email };

/// Where alerts go. URLs of Slack/Discord webhooks are secrets: they are never logged.
struct channel_config {
  std::string name;
  channel_kind kind = channel_kind::webhook;
  /// slack, discord, webhook: where to POST.
  std::string url;
  /// webhook: HMAC-SHA256 key for X-Hatewatch-Signature (optional).
  std::string secret;
  /// email: smtp://host:587 (with starttls) or smtps://host:465 (implicit TLS).
  std::string smtp_url;
  bool starttls = true;
  std::string username;
  std::string password;
  std::string from;
  std::vector<std::string> to;
  std::string subject = "hatewatch: comment flagged in {source}";
  /// A CA bundle to trust besides the system's (a private mail or webhook server).
  std::string ca_file;
  std::chrono::milliseconds timeout = 10s;

  bool operator==(const channel_config&) const = default;
};

struct alerts_config {
  /// Past this many alerts for one source and channel within `digest_window`, the rest are sent
  /// together as one digest message.
  std::uint32_t digest_after = 5;
  std::chrono::milliseconds digest_window = 1min;
  /// A delivery is given up (dead) after this many attempts.
  std::uint32_t max_attempts = 12;
  /// The wait after the first failed attempt; it doubles up to retry_max.
  std::chrono::milliseconds retry_base = 5s;
  std::chrono::milliseconds retry_max = 30min;
  /// How often the dispatcher looks for due alerts.
  std::chrono::milliseconds interval = 1s;
  /// How long alerts a dispatcher claimed stay its own: if its replica dies, another delivers them
  /// this long after the claim. A round stops taking up new deliveries past half of it.
  std::chrono::milliseconds lease = 1min;
  /// Longest excerpt of the comment text in a message, in bytes.
  std::uint32_t excerpt_bytes = 500;

  bool operator==(const alerts_config&) const = default;
};

/// The Perspective API stand-in (POST /v1alpha1/comments:analyze and :suggestscore).
struct perspective_config {
  /// API keys callers pass as ?key= (or X-Goog-Api-Key); empty keeps the API closed.
  std::vector<std::string> keys;
  /// The source its comments are stored under (and whose thresholds apply, if it is defined).
  std::string source = "perspective";

  bool operator==(const perspective_config&) const = default;
};

/// POST /v1/moderations (the OpenAI moderation shape): thresholds for "flagged".
struct openai_config {
  /// categories.hate (and flagged) at or above this hate-speech probability.
  double hate_threshold = 0.5;
  /// categories.harassment (and flagged) at or above this offensive-language probability; < 0: never.
  double harassment_threshold = -1;

  bool operator==(const openai_config&) const = default;
};

struct config {
  server_config server;
  log_config log;
  model_config model;
  api_config api;
  auth_config auth;
  rate_limit_config rate_limit;
  storage_config storage;
  std::vector<source_config> sources;
  perspective_config perspective;
  openai_config openai;
  std::vector<channel_config> channels;
  alerts_config alerts;
  console_config console;
  /// The file this config came from (empty for the built-in defaults).
  std::filesystem::path source;
};

/// Reads and validates a YAML config file. `${NAME}` in a string value is replaced by the environment
/// variable NAME (an unset variable is an error). Throws config_error naming file, line and key.
config load_config(const std::filesystem::path& file);

/// The same, from YAML text; `name` stands for the file in messages.
config parse_config(const std::string& yaml_text, const std::string& name);

/// Applies what the environment may override: $PORT when server.port_from_env is set. Throws
/// config_error. load_config() calls it, so `check-config` and `serve` see the same port; the
/// server calls it again for configs built in code.
void apply_environment(config& cfg);

} // namespace hatewatch::daemon
