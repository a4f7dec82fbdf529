#pragma once
// Labelled training and evaluation data, read from CSV.
//
// Two layouts are recognised by their header: the upstream Davidson et al. (2017) file
// (`,count,hate_speech,offensive_language,neither,class,tweet`) and a simple `text,label`. In general
// the text column is the one named `tweet` or `text` and the label column `class` or `label`; labels
// are 0/1/2 or the class names. Any malformed row stops the read with its line number.

#include "core/labels.hpp"

#include <istream>
#include <string>
#include <vector>

namespace hatewatch::core {

struct example {
  std::string text;
  label y;
};

/// Throws csv_error ("name:line: ...") for a malformed file or row.
std::vector<example> read_dataset(std::istream& in, const std::string& name);

} // namespace hatewatch::core
