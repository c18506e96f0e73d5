#ifndef FANGXIN_CLIENTS_SDK_AUDIT_CLIENT_H_
#define FANGXIN_CLIENTS_SDK_AUDIT_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "clients/sdk/client_options.h"
#include "fangxin/v1/audit_service.pb.h"

namespace fangxin::sdk {

// One method per RPC of AuditService. The implementation from MakeAuditConnection sends the
// bearer token with a fresh context per attempt and retries UNAVAILABLE with backoff and jitter
// (retry_loop.h); every call is a read, so every call is retried. Defaults return
// UNIMPLEMENTED, so test doubles override only what they need. Thread-safe.
class AuditConnection {
 public:
  virtual ~AuditConnection() = default;
  virtual absl::StatusOr<v1::Checkpoint> GetCheckpoint(const v1::GetCheckpointRequest& request);
  virtual absl::StatusOr<v1::GetEntriesResponse> GetEntries(const v1::GetEntriesRequest& request);
  virtual absl::StatusOr<v1::InclusionProof> GetInclusionProof(
      const v1::GetInclusionProofRequest& request);
  virtual absl::StatusOr<v1::ConsistencyProof> GetConsistencyProof(
      const v1::GetConsistencyProofRequest& request);
  virtual absl::StatusOr<v1::ListResourceHistoryResponse> ListResourceHistory(
      const v1::ListResourceHistoryRequest& request);
};

// INVALID_ARGUMENT for inconsistent options, as MakeConnection.
absl::StatusOr<std::shared_ptr<AuditConnection>> MakeAuditConnection(ClientOptions options = {});

// The audit trail: signed checkpoints, entries, proofs, resource histories. The checking of
// what these return lives in the verifier (clients/cli/audit_verifier.h), not here.
//
// A cheap value type over a shared AuditConnection; thread-safe.
class AuditClient {
 public:
  explicit AuditClient(std::shared_ptr<AuditConnection> connection)
      : connection_(std::move(connection)) {}

  absl::StatusOr<v1::Checkpoint> GetCheckpoint();
  // Entries [start_index, start_index + count); count at most 1000.
  absl::StatusOr<v1::GetEntriesResponse> GetEntries(int64_t start_index, int count);
  absl::StatusOr<v1::InclusionProof> GetInclusionProof(int64_t leaf_index, int64_t tree_size);
  absl::StatusOr<v1::ConsistencyProof> GetConsistencyProof(int64_t old_size, int64_t new_size);
  // Every page of the resource's history, merged: all entries, oldest first, and the stored
  // resource from the last page. Bounded by `max_pages` pages of 1000.
  absl::StatusOr<v1::ListResourceHistoryResponse> ResourceHistory(const std::string& name,
                                                                  int max_pages = 100);

  const std::shared_ptr<AuditConnection>& connection() const { return connection_; }

 private:
  std::shared_ptr<AuditConnection> connection_;
};

}  // namespace fangxin::sdk

#endif  // FANGXIN_CLIENTS_SDK_AUDIT_CLIENT_H_
