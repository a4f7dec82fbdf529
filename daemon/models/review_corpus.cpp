#include "daemon/models/review_corpus.hpp"

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

} // namespace hatewatch::daemon
