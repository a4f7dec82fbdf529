#pragma once
// Who may read stored comments and who may decide on them: the read tokens (auth.read_tokens) read;
// moderators (console.users) read and decide, under their own name.

#include "daemon/api/service.hpp"
#include "daemon/http/router.hpp"

#include <string>

namespace hatewatch::daemon {

/// 403 when neither read tokens nor moderators are configured (stored texts are never open to
/// all); 401 unless the bearer token is a read token or a moderator's.
void require_reader(const api_settings& settings, const string_request& req);

/// The moderator whose token the request bears: 403 without moderators, 401 for another token.
/// Every moderator's token is compared, in constant time.
const moderator_config& require_moderator(const api_settings& settings, const string_request& req);

} // namespace hatewatch::daemon
