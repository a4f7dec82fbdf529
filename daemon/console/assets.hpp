#pragma once
// The console's static files (daemon/console/assets/*), embedded in the binary at build time so that
// the console works with no network and no files beside the binary.

#include <string_view>

namespace hatewatch::daemon::console {

struct asset {
  std::string_view name;         // "console.js"
  std::string_view content_type; // "text/javascript; charset=utf-8"
  std::string_view etag;         // "\"<first 32 hex digits of its SHA-256>\""
  std::string_view body;
};

/// The file called `name` (no directories), or nullptr.
const asset* find_asset(std::string_view name);

} // namespace hatewatch::daemon::console
