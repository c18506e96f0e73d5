#include "storage/merkle/hash.h"

#include <openssl/evp.h>

#include "absl/numeric/bits.h"
#include "absl/strings/escaping.h"

namespace fangxin::storage::merkle {
namespace {

// One-shot EVP_Digest over a contiguous copy: cheaper than a digest context per hash, and
// the copy is at most an audit leaf's few hundred bytes.
std::string Digest(absl::string_view prefix, absl::string_view a, absl::string_view b) {
  std::string input;
  input.reserve(prefix.size() + a.size() + b.size());
  input.append(prefix.data(), prefix.size());
  input.append(a.data(), a.size());
  input.append(b.data(), b.size());
  // Fetched once: OpenSSL 3 otherwise looks the algorithm up in its provider on every call,
  // which costs more than hashing 65 bytes.
  static const EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  std::string out(kHashSize, '\0');
  EVP_Digest(input.data(), input.size(), reinterpret_cast<unsigned char*>(out.data()), nullptr,
             sha256, nullptr);
  return out;
}

constexpr char kLeafPrefix[1] = {'\x00'};
constexpr char kNodePrefix[1] = {'\x01'};

}  // namespace

std::string LeafHash(absl::string_view entry) {
  return Digest(absl::string_view(kLeafPrefix, 1), entry, {});
}

std::string NodeHash(absl::string_view left, absl::string_view right) {
  return Digest(absl::string_view(kNodePrefix, 1), left, right);
}

std::string EmptyRoot() { return Digest({}, {}, {}); }

uint64_t SplitPoint(uint64_t n) { return absl::bit_floor(n - 1); }

std::string ToHex(absl::string_view bytes) { return absl::BytesToHexString(bytes); }

}  // namespace fangxin::storage::merkle
