#include "core/dataset.hpp"

#include "core/csv_reader.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace hatewatch::core;

namespace {

std::vector<example> read(const std::string& text) {
  std::istringstream in(text);
  return read_dataset(in, "d.csv");
}

std::string error_of(const std::string& text) {
  try {
    read(text);
  } catch (const csv_error& e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST(Dataset, ReadsTheDavidsonLayout) {
  const auto d = read(",count,hate_speech,offensive_language,neither,class,tweet\n"
                      "0,3,0,0,3,2,\"a plain \"\"quoted\"\"\ntweet\"\n"
                      "1,3,2,1,0,0,second\n");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].text, "a plain \"quoted\"\ntweet");
  EXPECT_EQ(d[0].y, neither);
  EXPECT_EQ(d[1].y, hate_speech);
}

TEST(Dataset, ReadsTextLabelWithNamesOrNumbers) {
  const auto d = read("text,label\nx,hate speech\ny,offensive_language\n\nz,2\n");
  ASSERT_EQ(d.size(), 3u); // the blank line is skipped
  EXPECT_EQ(d[0].y, hate_speech);
  EXPECT_EQ(d[1].y, offensive_language);
  EXPECT_EQ(d[2].y, neither);
  EXPECT_EQ(d[2].text, "z");
}

TEST(Dataset, MalformedRowsNameTheirLine) {
  EXPECT_EQ(error_of("text,label\nok,1\nbad,7\n"),
            "d.csv:3: unknown label '7' (use 0, 1, 2, 'hate speech', 'offensive language' or 'neither')");
  EXPECT_EQ(error_of("text,label\nok,1\n\"multi\nline\",1,extra\n"), "d.csv:3: expected 2 fields, found 3");
  EXPECT_EQ(error_of("text,label\n\"never closed,1\n"),
            "d.csv:2: quoted field is not closed before the end of the file");
}

TEST(Dataset, HeaderMustNameTextAndLabel) {
  EXPECT_NE(error_of("a,b\nx,1\n").find("d.csv:1: the header must name"), std::string::npos);
  EXPECT_EQ(error_of(""), "d.csv:1: the file is empty (expected a header row)");
  EXPECT_EQ(error_of("text,label\n"), "d.csv: no examples after the header");
}
