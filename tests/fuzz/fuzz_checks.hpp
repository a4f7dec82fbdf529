#pragma once
// The invariants the text fuzz target checks, callable from tests (which assert on the answer) as
// well as from the libFuzzer entry point (which aborts on it).

#include <string_view>

namespace hatewatch::test {

/// The first invariant `text` breaks (normalisation offsets, quick scan against full pass, tokens,
/// probabilities, explanations), or nullptr when it keeps them all.
const char* broken_text_invariant(std::string_view text);

} // namespace hatewatch::test
