#include "daemon/intake/html_text.hpp"
#include "daemon/models/sentences.hpp"

#include <gtest/gtest.h>

using namespace hatewatch::daemon;

TEST(HtmlText, StripsTagsKeepsLinesDecodesCommonEntities) {
  EXPECT_EQ(html_to_text("<p>Here's a comment!<br>With <b>two</b> lines &amp; an entity.</p>"),
            "Here's a comment!\nWith two lines & an entity.");
  EXPECT_EQ(html_to_text("<div>a</div><div>b</div>"), "a\nb");
  EXPECT_EQ(html_to_text("x<script>alert('<b>')</script>y<STYLE>p{}</STYLE>z"), "xyz");
  EXPECT_EQ(html_to_text("1 < 2 and &lt;tag&gt; &#128514;"), "1 < 2 and <tag> &#128514;");
  EXPECT_EQ(html_to_text("no tags at all"), "no tags at all");
  EXPECT_EQ(html_to_text("<unterminated"), "<unterminated");
  EXPECT_EQ(html_to_text(""), "");
}

TEST(Sentences, SplitsAtEndPunctuationAndLineBreaks) {
  const std::string text = "Welcome to the forum. Enjoy your stay!! Is v1.2 out?\nYes";
  const auto spans = sentence_spans(text);
  ASSERT_EQ(spans.size(), 4u);
  auto at = [&](std::size_t i) { return text.substr(spans[i].begin, spans[i].end - spans[i].begin); };
  EXPECT_EQ(at(0), "Welcome to the forum.");
  EXPECT_EQ(at(1), "Enjoy your stay!!");
  EXPECT_EQ(at(2), "Is v1.2 out?");
  EXPECT_EQ(at(3), "Yes");
  EXPECT_TRUE(sentence_spans("   \n  ").empty());
}

TEST(Sentences, CountsCodePointsNotBytes) {
  const std::string text = "héllo 😂 x";
  EXPECT_EQ(code_points_before(text, 0), 0u);
  EXPECT_EQ(code_points_before(text, 3), 2u); // 'h', 'é' (two bytes)
  EXPECT_EQ(code_points_before(text, text.size()), 9u);
}
