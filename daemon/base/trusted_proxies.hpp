#pragma once
// Which peers may say who the client is (server.trusted_proxies): a reverse proxy in front of the
// daemon (nginx, Caddy terminating TLS) is the socket's peer for every request, so without this
// every moderator is one address to the login throttle and the rate limit. Only from a trusted peer
// is the client taken from X-Forwarded-For (the rightmost hop that is not itself trusted) and the
// scheme from X-Forwarded-Proto; from anyone else both headers are ignored.

#include <boost/asio/ip/address.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace hatewatch::daemon {

class trusted_proxies {
public:
  trusted_proxies() = default;
  /// Addresses ("10.0.0.5", "::1") and CIDR ranges ("10.0.0.0/8", "fd00::/8"); throws
  /// std::invalid_argument naming the first entry that is neither.
  explicit trusted_proxies(const std::vector<std::string>& entries);

  bool empty() const { return ranges_.empty(); }
  bool contains(const boost::asio::ip::address& a) const;

  /// Who sent a request that arrived from `peer` with these headers (empty when absent).
  struct client {
    std::string address;
    bool https = false; // a trusted proxy says the client came over TLS
  };
  client resolve(std::string_view peer, std::string_view forwarded_for, std::string_view forwarded_proto) const;

private:
  struct range {
    std::array<unsigned char, 16> bytes{}; // IPv4 as its IPv4-mapped IPv6 form
    unsigned prefix = 0;                   // of 128
  };
  std::vector<range> ranges_;
};

} // namespace hatewatch::daemon
