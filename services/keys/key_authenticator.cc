#include "services/keys/key_authenticator.h"

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "fangxin/v1/resources.pb.h"
#include "services/keys/api_token.h"
#include "services/schema/fangxin_schema.h"

namespace fangxin {
namespace {

absl::StatusOr<Principal> PrincipalOf(const std::string& name, const v1::ApiKey& key) {
  if (key.state() != v1::API_KEY_STATE_ACTIVE) {
    return absl::UnauthenticatedError(absl::StrCat("API key ", name, " was revoked"));
  }
  Principal principal;
  principal.name = name;
  principal.role = key.role();
  principal.scopes.assign(key.scopes().begin(), key.scopes().end());
  return principal;
}

}  // namespace

absl::StatusOr<Principal> KeyAuthenticator::Authenticate(const CallCredentials& call) const {
  if (call.authorization.empty() && !call.certificate_name.empty()) {
    return AuthenticateCertificate(call.certificate_name);
  }
  if (call.authorization.empty()) {
    return absl::UnauthenticatedError(
        "missing credentials: send `authorization: Bearer fx_...` with an API key, or a client "
        "certificate bound to a key");
  }
  std::optional<ApiToken> token = ParseApiToken(call.authorization);
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
  return PrincipalOf(name, key);
}

absl::StatusOr<Principal> KeyAuthenticator::AuthenticateCertificate(
    absl::string_view certificate_name) const {
  // The TLS layer has verified the certificate against the client CA; the registry says which
  // key (role and scopes) that certificate stands for.
  auto name = registry_->LookupUnique(
      "apiKeys", {index::kClientCertificate, std::string(certificate_name), true});
  if (!name.ok()) return name.status();
  if (name->empty()) {
    return absl::UnauthenticatedError(absl::StrCat(
        "client certificate '", certificate_name, "' is bound to no API key"));
  }
  auto stored = registry_->Get(*name);
  if (!stored.ok()) return stored.status();
  return PrincipalOf(*name, static_cast<const v1::ApiKey&>(**stored));
}

}  // namespace fangxin
