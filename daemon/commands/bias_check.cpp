#include "daemon/commands/bias_check.hpp"

#include <fstream>
#include <stdexcept>

namespace hatewatch::daemon {

std::vector<std::string> read_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in)
    throw std::runtime_error(path.string() + ": cannot open");
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (!line.empty() && line[0] != '#')
      out.push_back(line);
  }
  if (out.empty())
    throw std::invalid_argument(path.string() + ": no entries");
  return out;
}

bias_report check_bias(const core::model& m, const std::vector<std::string>& identities,
                       const std::vector<std::string>& templates, double threshold) {
  for (const auto& t : templates) {
    const auto at = t.find("{}");
    if (at == std::string::npos || t.find("{}", at + 2) != std::string::npos)
      throw std::invalid_argument("template '" + t + "' must hold exactly one {}");
  }
  bias_report r;
  r.threshold = threshold;
  core::vectorizer_scratch s;
  for (const auto& id : identities) {
    identity_rate rate{id};
    for (const auto& t : templates) {
      auto sentence = t;
      const auto at = sentence.find("{}");
      // A sentence that starts with the term gets it capitalised, as people write.
      auto term = id;
      if (at == 0 && !term.empty() && term[0] >= 'a' && term[0] <= 'z')
        term[0] = static_cast<char>(term[0] - 32);
      sentence.replace(at, 2, term);
      const double p = m.score(sentence, s)[core::hate_speech];
      ++rate.sentences;
      rate.flagged += p >= threshold;
      rate.mean_hate += p;
    }
    rate.mean_hate /= static_cast<double>(rate.sentences);
    r.sentences += rate.sentences;
    r.flagged += rate.flagged;
    r.identities.push_back(std::move(rate));
  }
  return r;
}

} // namespace hatewatch::daemon
