#include "daemon/intake/scoring.hpp"

#include "daemon/score_json.hpp"

namespace hatewatch::daemon {

bool crosses_thresholds(const core::probabilities& p, const source_config& src) {
  if (p[0] >= src.hate_speech_threshold)
    return true;
  return src.offensive_language_threshold >= 0 && p[1] >= src.offensive_language_threshold;
}

std::vector<std::string> alerts_for(const store::comment_record& c, const source_config& src) {
  const bool alerts = c.unsupported ? src.unsupported_language == unsupported_policy::alert : c.flagged;
  if (!alerts || c.text.size() < src.min_text_length)
    return {};
  if (src.bypass_staff && c.author_staff)
    return {};
  if (src.bypass_min_trust_level >= 0 && c.author_trust_level && *c.author_trust_level >= src.bypass_min_trust_level)
    return {};
  auto out = src.notify;
  if (src.flag.enabled && src.kind == source_kind::discourse)
    out.push_back("@flag");
  return out;
}

core::vectorizer_scratch& thread_scratch() {
  thread_local core::vectorizer_scratch scratch;
  return scratch;
}

language_verdict language_of_scored(const core::model& m, std::string_view text) {
  const auto& languages = m.languages();
  auto guess = core::identify_language(text, thread_scratch(), languages.front());
  const bool supported = core::model_reads(guess, languages);
  return {std::move(guess), supported};
}

void score_comment(const core::model& m, const source_config& src, std::uint32_t explain_top, store::comment_record& c,
                   bool any_language) {
  const auto r = m.score_explained(c.text, explain_top, thread_scratch());
  const auto lang = language_of_scored(m, c.text);
  c.model_version = m.version();
  c.language = lang.guess.code;
  c.language_confidence = lang.guess.confidence;
  c.unsupported = !lang.supported && !any_language;
  if (c.unsupported) {
    // Never scored, never called clean: stored without scores, then as the source's policy says.
    c.p = {};
    c.flagged = false;
    c.explanation_json.clear();
  } else {
    c.p = r.p;
    c.flagged = crosses_thresholds(r.p, src);
    std::string member;
    append_explanation(member, r.explanation); // "explanation":[...]
    const auto colon = member.find(':');
    c.explanation_json = member.substr(colon + 1);
  }
  c.alerts = alerts_for(c, src);
}

} // namespace hatewatch::daemon
