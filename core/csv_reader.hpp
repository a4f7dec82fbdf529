#pragma once
// An RFC 4180 CSV reader: comma-separated, fields optionally in double quotes, "" for a quote
// inside quotes, quoted fields may hold commas and line breaks, lines end in LF or CRLF.

#include <cstddef>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

namespace hatewatch::core {

/// A malformed CSV; what() reads "name:line: what is wrong".
class csv_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class csv_reader {
public:
  /// `name` stands for the input in messages. A UTF-8 byte-order mark at the start is skipped.
  csv_reader(std::istream& in, std::string name);

  /// Reads the next record into `fields`; false at the end of the input. Throws csv_error.
  bool next(std::vector<std::string>& fields);

  /// The line on which the record last returned by next() began (1-based).
  std::size_t record_line() const noexcept { return record_line_; }
  const std::string& name() const noexcept { return name_; }

private:
  [[noreturn]] void fail(std::size_t line, const std::string& what) const;
  int get();
  int peek();

  std::istream& in_;
  std::string name_;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
};

} // namespace hatewatch::core
