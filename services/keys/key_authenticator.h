#ifndef FANGXIN_SERVICES_KEYS_KEY_AUTHENTICATOR_H_
#define FANGXIN_SERVICES_KEYS_KEY_AUTHENTICATOR_H_

#include "services/support/authenticator.h"
#include "storage/registry.h"

namespace fangxin {

// Authenticates bearer tokens, or verified client certificates bound to a key (mutual TLS),
// against the API keys stored in the registry. Every call reads the
// key (a point read served from the block cache), so a revocation takes effect on the next call.
// Thread-safe.
class KeyAuthenticator final : public Authenticator {
 public:
  // `registry` is not owned and must outlive this object.
  explicit KeyAuthenticator(storage::Registry* registry) : registry_(registry) {}

  absl::StatusOr<Principal> Authenticate(const CallCredentials& call) const override;

 private:
  absl::StatusOr<Principal> AuthenticateCertificate(absl::string_view certificate_name) const;

  storage::Registry* const registry_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_KEYS_KEY_AUTHENTICATOR_H_
