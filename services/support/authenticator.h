#ifndef FANGXIN_SERVICES_SUPPORT_AUTHENTICATOR_H_
#define FANGXIN_SERVICES_SUPPORT_AUTHENTICATOR_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/authz.h"

namespace fangxin {

// What a call presents to prove who it is.
struct CallCredentials {
  CallCredentials(absl::string_view authorization = {}, absl::string_view certificate_name = {})
      : authorization(authorization), certificate_name(certificate_name) {}
  CallCredentials(const char* authorization) : authorization(authorization) {}

  // The raw `authorization` metadata value ("Bearer ..."), empty when absent.
  absl::string_view authorization;
  // The common name of the client certificate the TLS handshake verified (mutual TLS), empty
  // when the call presented none.
  absl::string_view certificate_name;
};

// Turns a call's credentials into the calling principal. Implementations are thread-safe.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // A bearer key wins over a certificate. UNAUTHENTICATED when neither identifies an active key.
  virtual absl::StatusOr<Principal> Authenticate(const CallCredentials& call) const = 0;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_SUPPORT_AUTHENTICATOR_H_
