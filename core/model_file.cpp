#include "core/model_file.hpp"

#include "core/ngram_hash.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <istream>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace hatewatch::core {
namespace {

static_assert(std::endian::native == std::endian::little, "model files are written little-endian");

constexpr char magic[8] = {'H', 'W', 'M', 'O', 'D', 'E', 'L', '\0'};
constexpr std::uint64_t max_features = 1ULL << 26;
constexpr std::uint32_t max_info = 1024;
constexpr std::uint32_t max_string = 1 << 20;

std::uint64_t checksum(std::string_view bytes) {
  return ngram_hash::feed(ngram_hash::offset_basis, bytes);
}

class writer {
public:
  template <typename T> void put(T v) {
    char buf[sizeof(T)];
    std::memcpy(buf, &v, sizeof(T));
    bytes_.append(buf, sizeof(T));
  }
  void put_string(const std::string& s) {
    put<std::uint32_t>(static_cast<std::uint32_t>(s.size()));
    bytes_ += s;
  }
  std::string& bytes() { return bytes_; }

private:
  std::string bytes_;
};

class reader {
public:
  explicit reader(std::string_view bytes) : bytes_(bytes) {}
  template <typename T> T get(const char* what) {
    if (bytes_.size() - pos_ < sizeof(T))
      throw model_file_error(std::string("model file is truncated (reading ") + what + ")");
    T v;
    std::memcpy(&v, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string get_string(const char* what) {
    const auto n = get<std::uint32_t>(what);
    if (n > max_string || bytes_.size() - pos_ < n)
      throw model_file_error(std::string("model file is corrupt (bad length of ") + what + ")");
    std::string s(bytes_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  float get_finite(const char* what) {
    const auto v = get<float>(what);
    if (!std::isfinite(v))
      throw model_file_error(std::string("model file is corrupt (non-finite ") + what + ")");
    return v;
  }
  std::size_t remaining() const { return bytes_.size() - pos_; }

private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

std::string hex8(std::uint64_t v) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 0; i < 8; ++i)
    out[static_cast<std::size_t>(i)] = digits[(v >> (60 - 4 * i)) & 15];
  return out;
}

} // namespace

std::string model_version(const std::map<std::string, std::string>& info, std::uint64_t checksum) {
  auto name = info.find("name");
  return (name == info.end() || name->second.empty() ? std::string("model") : name->second) + "-" + hex8(checksum);
}

std::uint64_t write_model(const model& m, std::ostream& out) {
  writer w;
  w.bytes().append(magic, sizeof magic);
  w.put<std::uint32_t>(model_format_version);
  const auto& f = m.features();
  w.put<std::uint32_t>(f.word_ngram_min);
  w.put<std::uint32_t>(f.word_ngram_max);
  w.put<std::uint32_t>(f.char_ngram_min);
  w.put<std::uint32_t>(f.char_ngram_max);
  w.put<std::uint32_t>(f.min_df);
  w.put<float>(f.max_df);
  w.put<std::uint8_t>(f.sublinear_tf ? 1 : 0);
  w.put<std::uint8_t>(f.smooth_idf ? 1 : 0);
  w.put<float>(f.char_weight);
  w.put<std::uint32_t>(f.text_rules);
  w.put<std::uint32_t>(static_cast<std::uint32_t>(m.link()));
  w.put<std::uint32_t>(class_count);
  w.put<std::uint32_t>(static_cast<std::uint32_t>(m.heads()));
  for (float x : m.calibration().scale)
    w.put<float>(x);
  for (float x : m.calibration().shift)
    w.put<float>(x);
  w.put<std::uint32_t>(static_cast<std::uint32_t>(m.info().size()));
  for (const auto& [key, value] : m.info()) {
    w.put_string(key);
    w.put_string(value);
  }
  for (float b : m.bias())
    w.put<float>(b);
  auto rows = m.table().rows();
  std::sort(rows.begin(), rows.end(), [](const feature_row& a, const feature_row& b) { return a.hash < b.hash; });
  w.put<std::uint64_t>(rows.size());
  for (const auto& r : rows) {
    w.put<std::uint64_t>(r.hash);
    w.put<float>(r.idf);
    for (float x : r.weights)
      w.put<float>(x);
  }
  const auto sum = checksum(w.bytes());
  w.put<std::uint64_t>(sum);
  out.write(w.bytes().data(), static_cast<std::streamsize>(w.bytes().size()));
  if (!out)
    throw model_file_error("cannot write model file");
  return sum;
}

model read_model(std::istream& in, std::uint64_t max_bytes) {
  std::string bytes;
  {
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      bytes.append(buf, static_cast<std::size_t>(in.gcount()));
      if (bytes.size() > max_bytes)
        throw model_file_error("model file is larger than " + std::to_string(max_bytes) + " bytes");
    }
    if (in.bad())
      throw model_file_error("cannot read model file");
  }
  if (bytes.size() < sizeof magic || std::memcmp(bytes.data(), magic, sizeof magic) != 0)
    throw model_file_error("not a hatewatch model file (wrong magic)");

  if (bytes.size() < sizeof magic + 4 + 8)
    throw model_file_error("model file is truncated");
  // The checksum (every format version ends with it) before anything the file says: a flipped bit
  // in the version field is damage, not a file from a newer hatewatch.
  const std::string_view body(bytes.data(), bytes.size() - 8);
  std::uint64_t stored;
  std::memcpy(&stored, bytes.data() + body.size(), 8);
  const auto sum = checksum(body);
  if (stored != sum)
    throw model_file_error("model file is corrupt or truncated (checksum mismatch)");

  reader r(body.substr(sizeof magic));
  const auto version = r.get<std::uint32_t>("format version");
  if (version > model_format_version)
    throw model_file_error("model format version " + std::to_string(version) +
                           " is newer than this hatewatch supports (" + std::to_string(model_format_version) +
                           "); upgrade hatewatch");
  if (version == 0)
    throw model_file_error("model file is corrupt (format version 0)");

  reader b(body.substr(sizeof magic + 4));
  feature_config f;
  f.word_ngram_min = b.get<std::uint32_t>("feature config");
  f.word_ngram_max = b.get<std::uint32_t>("feature config");
  f.char_ngram_min = b.get<std::uint32_t>("feature config");
  f.char_ngram_max = b.get<std::uint32_t>("feature config");
  f.min_df = b.get<std::uint32_t>("feature config");
  f.max_df = b.get<float>("feature config");
  f.sublinear_tf = b.get<std::uint8_t>("feature config") != 0;
  f.smooth_idf = b.get<std::uint8_t>("feature config") != 0;
  f.char_weight = b.get<float>("feature config");
  f.text_rules = version >= 2 ? b.get<std::uint32_t>("feature config") : 1;
  try {
    f.validate();
  } catch (const std::invalid_argument& e) {
    throw model_file_error(std::string("model file has an invalid feature config: ") + e.what());
  }
  const auto link = b.get<std::uint32_t>("link");
  if (link != static_cast<std::uint32_t>(probability_link::one_vs_rest) &&
      link != static_cast<std::uint32_t>(probability_link::softmax))
    throw model_file_error("model file names an unknown probability link " + std::to_string(link));
  if (b.get<std::uint32_t>("class count") != class_count)
    throw model_file_error("model file has a class count other than 3");
  auto heads = hate_heads::one;
  calibration cal;
  if (version >= 2) {
    const auto h = b.get<std::uint32_t>("hate heads");
    if (h != static_cast<std::uint32_t>(hate_heads::one) && h != static_cast<std::uint32_t>(hate_heads::max_of_two))
      throw model_file_error("model file names an unknown way of combining heads " + std::to_string(h));
    heads = static_cast<hate_heads>(h);
    for (auto& x : cal.scale)
      if (x = b.get_finite("calibration"); !(x > 0))
        throw model_file_error("model file is corrupt (calibration scale not positive)");
    for (auto& x : cal.shift)
      x = b.get_finite("calibration");
  }
  // Version 1 files have one head: three weight columns, the fourth is zero.
  const std::size_t columns = version >= 2 ? weight_columns : class_count;
  const auto n_info = b.get<std::uint32_t>("info count");
  if (n_info > max_info)
    throw model_file_error("model file is corrupt (info count)");
  std::map<std::string, std::string> info;
  for (std::uint32_t i = 0; i < n_info; ++i) {
    auto key = b.get_string("info key");
    info[std::move(key)] = b.get_string("info value");
  }
  column_weights bias{};
  for (std::size_t k = 0; k < columns; ++k)
    bias[k] = b.get_finite("bias");
  const auto n = b.get<std::uint64_t>("feature count");
  const std::uint64_t row_bytes = 12 + 4 * columns;
  if (n > max_features || n * row_bytes != b.remaining())
    throw model_file_error("model file is corrupt (feature count does not match its size)");
  std::vector<feature_row> rows(static_cast<std::size_t>(n));
  std::uint64_t previous = 0;
  for (auto& row : rows) {
    row.hash = b.get<std::uint64_t>("feature hash");
    if (row.hash <= previous)
      throw model_file_error("model file is corrupt (feature hashes not strictly increasing)");
    previous = row.hash;
    row.idf = b.get_finite("idf");
    row.weights = {};
    for (std::size_t k = 0; k < columns; ++k)
      row.weights[k] = b.get_finite("weight");
  }
  // What the model itself checks of its info (the classes it names) is the file's fault here.
  try {
    model m(f, feature_table(rows), bias, static_cast<probability_link>(link), std::move(info), heads, cal);
    m.set_version(model_version(m.info(), sum));
    return m;
  } catch (const std::invalid_argument& e) {
    throw model_file_error(std::string("model file is corrupt (") + e.what() + ")");
  }
}

} // namespace hatewatch::core
