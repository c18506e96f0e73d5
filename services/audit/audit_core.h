#ifndef FANGXIN_SERVICES_AUDIT_AUDIT_CORE_H_
#define FANGXIN_SERVICES_AUDIT_AUDIT_CORE_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "fangxin/v1/audit_service.pb.h"
#include "services/audit/checkpoint_signer.h"
#include "services/common/authz.h"
#include "services/common/page_token.h"
#include "storage/registry.h"

namespace fangxin {

// The rules of AuditService without gRPC: authorization, request checks, and answers from the
// registry's audit tree. Reads only. Thread-safe.
class AuditCore {
 public:
  // Largest GetEntries count and ListResourceHistory page.
  static constexpr int kMaxEntries = 1000;

  // None owned; all must outlive the core. `origin` names the log in its checkpoints. `signer`
  // may be null: GetCheckpoint then fails with FAILED_PRECONDITION (NO_SIGNING_KEY).
  AuditCore(storage::Registry* registry, const CheckpointSigner* signer, Clock* clock,
            const PageTokenCodec* tokens, std::string origin)
      : registry_(registry),
        signer_(signer),
        clock_(clock),
        tokens_(tokens),
        origin_(std::move(origin)) {}

  absl::StatusOr<v1::Checkpoint> GetCheckpoint(const Principal& caller,
                                               const v1::GetCheckpointRequest& request);
  absl::StatusOr<v1::GetEntriesResponse> GetEntries(const Principal& caller,
                                                    const v1::GetEntriesRequest& request);
  absl::StatusOr<v1::InclusionProof> GetInclusionProof(
      const Principal& caller, const v1::GetInclusionProofRequest& request);
  absl::StatusOr<v1::ConsistencyProof> GetConsistencyProof(
      const Principal& caller, const v1::GetConsistencyProofRequest& request);
  absl::StatusOr<v1::ListResourceHistoryResponse> ListResourceHistory(
      const Principal& caller, const v1::ListResourceHistoryRequest& request);

 private:
  storage::Registry* const registry_;
  const CheckpointSigner* const signer_;
  Clock* const clock_;
  const PageTokenCodec* const tokens_;
  const std::string origin_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_AUDIT_AUDIT_CORE_H_
