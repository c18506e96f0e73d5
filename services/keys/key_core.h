#ifndef FANGXIN_SERVICES_KEYS_KEY_CORE_H_
#define FANGXIN_SERVICES_KEYS_KEY_CORE_H_

#include <string>

#include "absl/status/statusor.h"
#include "fangxin/v1/key_service.pb.h"
#include "services/common/authz.h"
#include "services/common/division_directory.h"
#include "services/common/page_token.h"
#include "services/support/mutation.h"
#include "storage/registry.h"

namespace fangxin {

// API key management: the rules of KeyService without gRPC. Thread-safe.
class KeyCore {
 public:
  // None owned; all must outlive the core.
  KeyCore(storage::Registry* registry, const DivisionDirectory* divisions,
          const PageTokenCodec* tokens)
      : registry_(registry), divisions_(divisions), tokens_(tokens) {}

  void CreateKey(const Principal& caller, const v1::CreateKeyRequest& request,
                 Reply<v1::CreateKeyResponse> reply);
  absl::StatusOr<v1::ApiKey> GetKey(const Principal& caller, const v1::GetKeyRequest& request);
  absl::StatusOr<v1::ListKeysResponse> ListKeys(const Principal& caller,
                                                const v1::ListKeysRequest& request);
  void RevokeKey(const Principal& caller, const v1::RevokeKeyRequest& request,
                 Reply<v1::ApiKey> reply);

  // Creates the first admin key when the registry holds no key at all, and returns its token;
  // returns "" when keys exist. Blocks on the commit: for start-up only.
  absl::StatusOr<std::string> BootstrapAdminKey();

 private:
  storage::Registry* const registry_;
  const DivisionDirectory* const divisions_;
  const PageTokenCodec* const tokens_;
};

// The key as shown to callers: never with its secret hash.
v1::ApiKey PublicView(v1::ApiKey key);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_KEYS_KEY_CORE_H_
