#pragma once
// The text of an HTML fragment, as Coral sends comment bodies: tags removed (block tags and <br>
// become line breaks, <script> and <style> are dropped with their content), the common named
// entities decoded. Numeric entities are left to the normaliser, which decodes them when scoring.

#include <string>
#include <string_view>

namespace hatewatch::daemon {

std::string html_to_text(std::string_view html);

} // namespace hatewatch::daemon
