#include "services/keys/key_authenticator.h"

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "fangxin/v1/resources.pb.h"
#include "services/keys/api_token.h"

namespace fangxin {

absl::StatusOr<Principal> KeyAuthenticator::Authenticate(absl::string_view authorization) const {
  if (authorization.empty()) {
    return absl::UnauthenticatedError(
        "missing credentials: send `authorization: Bearer fx_...` with an API key");
  }
  std::optional<ApiToken> token = ParseApiToken(authorization);
  if (!token) return absl::UnauthenticatedError("malformed API key: expected Bearer fx_<id>_<secret>");
  std::string name = absl::StrCat("apiKeys/", token->key_id);
  auto stored = registry_->Get(name);
  // The same answer for an unknown key and a wrong secret, so keys cannot be enumerated.
  if (!stored.ok()) {
    if (absl::IsNotFound(stored.status())) return absl::UnauthenticatedError("unknown API key");
    return stored.status();
  }
  const auto& key = static_cast<const v1::ApiKey&>(**stored);
  if (!ConstantTimeEquals(Sha256Hex(token->secret), key.secret_sha256())) {
    return absl::UnauthenticatedError("unknown API key");
  }
  if (key.state() != v1::API_KEY_STATE_ACTIVE) {
    return absl::UnauthenticatedError(absl::StrCat("API key ", name, " was revoked"));
  }
  Principal principal;
  principal.name = name;
  principal.role = key.role();
  principal.scopes.assign(key.scopes().begin(), key.scopes().end());
  return principal;
}

}  // namespace fangxin
