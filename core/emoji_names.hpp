#pragma once
// English short names of emoji (CLDR), for the tokenizer's text rules 2.

#include <string_view>

namespace hatewatch::core {

/// The lower-case short name of a one-code-point emoji or pictograph ("kitchen knife",
/// "dark skin tone"), words separated by single spaces; empty when it has none.
std::string_view emoji_name(char32_t c) noexcept;

} // namespace hatewatch::core
