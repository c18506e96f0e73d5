#ifndef FANGXIN_SERVICES_SUPPORT_AUTHENTICATOR_H_
#define FANGXIN_SERVICES_SUPPORT_AUTHENTICATOR_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/authz.h"

namespace fangxin {

// Turns a call's `authorization` metadata into the calling principal. Implementations are
// thread-safe.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // `authorization` is the raw metadata value ("Bearer ..."), empty when absent.
  // UNAUTHENTICATED when missing, malformed, unknown or revoked.
  virtual absl::StatusOr<Principal> Authenticate(absl::string_view authorization) const = 0;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_SUPPORT_AUTHENTICATOR_H_
