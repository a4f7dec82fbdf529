// Coral's external moderation request, read by the intake (the HTTP side is in api/compat_test.cpp).
#include "daemon/base/intake_error.hpp"
#include "daemon/intake/coral.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace {

using namespace hatewatch::daemon;

const std::string request = R"({"comment":{"body":"<p>Hello <b>there</b></p>"},
  "author":{"id":"u-17","role":"MODERATOR"},"story":{"url":"https://news.example/story-1"}})";

source_config talk() {
  source_config src;
  src.name = "talk";
  src.kind = source_kind::coral;
  return src;
}

TEST(CoralIntake, ReadsTheCommentAuthorAndStory) {
  const auto body = boost::json::parse(request).as_object();
  const auto c = coral_comment(body.at("comment").as_object(), body, request, talk(), 1024);
  EXPECT_EQ(c.source, "talk");
  EXPECT_EQ(c.source_kind, "coral");
  EXPECT_EQ(c.text, "Hello there");
  EXPECT_EQ(c.author, "u-17");
  EXPECT_TRUE(c.author_staff);
  EXPECT_EQ(c.url, "https://news.example/story-1");
  EXPECT_TRUE(c.external_id.starts_with("coral-"));
  EXPECT_EQ(c.external_id.size(), 6u + 32u);
  // The same delivery gets the same id; another body another.
  EXPECT_EQ(coral_comment(body.at("comment").as_object(), body, request, talk(), 1024).external_id, c.external_id);
  EXPECT_NE(coral_comment(body.at("comment").as_object(), body, request + " ", talk(), 1024).external_id,
            c.external_id);
}

TEST(CoralIntake, AnAuthorWithoutAStaffRoleIsNotStaff) {
  const std::string text = R"({"comment":{"body":"hi"},"author":{"id":"u-2","role":"COMMENTER"}})";
  const auto body = boost::json::parse(text).as_object();
  const auto c = coral_comment(body.at("comment").as_object(), body, text, talk(), 1024);
  EXPECT_FALSE(c.author_staff);
  EXPECT_EQ(c.url, "");
}

TEST(CoralIntake, RefusesAMissingBodyAsMalformedAndALongOneAsTooLarge) {
  const std::string no_body = R"({"comment":{"text":"hi"}})";
  try {
    const auto body = boost::json::parse(no_body).as_object();
    coral_comment(body.at("comment").as_object(), body, no_body, talk(), 1024);
    FAIL() << "no intake_error";
  } catch (const intake_error& e) {
    EXPECT_EQ(e.why(), intake_error::kind::malformed);
    EXPECT_STREQ(e.what(), "comment: \"body\" is missing or not a string");
  }
  const std::string long_body = R"({"comment":{"body":")" + std::string(2000, 'a') + "\"}}";
  try {
    const auto body = boost::json::parse(long_body).as_object();
    coral_comment(body.at("comment").as_object(), body, long_body, talk(), 1024);
    FAIL() << "no intake_error";
  } catch (const intake_error& e) {
    EXPECT_EQ(e.why(), intake_error::kind::too_large);
  }
}

TEST(CoralIntake, TheFlagAnswerCarriesTheConfiguredStatus) {
  auto src = talk();
  EXPECT_EQ(coral_flag_answer(src), R"({"actions":[{"actionType":"FLAG","reason":"COMMENT_DETECTED_TOXIC"}]})");
  src.coral_status = "PREMOD";
  EXPECT_EQ(coral_flag_answer(src),
            R"({"actions":[{"actionType":"FLAG","reason":"COMMENT_DETECTED_TOXIC"}],"status":"PREMOD"})");
}

} // namespace
