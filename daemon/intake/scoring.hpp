#pragma once
// Scoring a comment on its way into the store: probabilities, the n-grams that drove them (from the
// models area's score_routed), whether the source's thresholds flag it, and the alerts it raises
// (the alerts area's alerts_for). Shared by every webhook adapter and the poller.

#include "core/model.hpp"
#include "daemon/intake/source_config.hpp"
#include "daemon/models/model_set.hpp"
#include "daemon/models/routed_scoring.hpp"
#include "daemon/store/comment_store.hpp"

namespace hatewatch::daemon {

/// Whether the probabilities cross the source's thresholds: for a model that tells hate speech
/// apart, thresholds.hate_speech (or thresholds.offensive_language); for one that tells only
/// neither from the rest (core::model::tells_hate() false), thresholds.not_neither on 1 - p(neither).
bool crosses_thresholds(const core::probabilities& p, const source_config& src, bool tells_hate = true);

/// Replaces every U+0000 in c's id, author, url and text by U+FFFD (what the store keeps), then
/// fills c's model version, language, probabilities, flagged, explanation (the `explain_top` n-grams)
/// and alerts, scored by the model of its language (score_routed). A comment in a language no model
/// reads gets no probabilities (c.unsupported), is not flagged, and alerts only under
/// unsupported_language: alert; one read only in part is scored by the parts read when those cross
/// the thresholds (never called clean on the strength of the parts read). With `any_language` (a caller that vouches for the language), such
/// a comment is scored by the default model; with `chosen`, by that model. Returns the model that
/// scored it (or would have).
const core::model& score_comment(const model_set& models, const source_config& src, std::uint32_t explain_top,
                   store::comment_record& c, bool any_language = false, const core::model* chosen = nullptr);

} // namespace hatewatch::daemon
