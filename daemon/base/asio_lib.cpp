// Asio and Beast compiled once for the whole project (BOOST_ASIO_SEPARATE_COMPILATION),
// as Beast's own test/lib_asio.cpp does: every other translation unit only sees declarations.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
