#include "core/csv_reader.hpp"

namespace hatewatch::core {

csv_reader::csv_reader(std::istream& in, std::string name) : in_(in), name_(std::move(name)) {
  if (in_.peek() == 0xEF) {
    char bom[3];
    in_.read(bom, 3);
    if (in_.gcount() != 3 || bom[1] != '\xBB' || bom[2] != '\xBF') {
      // Not a BOM after all: start over.
      in_.clear();
      in_.seekg(0);
    }
  }
}

void csv_reader::fail(std::size_t line, const std::string& what) const {
  throw csv_error(name_ + ":" + std::to_string(line) + ": " + what);
}

int csv_reader::get() {
  const int c = in_.get();
  if (c == '\n')
    ++line_;
  return c;
}

int csv_reader::peek() {
  return in_.peek();
}

bool csv_reader::next(std::vector<std::string>& fields) {
  fields.clear();
  if (peek() == std::char_traits<char>::eof()) {
    if (in_.bad())
      fail(line_, "read error");
    return false;
  }
  record_line_ = line_;
  std::string field;
  bool quoted = false;     // inside a quoted field
  bool was_quoted = false; // the current field began with a quote
  for (;;) {
    const int c = get();
    if (c == std::char_traits<char>::eof()) {
      if (in_.bad())
        fail(line_, "read error");
      if (quoted)
        fail(record_line_, "quoted field is not closed before the end of the file");
      fields.push_back(std::move(field));
      return true;
    }
    if (quoted) {
      if (c == '"') {
        if (peek() == '"') {
          get();
          field += '"';
        } else {
          quoted = false;
        }
      } else {
        field += static_cast<char>(c);
      }
      continue;
    }
    if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n' || (c == '\r' && peek() == '\n')) {
      if (c == '\r')
        get();
      fields.push_back(std::move(field));
      return true;
    } else if (c == '"') {
      if (!field.empty() || was_quoted)
        fail(line_, "a quote inside an unquoted field (quote the whole field and double the quote)");
      quoted = was_quoted = true;
    } else {
      if (was_quoted)
        fail(line_, "text after the closing quote of a field");
      field += static_cast<char>(c);
    }
  }
}

} // namespace hatewatch::core
