#include "daemon/commands/review_corpus.hpp"

#include "daemon/commands/training_data.hpp"

namespace hatewatch::daemon {

namespace {

std::vector<reviewed_example> to_examples(const std::vector<store::reviewed_comment>& comments) {
  std::vector<reviewed_example> out;
  out.reserve(comments.size());
  for (const auto& c : comments) {
    reviewed_example r;
    r.comment_id = c.comment_id;
    r.example.text = c.text;
    r.example.y = static_cast<core::label>(c.label);
    r.decided_at = c.decided_at;
    out.push_back(std::move(r));
  }
  return out;
}

} // namespace

std::vector<reviewed_example> read_reviews(store::sql::connection& db, const review_selection& sel) {
  return to_examples(store::read_reviewed_comments(db, sel));
}

std::vector<reviewed_example> read_reviews(const std::filesystem::path& database, const review_selection& sel) {
  return to_examples(store::read_reviewed_comments(database, sel));
}

void add_reviews(training_set& set, const std::vector<reviewed_example>& reviews, double weight) {
  if (set.corpora.empty()) {
    core::corpus_options base;
    base.name = "base";
    set.corpora.push_back(base);
    for (auto& e : set.data)
      e.corpus = 0;
  }
  core::corpus_options c;
  c.name = "reviews";
  c.kind = core::corpus_kind::text;
  c.weight = weight;
  const auto index = static_cast<std::uint16_t>(set.corpora.size());
  set.corpora.push_back(c);
  for (const auto& r : reviews) {
    auto e = r.example;
    e.corpus = index;
    e.group = 0;
    set.data.push_back(std::move(e));
  }
}

} // namespace hatewatch::daemon
