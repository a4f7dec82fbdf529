#pragma once
// A fixture of the layering test: api/ may include http/ (allowed). Never compiled.
#include "daemon/http/session_shortcut.hpp"
