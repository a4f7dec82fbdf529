#pragma once
// The binary model file (.hwm). All integers and floats are little-endian, fixed width:
//
//   magic "HWMODEL\0" | u32 format version | feature config | u32 link | u32 class count (3)
//   | (v2) u32 hate heads, f32 calibration scale[3], f32 calibration shift[3]
//   | u32 n_info, then n_info x (string key, string value) | f32 bias[C]
//   | u64 n_features, then n_features x (u64 hash, f32 idf, f32 w[C]), sorted by hash
//   | u64 checksum: 64-bit FNV-1a of every byte before it
//
// Feature config: u32 word n-gram min, max, char n-gram min, max, min_df, f32 max_df, u8 sublinear
// tf, u8 smooth idf, f32 char weight, and (v2) u32 text rules. C, the weight columns, is 3 in
// version 1 (one head; text rules 1) and 4 in version 2 (see model.hpp). Version 1 files still load
// and score exactly as before.
//
// A string is a u32 length and that many bytes. Loading checks everything and throws
// model_file_error with a clear message: a truncated, corrupt, wrong-magic or newer-version file
// never yields a model.

#include "core/model.hpp"

#include <iosfwd>
#include <stdexcept>
#include <string>

namespace hatewatch::core {

class model_file_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

inline constexpr std::uint32_t model_format_version = 2;

/// Serialises `m` (always in the latest format); the bytes depend only on the model (rows are
/// sorted), so training is reproducible to the byte. Returns the checksum.
std::uint64_t write_model(const model& m, std::ostream& out);

/// "<info name>-<first 8 hex digits of the checksum>" ("model-..." without a name): a model's version.
std::string model_version(const std::map<std::string, std::string>& info, std::uint64_t checksum);

/// Reads a model; its version() becomes "<info name>-<first 8 hex digits of the checksum>".
/// Files larger than `max_bytes` are refused before they are read into memory.
model read_model(std::istream& in, std::uint64_t max_bytes = 1ULL << 30);

} // namespace hatewatch::core
