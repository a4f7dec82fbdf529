#pragma once
// SQLiteCpp's types, declared: the store's headers name them without including SQLiteCpp, so
// only the files that run SQL compile it (they include <SQLiteCpp/...> themselves).

namespace SQLite {
class Database;
class Statement;
class Exception;
} // namespace SQLite
