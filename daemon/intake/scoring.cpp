#include "daemon/intake/scoring.hpp"

#include "core/utf8.hpp"
#include "daemon/score_json.hpp"

#include <algorithm>
#include <memory>
#include <vector>

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

core::vectorizer_scratch& thread_scratch(const core::model& m) {
  struct entry {
    std::uint64_t vocabulary = 0;
    std::unique_ptr<core::vectorizer_scratch> scratch;
  };
  thread_local std::vector<entry> scratches; // most recently used first
  const auto id = m.table().id();
  auto it = std::find_if(scratches.begin(), scratches.end(), [&](const entry& e) { return e.vocabulary == id; });
  if (it == scratches.end()) {
    if (scratches.size() < 8)
      scratches.push_back({id, std::make_unique<core::vectorizer_scratch>()});
    else
      scratches.back().vocabulary = id;
    it = std::prev(scratches.end());
  }
  if (it != scratches.begin())
    std::rotate(scratches.begin(), it, std::next(it));
  return *scratches.front().scratch;
}

language_verdict language_of_scored(const core::model& m, std::string_view text) {
  const auto& languages = m.languages();
  auto guess = core::identify_language(text, thread_scratch(m), languages.front());
  const bool supported = core::model_reads(guess, languages);
  return {std::move(guess), supported};
}

routed_score score_routed(const model_set& models, std::string_view text, std::uint32_t explain_top,
                          const core::model* chosen) {
  auto score_with = [&](const core::model& m) {
    auto& scratch = thread_scratch(m);
    return explain_top > 0 ? m.score_explained(text, explain_top, scratch)
                           : core::model::scored{m.score(text, scratch), {}};
  };
  const core::model& first = chosen ? *chosen : *models.fallback;
  routed_score out{&first, score_with(first), language_of_scored(first, text)};
  if (chosen) {
    out.language.supported = true; // the caller named the language
    return out;
  }
  // Only a language the detector (or the default model's vocabulary) named can have a model of its own.
  if (const auto* own = models.for_language(out.language.guess.code); own && own != &first) {
    out.model = own;
    out.result = score_with(*own);
    out.language.supported = true; // it lists the language (load_models checks)
  }
  return out;
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
  if (c.unsupported) {
    // Never scored, never called clean: stored without scores, then as the source's policy says.
    c.p = {};
    c.flagged = false;
    c.explanation_json.clear();
  } else {
    const auto& r = routed.result;
    c.p = r.p;
    c.flagged = crosses_thresholds(r.p, src);
    std::string member;
    append_explanation(member, r.explanation); // "explanation":[...]
    const auto colon = member.find(':');
    c.explanation_json = member.substr(colon + 1);
  }
  c.alerts = alerts_for(c, src);
  return *routed.model;
}

} // namespace hatewatch::daemon
