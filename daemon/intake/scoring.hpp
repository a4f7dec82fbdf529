#pragma once
// Scoring a comment on its way into the store: probabilities, the n-grams that drove them, and
// whether the source's thresholds flag it. Shared by every webhook adapter and the poller.

#include "core/model.hpp"
#include "daemon/config.hpp"
#include "daemon/store/comment_store.hpp"

namespace hatewatch::daemon {

/// Whether the probabilities cross the source's thresholds.
bool crosses_thresholds(const core::probabilities& p, const source_config& src);

/// Fills c's model version, probabilities, flagged and explanation (the `explain_top` n-grams).
void score_comment(const core::model& m, const source_config& src, std::uint32_t explain_top, store::comment_record& c);

} // namespace hatewatch::daemon
