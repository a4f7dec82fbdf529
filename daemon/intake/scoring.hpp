#pragma once
// Scoring a comment on its way into the store: probabilities, the n-grams that drove them, and
// whether the source's thresholds flag it. Shared by every webhook adapter and the poller.

#include "core/language_id.hpp"
#include "core/model.hpp"
#include "daemon/config.hpp"
#include "daemon/store/comment_store.hpp"

namespace hatewatch::daemon {

/// Whether the probabilities cross the source's thresholds.
bool crosses_thresholds(const core::probabilities& p, const source_config& src);

/// The outbox entries a flagged comment (or an unscored one, under unsupported_language: alert) gets
/// under the source's rules (none when not flagged, too short, or by a bypassed author): its notify
/// channels, and "@flag" when it flags posts.
std::vector<std::string> alerts_for(const store::comment_record& c, const source_config& src);

/// The calling thread's scratch space for scoring: one per thread for every route and the poller,
/// so that its token cache stays warm and a thread holds one, not one per call site.
core::vectorizer_scratch& thread_scratch();

/// A comment's language, and whether the model that scored it reads that language.
struct language_verdict {
  core::language_guess guess;
  bool supported = true;
};

/// The language of `text`, which the calling thread's scratch (thread_scratch()) has just scored
/// with `m` (see core/language_id.hpp).
language_verdict language_of_scored(const core::model& m, std::string_view text);

/// Fills c's model version, language, probabilities, flagged, explanation (the `explain_top` n-grams)
/// and alerts. A comment in a language the model does not read gets no probabilities
/// (c.unsupported), is not flagged, and alerts only under unsupported_language: alert.
/// With `any_language` (a caller that vouches for the language), every comment is scored.
void score_comment(const core::model& m, const source_config& src, std::uint32_t explain_top, store::comment_record& c,
                   bool any_language = false);

} // namespace hatewatch::daemon
