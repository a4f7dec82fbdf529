#pragma once
// The fuzz checks: each takes the fuzzer's bytes, drives one part of hatewatch with them and returns
// the first invariant broken (a short description), or nullptr when all held. A crash, a hang or a
// sanitizer report is a finding too.
//
// Two callers: the libFuzzer executables (fuzz_main.cpp, one per check, which abort on a broken
// invariant; scripts/fuzz runs them) and the unit tests (fuzz_seeds_test.cpp, fuzz_smoke_test.cpp),
// which feed them the committed seed corpora in tests/fuzz/seeds/<check>/ on every test run.

#include <string_view>

namespace hatewatch::test {

using fuzz_check = const char* (*)(std::string_view bytes);

/// A comment's text through normalisation, tokens, n-grams, scoring and explanations.
const char* check_text(std::string_view bytes);

/// Raw bytes sent over loopback to a real server (router, handlers, the session's one catch): every
/// answer must be valid HTTP, never a 500, and its JSON bodies valid UTF-8 JSON.
const char* check_http(std::string_view bytes);
/// The bytes as the body of a well-formed (and, for webhooks, correctly signed) request to one
/// JSON API, with the same checks as check_http.
const char* check_perspective(std::string_view bytes);
const char* check_openai(std::string_view bytes);
const char* check_discourse(std::string_view bytes);
const char* check_generic(std::string_view bytes);
const char* check_coral(std::string_view bytes);

/// A YAML config: accepted, or refused with config_error (nothing else escapes).
const char* check_config(std::string_view bytes);
/// A model file (its checksum also repaired, so that the checks behind it are reached): loaded and
/// scoring sanely, or refused with model_file_error.
const char* check_model_file(std::string_view bytes);
/// A corpus CSV of the kind the first byte picks: read with consistent labels, or refused with
/// csv_error.
const char* check_csv(std::string_view bytes);

} // namespace hatewatch::test
