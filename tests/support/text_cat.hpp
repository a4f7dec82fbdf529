#pragma once
// Strings joined by appending: GCC 12 at -O3 misreads "literal" + std::to_string(n) as an
// overlapping memcpy (-Werror=restrict, a false positive), so tests build their ids with cat().

#include <string>
#include <string_view>

namespace hatewatch::test {

template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  ((out += std::string_view(parts)), ...);
  return out;
}

} // namespace hatewatch::test
