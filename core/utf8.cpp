#include "core/utf8.hpp"

#include <algorithm>

namespace hatewatch::core::utf8 {

char32_t decode(std::string_view text, std::size_t& pos) noexcept {
  const auto b0 = static_cast<unsigned char>(text[pos]);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  std::size_t len;
  char32_t c;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, c = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, c = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, c = b0 & 0x07, min = 0x10000;
  } else {
    ++pos; // a continuation byte or 0xF8..0xFF where a character should start
    return replacement;
  }
  if (pos + len > text.size()) {
    ++pos;
    return replacement;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[pos + k]);
    if ((b & 0xC0) != 0x80) {
      ++pos;
      return replacement;
    }
    c = (c << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid UTF-8.
  if (c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) {
    ++pos;
    return replacement;
  }
  pos += len;
  return c;
}

void append(std::string& out, char32_t c) {
  if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
    c = replacement;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string sanitize(std::string_view text) {
  return prefix(text, std::string::npos);
}

std::string storable(std::string_view text) {
  auto out = sanitize(text);
  replace_nul(out);
  return out;
}

bool replace_nul(std::string& text) {
  // In valid UTF-8 a zero byte is U+0000 and nothing else.
  auto at = text.find('\0');
  if (at == std::string::npos)
    return false;
  std::string out;
  out.reserve(text.size() + 8);
  std::size_t from = 0;
  for (; at != std::string::npos; at = text.find('\0', from)) {
    out.append(text, from, at - from);
    out += "\xEF\xBF\xBD";
    from = at + 1;
  }
  out.append(text, from);
  text = std::move(out);
  return true;
}

std::string prefix(std::string_view text, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes));
  for (std::size_t pos = 0; pos < text.size();) {
    const auto at = out.size();
    append(out, decode(text, pos));
    if (out.size() > max_bytes) {
      out.resize(at);
      break;
    }
  }
  return out;
}

} // namespace hatewatch::core::utf8
