#include "daemon/models/model_promotion.hpp"

#include "daemon/models/model_loader.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace hatewatch::daemon {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const fs::path& file, const std::string& what) {
  throw std::runtime_error(file.string() + ": " + what + ": " + std::strerror(errno));
}

void sync_file(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    fail(file, "cannot open to sync");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0)
    fail(file, "cannot sync");
}

void sync_directory(const fs::path& file) {
  const auto dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    fail(dir, "cannot open the directory to sync");
  ::fsync(fd); // best effort: some file systems refuse fsync on a directory
  ::close(fd);
}

} // namespace

fs::path previous_model_path(const fs::path& live) {
  return fs::path(live.string() + ".previous");
}

namespace {

// The previous model an install replaced, until the install is kept or undone.
fs::path kept_previous_path(const fs::path& live) {
  return fs::path(previous_model_path(live).string() + ".kept");
}

} // namespace

void keep_install(const fs::path& live) {
  std::error_code ec;
  fs::remove(kept_previous_path(live), ec); // best effort: a stale one is replaced by the next install
}

void undo_install(const fs::path& live) {
  const auto previous = previous_model_path(live);
  const auto kept = kept_previous_path(live);
  if (::rename(previous.c_str(), live.c_str()) != 0)
    fail(live, "cannot put the live model back from " + previous.string());
  if (fs::exists(kept) && ::rename(kept.c_str(), previous.c_str()) != 0)
    fail(previous, "cannot put the previous model back from " + kept.string());
  sync_directory(live);
}

model_swap install_model(const fs::path& candidate, const fs::path& live) {
  const auto incoming = load_model_file(candidate); // throws, naming the file, when it is no model
  const auto current = load_model_file(live);
  if (incoming->version() == current->version())
    throw std::runtime_error(candidate.string() + ": version " + incoming->version() + " is already live");
  const fs::path staged = live.string() + ".incoming";
  std::error_code ec;
  fs::copy_file(candidate, staged, fs::copy_options::overwrite_existing, ec);
  if (ec)
    throw std::runtime_error(staged.string() + ": cannot copy " + candidate.string() + " here: " + ec.message());
  try {
    sync_file(staged);
    if (load_model_file(staged)->version() != incoming->version())
      throw std::runtime_error(staged.string() + ": the copy differs from " + candidate.string());
    const auto previous = previous_model_path(live);
    const auto kept = kept_previous_path(live);
    fs::remove(kept);
    if (fs::exists(previous) && ::link(previous.c_str(), kept.c_str()) != 0)
      fail(kept, "cannot set the older previous model aside");
    const fs::path link = previous.string() + ".new";
    fs::remove(link);
    if (::link(live.c_str(), link.c_str()) != 0)
      fail(link, "cannot keep the live model as the previous one");
    if (::rename(link.c_str(), previous.c_str()) != 0)
      fail(previous, "cannot keep the live model as the previous one");
    if (::rename(staged.c_str(), live.c_str()) != 0)
      fail(live, "cannot replace the live model");
  } catch (...) {
    fs::remove(staged, ec);
    throw;
  }
  sync_directory(live);
  return {current->version(), incoming->version()};
}

model_swap exchange_with_previous(const fs::path& live) {
  const auto previous = previous_model_path(live);
  if (!fs::exists(previous))
    throw std::runtime_error(previous.string() + ": no previous model to roll back to (none was promoted over)");
  const auto back = load_model_file(previous);
  const auto current = load_model_file(live);
  if (::renameat2(AT_FDCWD, previous.c_str(), AT_FDCWD, live.c_str(), RENAME_EXCHANGE) != 0)
    fail(live, "cannot exchange with " + previous.string());
  sync_directory(live);
  return {current->version(), back->version()};
}

} // namespace hatewatch::daemon
