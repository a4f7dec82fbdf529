#include "daemon/commands/functional_suite.hpp"

#include "core/csv_reader.hpp"

#include <algorithm>

namespace hatewatch::daemon {
namespace {

suite_tally& tally_of(std::vector<suite_tally>& list, const std::string& name) {
  auto it = std::find_if(list.begin(), list.end(), [&](const suite_tally& t) { return t.name == name; });
  if (it != list.end())
    return *it;
  list.push_back({name});
  return list.back();
}

} // namespace

std::vector<suite_case> read_suite(std::istream& in, const std::string& name) {
  core::csv_reader csv(in, name);
  std::vector<std::string> f;
  if (!csv.next(f) || f != std::vector<std::string>{"functionality", "label", "group", "text"})
    throw core::csv_error(name + ":1: expected the header functionality,label,group,text");
  std::vector<suite_case> out;
  while (csv.next(f)) {
    const auto at = name + ":" + std::to_string(csv.record_line()) + ": ";
    if (f.size() == 1 && f[0].empty())
      continue;
    if (f.size() != 4)
      throw core::csv_error(at + "expected 4 fields, found " + std::to_string(f.size()));
    if (f[1] != "hate" && f[1] != "not")
      throw core::csv_error(at + "label '" + f[1].substr(0, 40) + "' is neither hate nor not");
    if (f[0].empty() || f[3].empty())
      throw core::csv_error(at + "a case needs a functionality and a text");
    out.push_back({std::move(f[0]), f[1] == "hate", std::move(f[2]), std::move(f[3])});
  }
  if (out.empty())
    throw core::csv_error(name + ": no cases after the header");
  return out;
}

suite_result run_suite(const core::model& m, const std::vector<suite_case>& cases, double threshold) {
  suite_result r;
  r.threshold = threshold;
  r.overall.name = "overall";
  r.hateful.name = "hateful";
  r.not_hateful.name = "not hateful";
  core::vectorizer_scratch scratch;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    const bool flagged = m.score(c.text, scratch)[core::hate_speech] >= threshold;
    const bool right = flagged == c.hateful;
    auto count = [&](suite_tally& t) {
      ++t.cases;
      t.right += right ? 1 : 0;
    };
    count(r.overall);
    count(c.hateful ? r.hateful : r.not_hateful);
    auto& f = tally_of(r.functionalities, c.functionality);
    f.hateful = c.hateful;
    count(f);
    if (!c.group.empty())
      count(tally_of(r.groups, c.group));
    if (!right)
      r.wrong.push_back(i);
  }
  return r;
}

} // namespace hatewatch::daemon
