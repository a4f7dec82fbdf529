#include "core/csv_reader.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace hatewatch::core;

namespace {

std::vector<std::vector<std::string>> read_all(const std::string& text) {
  std::istringstream in(text);
  csv_reader csv(in, "t.csv");
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  while (csv.next(fields))
    rows.push_back(fields);
  return rows;
}

std::string error_of(const std::string& text) {
  try {
    read_all(text);
  } catch (const csv_error& e) {
    return e.what();
  }
  return "";
}

using rows = std::vector<std::vector<std::string>>;

} // namespace

TEST(CsvReader, PlainFields) {
  EXPECT_EQ(read_all("a,b\n1,2\n"), (rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReader, QuotedFieldsWithCommasQuotesAndNewlines) {
  EXPECT_EQ(read_all("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n"), (rows{{"a,b", "say \"hi\"", "two\nlines"}}));
}

TEST(CsvReader, CrlfLastLineWithoutNewlineAndEmptyFields) {
  EXPECT_EQ(read_all("a,,c\r\nd,e,"), (rows{{"a", "", "c"}, {"d", "e", ""}}));
}

TEST(CsvReader, SkipsByteOrderMark) {
  EXPECT_EQ(read_all("\xEF\xBB\xBFx,y\n"), (rows{{"x", "y"}}));
}

TEST(CsvReader, RecordLineCountsEmbeddedNewlines) {
  std::istringstream in("h\n\"a\nb\nc\"\nnext\n");
  csv_reader csv(in, "t.csv");
  std::vector<std::string> f;
  ASSERT_TRUE(csv.next(f));
  EXPECT_EQ(csv.record_line(), 1u);
  ASSERT_TRUE(csv.next(f));
  EXPECT_EQ(csv.record_line(), 2u);
  ASSERT_TRUE(csv.next(f));
  EXPECT_EQ(csv.record_line(), 5u);
  EXPECT_EQ(f, std::vector<std::string>{"next"});
}

TEST(CsvReader, ErrorsNameTheLine) {
  EXPECT_EQ(error_of("a\n\"open\n"), "t.csv:2: quoted field is not closed before the end of the file");
  EXPECT_EQ(error_of("a\nx\"y\n"),
            "t.csv:2: a quote inside an unquoted field (quote the whole field and double the quote)");
  EXPECT_EQ(error_of("a\n\"x\"y\n"), "t.csv:2: text after the closing quote of a field");
}
