#pragma once
// The JSON shape of a score, shared by `hatewatch score` and the HTTP API:
//   "hate speech": p0, "offensive language": p1, "neither": p2[, "explanation": [...]]
// Numbers are written in their shortest round-trip form ("0.25", not Boost.JSON's "2.5E-1").

#include "core/labels.hpp"
#include "core/language_id.hpp"
#include "core/model.hpp"
#include "daemon/base/json_text.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::daemon {

/// The three members, without braces.
void append_scores(std::string& out, const core::probabilities& p);
/// `"language":{"code":"de","confidence":0.99,"supported":false}`, without braces; for an
/// unsupported language also `"unsupported_language":true`.
void append_language(std::string& out, const core::language_guess& g, bool supported);
/// The three members with null values: the scores of a comment the model cannot read.
void append_no_scores(std::string& out);
/// The scores as `m` can give them: append_scores() for a model that tells hate speech apart; for
/// one that tells only neither from the rest, null hate speech and offensive language, its
/// "neither" and "not neither", and "distinguishes":["neither","not neither"].
void append_model_scores(std::string& out, const core::probabilities& p, const core::model& m);
/// "distinguishes":[...] : the classes `m` tells apart.
void append_distinguishes(std::string& out, const core::model& m);
/// The scores of a model that tells only neither from the rest, as append_model_scores() writes them
/// for one (for scores read back from the store, whose model may be known by its version only).
void append_neither_scores(std::string& out, const core::probabilities& p);
/// `"explanation":[{"ngram":...,"begin":...,"end":...,"weight":...},...]`, without braces.
void append_explanation(std::string& out, const std::vector<core::contribution>& explanation);

} // namespace hatewatch::daemon
