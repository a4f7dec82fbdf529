#pragma once
// The config sections of the HTTP APIs (api, auth, rate_limit, perspective, openai), and the
// settings the API's handlers work from: those sections with the sources, the console and the
// models, swapped whole by a reload.

#include "daemon/base/config_fwd.hpp"
#include "daemon/console/console_config.hpp"
#include "daemon/intake/source_config.hpp"
#include "daemon/models/model_config.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::daemon {

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

/// A token bucket per client address; requests_per_second 0 turns it off.
struct rate_limit_config {
  double requests_per_second = 0;
  std::uint32_t burst = 50;
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

void read_api(const config_reader& r, const YAML::Node& node, api_config& a);
void read_auth(const config_reader& r, const YAML::Node& node, auth_config& a);
void read_rate_limit(const config_reader& r, const YAML::Node& node, rate_limit_config& l);
void read_perspective(const config_reader& r, const YAML::Node& node, perspective_config& p);
void read_openai(const config_reader& r, const YAML::Node& node, openai_config& o);

/// The parts of the config that a reload applies without a restart.
struct api_settings {
  api_config api;
  auth_config auth;
  rate_limit_config rate_limit;
  std::vector<source_config> sources;
  perspective_config perspective;
  openai_config openai;
  console_config console;
  model_config model;

  /// The source called `name`, or nullptr.
  const source_config* find_source(std::string_view name) const;
};

} // namespace hatewatch::daemon
