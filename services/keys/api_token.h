#ifndef FANGXIN_SERVICES_KEYS_API_TOKEN_H_
#define FANGXIN_SERVICES_KEYS_API_TOKEN_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace fangxin {

// A bearer token is `fx_{key_id}_{secret}`: the id finds the key with one point read, the secret
// (64 hex characters, 256 random bits) is checked against the stored SHA-256. A fast hash is
// enough because the secret is random, not a password.
struct ApiToken {
  std::string key_id;
  std::string secret;
};

// A new token for `key_id` with a fresh secret.
ApiToken NewApiToken(const std::string& key_id);

std::string FormatApiToken(const ApiToken& token);

// Parses `fx_{id}_{secret}`, with or without a leading "Bearer ". nullopt when malformed.
std::optional<ApiToken> ParseApiToken(absl::string_view text);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_KEYS_API_TOKEN_H_
