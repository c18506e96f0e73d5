#ifndef FANGXIN_COMMON_GRPC_STATUS_H_
#define FANGXIN_COMMON_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace fangxin {

// The one conversion from an internal status to the wire: same canonical code and message, and
// every google.rpc detail payload (BadRequest, ErrorInfo, ResourceInfo, PreconditionFailure)
// packed into a google.rpc.Status sent as `grpc-status-details-bin`.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The inverse, for clients: restores code, message and detail payloads.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace fangxin

#endif  // FANGXIN_COMMON_GRPC_STATUS_H_
