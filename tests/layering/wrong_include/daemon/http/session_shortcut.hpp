#pragma once
// A fixture of the layering test (tests/CMakeLists.txt): http/ reaching up into api/, which
// daemon/layers.cmake forbids. Never compiled.
#include "daemon/api/routes.hpp"
#include "daemon/base/net.hpp"
