#pragma once
// Scoring a text with the model of its language: the default model, the by-language models of
// model.by_language, mixed-language texts sentence by sentence, long texts by their most hateful
// sentence. Used by intake (stored comments) and by the scoring APIs (/predict, /v1/score,
// Perspective, OpenAI), which store nothing.

#include "core/language_id.hpp"
#include "core/model.hpp"
#include "daemon/models/model_set.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::daemon {

/// The calling thread's scratch space for scoring with `m`: one per thread and model for every
/// route and the poller, so that each model's token cache stays warm (a cache serves one
/// vocabulary and empties itself for another) and a thread holds one per model, not one per call
/// site. A thread keeps at most 8; a ninth model reuses the least recently used one.
core::vectorizer_scratch& thread_scratch(const core::model& m);

/// A comment's language, and whether the model that scored it reads that language.
struct language_verdict {
  core::language_guess guess;
  bool supported = true;
};

/// The language of `text`, which the calling thread's scratch for `m` (thread_scratch(m)) has just
/// scored (see core/language_id.hpp).
language_verdict language_of_scored(const core::model& m, std::string_view text);

/// A text scored by the model of its language.
struct routed_score {
  const core::model* model = nullptr; // the one whose scores these are
  core::model::scored result;         // explanation empty unless asked for
  language_verdict language;          // supported: `model` reads the text's language
  /// Scored part by part (mixed languages): the languages of the parts, in order of first use,
  /// and whether a part in a language no model reads was left out.
  std::vector<std::string> part_languages;
  bool part_unread = false;
};

/// Scores `text` with the default model, tells its language, and when model.by_language names a
/// model for that language scores it again with that one. A text over 2 KiB takes the scores (and
/// the explanation, its offsets into the whole text) of its most hateful sentence (a sentence over
/// 1 KiB: of its most hateful window of 512 bytes). Without such a model, a language the
/// default model does not read leaves `language.supported` false (the scores are the default
/// model's, for callers that score anyway). `explain_top` 0: no explanation.
/// Mixed languages: when the whole text is not the default model's by its vocabulary (or has a
/// model of its own language) and it has several sentences, each sentence is also told apart and
/// scored by the model of its language (by the default model too when its language is undetermined),
/// and the text takes the scores of its most hateful part: one German sentence cannot hide an
/// English call to violence. A part in a language no model reads is left out (part_unread); the
/// text is `supported` only if no part was left out.
/// With `chosen` (a caller that named the language, as Perspective's `languages` does), that model
/// scores the text whatever its language; the language is still told.
routed_score score_routed(const model_set& models, std::string_view text, std::uint32_t explain_top,
                          const core::model* chosen = nullptr);

} // namespace hatewatch::daemon
