#pragma once
// The error of a config that cannot be used, whichever area's section is wrong.

#include <stdexcept>

namespace hatewatch::daemon {

/// A config file that cannot be used; what() reads "file:line: key 'a.b': what is wrong".
class config_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace hatewatch::daemon
