// The file checks: a YAML config, a model file and a corpus CSV, each from the fuzzer's bytes.
// Each input must either load and make sense or be refused with the error type its reader
// documents; anything else escaping is a finding. See fuzz_checks.hpp.
#include "fuzz/fuzz_checks.hpp"

#include "core/csv_reader.hpp"
#include "core/dataset.hpp"
#include "core/model.hpp"
#include "core/model_file.hpp"
#include "core/ngram_hash.hpp"
#include "daemon/config/config.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <string>

namespace hatewatch::test {
namespace {

// Names on stderr what escaped a reader (the finding's one line says only that something did), then
// returns the finding.
const char* escaped(const char* finding) {
  try {
    throw;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "escaped: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "escaped: something that is not a std::exception\n");
  }
  return finding;
}

const char* check_model_bytes(const std::string& bytes) {
  try {
    std::istringstream in(bytes);
    const auto m = core::read_model(in, 1 << 20);
    core::vectorizer_scratch scratch;
    for (const char* text : {"", "hello there", "you are a slurword \xF0\x9F\x94\xAA", "\xFF\xFE n i g g"}) {
      const auto p = m.score(text, scratch);
      for (double x : p)
        if (!std::isfinite(x) || x < 0 || x > 1)
          return "a loaded model gives a probability outside [0, 1]";
      if (std::abs(p[0] + p[1] + p[2] - 1.0) > 1e-9)
        return "a loaded model's probabilities do not sum to 1";
    }
    if (m.version().empty())
      return "a loaded model has no version";
  } catch (const core::model_file_error&) {
    // refused with a message: fine
  } catch (...) {
    return escaped("read_model threw something other than model_file_error");
  }
  return nullptr;
}

} // namespace

const char* check_config(std::string_view bytes) {
  try {
    const auto cfg = daemon::parse_config(std::string(bytes), "fuzz.yaml");
    if (cfg.server.threads > 256 || cfg.server.body_limit < 1024)
      return "an accepted config outside the documented server limits";
  } catch (const daemon::config_error& e) {
    if (std::strlen(e.what()) == 0)
      return "a config_error without a message";
  } catch (...) {
    return escaped("parse_config threw something other than config_error");
  }
  return nullptr;
}

const char* check_model_file(std::string_view bytes) {
  std::string file(bytes);
  if (const char* broken = check_model_bytes(file))
    return broken;
  // The same bytes with a correct checksum (the last 8 bytes: FNV-1a of all before), so that the
  // checks behind the checksum see the mutations too.
  if (file.size() < 8)
    return nullptr;
  const std::uint64_t sum =
      core::ngram_hash::feed(core::ngram_hash::offset_basis, std::string_view(file).substr(0, file.size() - 8));
  for (int i = 0; i < 8; ++i)
    file[file.size() - 8 + static_cast<std::size_t>(i)] = static_cast<char>((sum >> (8 * i)) & 0xFF);
  return check_model_bytes(file);
}

const char* check_csv(std::string_view bytes) {
  // The first byte picks the corpus kind, the rest is the file.
  static constexpr core::corpus_kind kinds[] = {core::corpus_kind::davidson,      core::corpus_kind::stormfront,
                                                core::corpus_kind::ethos,         core::corpus_kind::hatemojibuild,
                                                core::corpus_kind::hatexplain,    core::corpus_kind::text,
                                                core::corpus_kind::cad,           core::corpus_kind::ghc,
                                                core::corpus_kind::dynahate,      core::corpus_kind::implicit_hate,
                                                core::corpus_kind::mlma,          core::corpus_kind::germeval,
                                                core::corpus_kind::told_br,       core::corpus_kind::offenseval,
                                                core::corpus_kind::beep};
  const auto kind = bytes.empty() ? kinds[0] : kinds[static_cast<unsigned char>(bytes[0]) % std::size(kinds)];
  const std::string text(bytes.empty() ? bytes : bytes.substr(1));
  try {
    std::istringstream in(text);
    const auto examples = core::read_corpus(in, "fuzz.csv", kind, 3);
    for (const auto& e : examples) {
      if (e.y != core::hate_speech && e.y != core::offensive_language && e.y != core::neither)
        return "an example with a label outside 0..2";
      const auto scheme = core::label_scheme_of(kind);
      if (e.y == core::offensive_language && scheme == core::label_scheme::hate_or_not)
        return "an offensive-language label in a corpus without that class";
      if (e.y == core::hate_speech && scheme == core::label_scheme::neither_or_not)
        return "a hate-speech label in a corpus that only tells neither from the rest";
      if (e.corpus != 3)
        return "an example without its corpus index";
    }
  } catch (const core::csv_error& e) {
    if (std::string_view(e.what()).find("fuzz.csv:") != 0)
      return "a csv_error that does not name the file and line";
  } catch (...) {
    return escaped("read_corpus threw something other than csv_error");
  }
  return nullptr;
}

} // namespace hatewatch::test
