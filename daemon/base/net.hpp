#pragma once
// Namespace aliases shared by every file of the daemon that touches Asio or Beast.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace hatewatch::daemon {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using error_code = boost::system::error_code;

using string_request = http::request<http::string_body>;
using string_response = http::response<http::string_body>;

} // namespace hatewatch::daemon
