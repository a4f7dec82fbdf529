#pragma once
// What an area's config header needs to declare its section's reader, declared only: the YAML node
// and the reader (base/config_reader.hpp, included by the readers' .cpp files alone).

#include <chrono>

namespace YAML {
class Node;
}

namespace hatewatch::daemon {

class config_reader;

using namespace std::chrono_literals;

} // namespace hatewatch::daemon
