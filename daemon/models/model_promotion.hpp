#pragma once
// Putting a candidate model in place of the live one, keeping the one it replaces for a one-step
// rollback. The files change atomically (rename, and renameat2's exchange): a daemon reloading at
// any moment reads the old or the new model whole, never a mix. Reloading is the caller's business
// (the daemon reloads itself; `hatewatch promote` tells the operator to send SIGHUP).

#include <filesystem>
#include <string>

namespace hatewatch::daemon {

/// "<live>.previous": the model a promotion replaced.
std::filesystem::path previous_model_path(const std::filesystem::path& live);

struct model_swap {
  std::string from_version;
  std::string to_version;
};

/// Checks that `candidate` is a model this daemon reads and not the live version, copies it beside
/// `live` (synced to disk), makes the live file the previous one (an older previous is kept aside
/// as "<live>.previous.kept" until keep_install() or undo_install()) and renames the copy over
/// `live`. Throws std::runtime_error naming the file on any failure, leaving `live` as it was.
model_swap install_model(const std::filesystem::path& candidate, const std::filesystem::path& live);

/// After install_model(), once the daemon serves the new model: drops the older previous set aside.
void keep_install(const std::filesystem::path& live);

/// After install_model(), when the daemon refused to serve it: puts the files back as they were
/// before, the live model live and the previous one (or none) previous, so that a rollback never
/// puts live a model that never was. Throws std::runtime_error naming the file it could not move.
void undo_install(const std::filesystem::path& live);

/// Exchanges `live` and its previous model in one step (so a second rollback undoes the first).
/// Throws std::runtime_error when there is no previous model or it does not load.
model_swap exchange_with_previous(const std::filesystem::path& live);

} // namespace hatewatch::daemon
