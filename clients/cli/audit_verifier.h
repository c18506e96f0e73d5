#ifndef FANGXIN_CLIENTS_CLI_AUDIT_VERIFIER_H_
#define FANGXIN_CLIENTS_CLI_AUDIT_VERIFIER_H_

// What `fangxinctl audit verify` checks, as a library the tests drive directly. A verifier
// trusts nothing the server says that it can check: the checkpoint's signature (against a
// pinned key or the key of the last verified checkpoint), the new tree's consistency with the
// last verified one, the inclusion of chosen entries, each chosen resource's history (every
// entry included, before/after digests chained, the last after-digest equal to the SHA-256 of
// the resource's stored bytes), and, on request, the root recomputed from every entry.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clients/sdk/audit_client.h"
#include "fangxin/v1/audit_service.pb.h"

namespace fangxin::cli {

struct AuditVerifyOptions {
  // The last verified checkpoint, if any (see LoadCheckpoint).
  std::optional<v1::Checkpoint> previous;
  // Raw 32-byte Ed25519 key the checkpoint must be signed with; empty: the previous
  // checkpoint's key, or (first run, nothing pinned) the key the server presents.
  std::string pinned_public_key;
  // Leaf indexes whose inclusion to prove.
  std::vector<int64_t> leaf_indexes;
  // Resources whose history to check against their stored bytes.
  std::vector<std::string> resources;
  // Fetch every entry and recompute the root.
  bool full = false;
};

struct AuditVerifyResult {
  // The checkpoint that was verified (to be saved as the next run's `previous`).
  v1::Checkpoint checkpoint;
  // One line per check passed, for the verdict printout.
  std::vector<std::string> passed;
};

// Runs every check. The first failure ends the run: DATA_LOSS when something does not match
// (a signature, a proof, a digest, a recomputed root), FAILED_PRECONDITION when the log shrank
// or the signing key changed, other codes when the server could not be asked.
absl::StatusOr<AuditVerifyResult> VerifyAudit(sdk::AuditClient& client,
                                              const AuditVerifyOptions& options);

// The checkpoint saved in `path` (protobuf text format); nullopt when the file does not exist.
absl::StatusOr<std::optional<v1::Checkpoint>> LoadCheckpoint(const std::string& path);
// Saves `checkpoint` to `path`, replacing it atomically (write then rename).
absl::Status SaveCheckpoint(const std::string& path, const v1::Checkpoint& checkpoint);

}  // namespace fangxin::cli

#endif  // FANGXIN_CLIENTS_CLI_AUDIT_VERIFIER_H_
