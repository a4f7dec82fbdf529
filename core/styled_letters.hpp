#pragma once
// Text rules 3: letters and digits written in Unicode's styled forms read as plain ASCII, as NFKC
// compatibility decomposition reads them: mathematical bold, italic, script, fraktur, double-struck,
// sans-serif and monospace letters and digits (U+1D400..U+1D7FF and their Letterlike Symbols
// stand-ins such as U+210E ℎ), circled, parenthesised, squared and negative circled or squared
// Latin letters, and small capitals. "𝐤𝐢𝐥𝐥" and "ⓚⓘⓛⓛ" then read "kill".

namespace hatewatch::core {

/// The ASCII letter (lower case) or digit `c` stands for, or `c` itself.
char32_t unstyle(char32_t c);

} // namespace hatewatch::core
