#include "daemon/intake/scoring.hpp"

#include "core/utf8.hpp"
#include "daemon/alerts/routing.hpp"
#include "daemon/models/score_json.hpp"

namespace hatewatch::daemon {

bool crosses_thresholds(const core::probabilities& p, const source_config& src, bool tells_hate) {
  if (!tells_hate)
    return 1.0 - p[2] >= src.not_neither_threshold;
  if (p[0] >= src.hate_speech_threshold)
    return true;
  return src.offensive_language_threshold >= 0 && p[1] >= src.offensive_language_threshold;
}

const core::model& score_comment(const model_set& models, const source_config& src, std::uint32_t explain_top,
                   store::comment_record& c, bool any_language, const core::model* chosen) {
  // JSON may carry U+0000, which PostgreSQL's TEXT cannot hold: every backend stores U+FFFD in its
  // place, and the text is scored as stored (the store refuses a NUL that gets past this).
  for (auto* field : {&c.external_id, &c.author, &c.url, &c.text})
    core::utf8::replace_nul(*field);
  const auto routed = score_routed(models, c.text, explain_top, chosen);
  const auto& lang = routed.language;
  c.model_version = routed.model->version();
  c.language = lang.guess.code;
  c.language_confidence = lang.guess.confidence;
  c.unsupported = !lang.supported && !any_language;
  // Read only in part (a sentence in a language no model reads): scored if the parts read flag it.
  if (c.unsupported && routed.part_unread && crosses_thresholds(routed.result.p, src, routed.model->tells_hate()))
    c.unsupported = false;
  if (c.unsupported) {
    // Never scored, never called clean: stored without scores, then as the source's policy says.
    c.p = {};
    c.flagged = false;
    c.explanation_json.clear();
  } else {
    const auto& r = routed.result;
    c.p = r.p;
    c.flagged = crosses_thresholds(r.p, src, routed.model->tells_hate());
    std::string member;
    append_explanation(member, r.explanation); // "explanation":[...]
    const auto colon = member.find(':');
    c.explanation_json = member.substr(colon + 1);
  }
  c.alerts = alerts_for(c, src.alerts);
  return *routed.model;
}

} // namespace hatewatch::daemon
