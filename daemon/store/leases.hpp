#pragma once
// Leases (migration 0011): work that one replica at a time may do, such as polling a source. A
// lease is taken when free or ended, renewed by its holder as it works, and taken over by another
// replica once its holder has stopped renewing it (died) and it ended. A holder checks its lease in
// the transaction that writes the work's result (renew_lease), so a replica that lost its lease
// while it worked cannot write after the new holder.
//
// Thread safety: each function uses only the write context it is given.

#include <cstdint>
#include <string>

namespace hatewatch::daemon::store {

class write_context;

/// Takes or renews lease `name` for `holder` until `until` when it is free, ended at `now`, or
/// already `holder`'s; true when `holder` holds it now.
bool take_lease(write_context& ctx, const std::string& name, const std::string& holder, std::int64_t now,
                std::int64_t until);

/// Renews `holder`'s lease `name` to `until` if it still holds it at `now`; false when it does not
/// (it ended and another took it, or it was never taken). The renewal locks the row until the
/// transaction ends, so no other replica takes the lease meanwhile.
bool renew_lease(write_context& ctx, const std::string& name, const std::string& holder, std::int64_t now,
                 std::int64_t until);

/// Ends `holder`'s lease `name` at once (a replica stopping), so another takes over without waiting.
void release_lease(write_context& ctx, const std::string& name, const std::string& holder);

} // namespace hatewatch::daemon::store
