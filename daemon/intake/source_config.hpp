#pragma once
// The config's `sources` section, owned by the intake: the forums comments come from, how they
// arrive (webhook kinds, polling), their thresholds, and (read by the alerts area) their alert rules.

#include "daemon/alerts/alerts_config.hpp"
#include "daemon/base/config_fwd.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace hatewatch::daemon {

/// A source's hate-speech alert threshold when its config gives none: chosen from the shipped
/// model's out-of-fold calibration curve (models/README.md, "Hate-speech thresholds").
inline constexpr double default_hate_speech_threshold = 0.65;
/// A source's threshold on 1 - p(neither) for comments scored by a model that tells only neither
/// from the rest (Turkish, Danish: their corpora say "offensive or not"), when its config gives none.
inline constexpr double default_not_neither_threshold = 0.8;

/// How a source's comments arrive (source_config.cpp's table names them; docs/extending.md).
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
  /// What its stored comments alert and reach: the alerts area's keys of this entry.
  alert_rules alerts;
  bool polls = false;
  poll_config poll;

  bool operator==(const source_config&) const = default;
};

/// Reads the `sources` section (a list of sources).
void read_sources(const config_reader& r, const YAML::Node& node, std::vector<source_config>& sources);

/// The sources that have a model of their own, with its file, in config order: for load_models().
std::vector<std::pair<std::string, std::filesystem::path>> source_models(const std::vector<source_config>& sources);

} // namespace hatewatch::daemon
