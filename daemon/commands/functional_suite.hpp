#pragma once
// A functional test suite (tests/fixtures/functional/suite.csv): short statements, each of one kind
// (a functionality: threats, negated hate, counter-speech, ...) and labelled hate or not. A model is
// right on a case when it flags a hateful one (hate-speech probability >= threshold) and leaves a
// non-hateful one alone. For evaluation only: never trained on.

#include "core/model.hpp"

#include <istream>
#include <string>
#include <vector>

namespace hatewatch::daemon {

struct suite_case {
  std::string functionality;
  bool hateful = false;
  std::string group; // empty where no group is named
  std::string text;
};

/// Reads `functionality,label,group,text` (label hate or not; group may be empty).
/// Throws core::csv_error naming the line.
std::vector<suite_case> read_suite(std::istream& in, const std::string& name);

struct suite_tally {
  std::string name; // a functionality or a group
  bool hateful = false; // the functionality's label (functionalities only)
  std::size_t cases = 0;
  std::size_t right = 0;
  double accuracy() const { return cases == 0 ? 0.0 : static_cast<double>(right) / static_cast<double>(cases); }
};

struct suite_result {
  double threshold = 0;
  suite_tally overall, hateful, not_hateful;
  std::vector<suite_tally> functionalities; // in the file's order
  std::vector<suite_tally> groups;          // in the file's order
  std::vector<std::size_t> wrong;           // indices of the cases the model got wrong
};

suite_result run_suite(const core::model& m, const std::vector<suite_case>& cases, double threshold);

} // namespace hatewatch::daemon
