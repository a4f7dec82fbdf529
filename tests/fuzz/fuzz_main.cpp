// The libFuzzer entry point of one check (HATEWATCH_FUZZ_CHECK, set per executable in
// CMakeLists.txt): a broken invariant aborts, which libFuzzer reports as a crash with the input.
#include "fuzz/fuzz_checks.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (const char* broken = hatewatch::test::HATEWATCH_FUZZ_CHECK(bytes)) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", broken);
    std::abort();
  }
  return 0;
}
