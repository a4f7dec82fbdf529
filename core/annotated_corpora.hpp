#pragma once
// Readers for the corpora whose native files are not a `text,label` CSV: each maps its own
// annotation scheme onto the three classes (models/README.md, "Data", gives the mapping of each).
//
//   cad            Reddit, TSV `id,text,labels` (labels comma-separated). IdentityDirectedAbuse ->
//                  hate speech; anything else -> not hate (partial: affiliation- and person-directed
//                  abuse is offensive by Davidson's scheme, but a neutral Reddit comment may be
//                  profane too, so "neither" is not claimed). A post's body and title are one group.
//   ghc            Gab, TSV `text,hd,cv,vo`: hd or cv -> hate speech, else not hate (partial).
//   dynahate       CSV with `text,label (hate|nothate),acl.id,acl.id.matched`: an adversarial
//                  perturbation is grouped with the entry it was made from.
//   implicit_hate  TSV `post,class`: implicit_hate or explicit_hate -> hate speech, not_hate -> not.
//   mlma           CSV `HITId,tweet,sentiment,...`: 'hateful' in sentiment -> hate speech, else not.
//   functional     CSV `functionality,label,group,text` (label hate or not): a functional test suite
//                  (tests/fixtures/functional/). Every row is a test row, never trained on; the
//                  functionality is the group.
//   germeval       German tweets, TSV without header: text, coarse (OFFENSE|OTHER), fine (ABUSE ->
//                  hate speech; INSULT, PROFANITY -> offensive language; OTHER -> neither).
//   told_br        Portuguese tweets, CSV `text,homophobia,obscene,insult,racism,misogyny,xenophobia`
//                  (votes 0-3): a majority for a group category -> hate speech, else for obscene or
//                  insult -> offensive language, else neither.
//   offenseval     OffensEval 2020 (Turkish without header, Danish with `id,tweet,subtask_a`): OFF ->
//                  label 1 read as "not neither" (label_scheme::neither_or_not), NOT -> neither.
//   beep           Korean news comments, TSV `comments,...,hate` (hate, offensive, none).
//   The last four group identical texts (lower-cased): copies stay in one fold.
// Every malformed row stops the read with "name:line: ...".

#include "core/dataset.hpp"

#include <istream>
#include <string>
#include <vector>

namespace hatewatch::core {

/// Reads one of the kinds above from one or more files of the same layout, as one corpus (groups
/// span the files). Throws csv_error. Other kinds are refused with std::logic_error.
std::vector<example> read_annotated_corpus(const std::vector<named_input>& inputs, corpus_kind kind,
                                           std::uint16_t corpus_index);

/// Whether `kind` is read by read_annotated_corpus().
bool is_annotated_kind(corpus_kind kind);

} // namespace hatewatch::core
