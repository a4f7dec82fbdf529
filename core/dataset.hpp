#pragma once
// Labelled training and evaluation data, read from CSV.
//
// read_dataset() recognises two layouts by their header: the upstream Davidson et al. (2017) file
// (`,count,hate_speech,offensive_language,neither,class,tweet`) and a simple `text,label`. In general
// the text column is the one named `tweet` or `text` and the label column `class` or `label`; labels
// are 0/1/2 or the class names. Any malformed row stops the read with its line number.
//
// read_corpus() reads one of the known corpora (see corpus_kind) with what it knows of its layout:
// which rows belong together (a post's sentences, an adversarial pair), which rows the authors held
// out as their test split, and whether the corpus tells offensive language from neither.

#include "core/labels.hpp"

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::core {

struct example {
  std::string text;
  label y;
  /// Index of the corpus in train_options::corpora (0 for a single corpus).
  std::uint16_t corpus = 0;
  /// Rows with the same (corpus, group) stay in one cross-validation fold; 0 = a group of its own.
  std::uint64_t group = 0;
  /// In the authors' test split: never trained on, reported on its own.
  bool held_out = false;
};

enum class corpus_kind {
  davidson, stormfront, ethos, hatemojibuild, hatexplain, text, cad, ghc, dynahate, implicit_hate, mlma, functional,
  germeval, told_br, offenseval, beep
};

/// What a corpus's labels can tell apart.
enum class label_scheme : std::uint8_t {
  three_class,   // hate speech, offensive language, neither
  hate_or_not,   // hate speech, or not (label 2 says only "not hate speech")
  neither_or_not // neither, or not (label 1 says "offensive language or hate speech": OffensEval's OFF)
};

/// "davidson", "stormfront", ... as on the command line.
std::string_view corpus_kind_name(corpus_kind k);
std::optional<corpus_kind> parse_corpus_kind(std::string_view name);
/// The kind's label scheme (three_class for the plain `text` kind).
label_scheme label_scheme_of(corpus_kind k);
/// Whether the kind's labels tell offensive language (1) from neither (2): three_class. Where they
/// do not, a label 2 only says "not hate speech" (hate_or_not), or a label 1 says "not neither"
/// (neither_or_not).
bool labels_offensive(corpus_kind k);

/// Throws csv_error ("name:line: ...") for a malformed file or row.
std::vector<example> read_dataset(std::istream& in, const std::string& name);

/// Reads a corpus of the given kind; each example gets `corpus_index`, its group and held_out.
/// Kinds without an offensive class refuse label 1. Throws csv_error.
std::vector<example> read_corpus(std::istream& in, const std::string& name, corpus_kind kind,
                                 std::uint16_t corpus_index);

struct named_input {
  std::istream* in;
  std::string name;
};

/// The same from one or more files read as one corpus (groups span them: DynaHate's two files hold
/// perturbations of each other's entries). Several files only for the kinds read_annotated_corpus()
/// reads; throws std::invalid_argument for several of another kind, or none.
std::vector<example> read_corpus(const std::vector<named_input>& inputs, corpus_kind kind,
                                 std::uint16_t corpus_index);

/// The cross-validation group of a row, from a key naming it ("pair 12", "cad abc1"); never 0,
/// which stands for a group of its own.
std::uint64_t group_key(std::string_view key);
/// ASCII lower case, as the readers compare header names and split values.
std::string lower_ascii(std::string s);

} // namespace hatewatch::core
