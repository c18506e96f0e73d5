#ifndef FANGXIN_COMMON_SHA256_H_
#define FANGXIN_COMMON_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace fangxin {

// SHA-256 of `data`, as 32 raw bytes.
std::string Sha256(absl::string_view data);

// Lower-case hex of SHA-256 of `data`.
std::string Sha256Hex(absl::string_view data);

// HMAC-SHA256 of `data` under `key`, as 32 raw bytes.
std::string HmacSha256(absl::string_view key, absl::string_view data);

// `n` bytes from the operating system's CSPRNG.
std::string RandomBytes(size_t n);

// Compares in time independent of where the inputs differ.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace fangxin

#endif  // FANGXIN_COMMON_SHA256_H_
