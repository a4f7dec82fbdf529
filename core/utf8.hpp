#pragma once
// UTF-8 decoding and encoding that never fails: an invalid or truncated sequence decodes as
// U+FFFD and consumes one byte, so a scan always advances and never splits a valid character.

#include <cstddef>
#include <string>
#include <string_view>

namespace hatewatch::core::utf8 {

inline constexpr char32_t replacement = 0xFFFD;

/// Decodes the character at `pos` and advances `pos` past it. Requires pos < text.size().
char32_t decode(std::string_view text, std::size_t& pos) noexcept;

/// Appends the UTF-8 encoding of `c` (surrogates and values past U+10FFFF become U+FFFD).
void append(std::string& out, char32_t c);

/// `text` with every invalid or truncated sequence replaced by U+FFFD: always valid UTF-8.
std::string sanitize(std::string_view text);

/// sanitize(), and every U+0000 (NUL) replaced by U+FFFD as well: text the store keeps. JSON may
/// carry NUL (\u0000) but PostgreSQL's TEXT cannot hold it, so both backends store the replacement,
/// and a comment is scored on exactly the text that is stored.
std::string storable(std::string_view text);

/// Replaces every U+0000 of valid UTF-8 `text` by U+FFFD in place; whether there was one.
bool replace_nul(std::string& text);

/// At most the first `max_bytes` of `text`, sanitised, never splitting a character.
std::string prefix(std::string_view text, std::size_t max_bytes);

/// Number of bytes of the UTF-8 encoding of a valid code point.
constexpr std::size_t encoded_size(char32_t c) noexcept {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

} // namespace hatewatch::core::utf8
