#include "services/audit/audit_core.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "storage/merkle/checkpoint.h"

namespace fangxin {
namespace {

constexpr int kDefaultHistoryPage = 100;

template <typename Repeated>
void AddHashes(const std::vector<std::string>& hashes, Repeated* out) {
  for (const std::string& h : hashes) out->Add(std::string(h));
}

// "type.googleapis.com/fangxin.v1.Store" for a resource whose collection the name selects:
// the stored bytes are parsed only to learn their type.
absl::StatusOr<std::string> TypeUrlOf(storage::Registry& registry, const std::string& name) {
  ASSIGN_OR_RETURN(std::shared_ptr<const google::protobuf::Message> resource, registry.Get(name));
  return absl::StrCat("type.googleapis.com/", resource->GetDescriptor()->full_name());
}

}  // namespace

absl::StatusOr<v1::Checkpoint> AuditCore::GetCheckpoint(const Principal& caller,
                                                        const v1::GetCheckpointRequest&) {
  RETURN_IF_ERROR(Authorize(caller, Action::kVerifyAudit, Target()));
  if (signer_ == nullptr) {
    return ErrorWithReason(absl::StatusCode::kFailedPrecondition, "NO_SIGNING_KEY",
                           "this server has no audit signing key (--audit_signing_key)");
  }
  const int64_t size = registry_->CurrentRevision();
  ASSIGN_OR_RETURN(std::string root, registry_->AuditRoot(size));
  const int64_t seconds = absl::ToUnixSeconds(clock_->Now());
  ASSIGN_OR_RETURN(std::string signature,
                   signer_->Sign(storage::merkle::CheckpointText(origin_, size, root, seconds)));
  v1::Checkpoint checkpoint;
  checkpoint.set_origin(origin_);
  checkpoint.set_tree_size(size);
  checkpoint.set_root_hash(std::move(root));
  checkpoint.mutable_time()->set_seconds(seconds);
  checkpoint.set_signature(std::move(signature));
  checkpoint.set_public_key(signer_->public_key());
  return checkpoint;
}

absl::StatusOr<v1::GetEntriesResponse> AuditCore::GetEntries(
    const Principal& caller, const v1::GetEntriesRequest& request) {
  RETURN_IF_ERROR(Authorize(caller, Action::kReadAudit, Target()));
  FieldViolations violations;
  if (request.start_index() < 0) violations.Add("start_index", "must not be negative");
  if (request.count() < 1 || request.count() > kMaxEntries) {
    violations.Add("count", absl::StrCat("must be between 1 and ", kMaxEntries));
  }
  RETURN_IF_ERROR(violations.ToStatus());
  const int64_t size = registry_->CurrentRevision();
  if (request.start_index() >= size) {
    return absl::OutOfRangeError(
        absl::StrCat("start_index ", request.start_index(), " is not below the log size ", size));
  }
  // Leaf i is revision i + 1.
  const int64_t first = request.start_index() + 1;
  ASSIGN_OR_RETURN(std::vector<v1::AuditEntry> entries,
                   registry_->ReadAudit(first, std::min(size, first + request.count() - 1)));
  v1::GetEntriesResponse response;
  for (v1::AuditEntry& entry : entries) *response.add_entries() = std::move(entry);
  return response;
}

absl::StatusOr<v1::InclusionProof> AuditCore::GetInclusionProof(
    const Principal& caller, const v1::GetInclusionProofRequest& request) {
  RETURN_IF_ERROR(Authorize(caller, Action::kVerifyAudit, Target()));
  FieldViolations violations;
  if (request.tree_size() < 1) violations.Add("tree_size", "must be positive");
  if (request.leaf_index() < 0 || request.leaf_index() >= request.tree_size()) {
    violations.Add("leaf_index", "must be at least 0 and below tree_size");
  }
  RETURN_IF_ERROR(violations.ToStatus());
  ASSIGN_OR_RETURN(std::vector<std::string> hashes,
                   registry_->AuditInclusionProof(request.leaf_index(), request.tree_size()));
  v1::InclusionProof proof;
  proof.set_leaf_index(request.leaf_index());
  proof.set_tree_size(request.tree_size());
  AddHashes(hashes, proof.mutable_hashes());
  return proof;
}

absl::StatusOr<v1::ConsistencyProof> AuditCore::GetConsistencyProof(
    const Principal& caller, const v1::GetConsistencyProofRequest& request) {
  RETURN_IF_ERROR(Authorize(caller, Action::kVerifyAudit, Target()));
  FieldViolations violations;
  if (request.old_size() < 0) violations.Add("old_size", "must not be negative");
  if (request.new_size() < request.old_size()) {
    violations.Add("new_size", "must not be below old_size");
  }
  RETURN_IF_ERROR(violations.ToStatus());
  ASSIGN_OR_RETURN(std::vector<std::string> hashes,
                   registry_->AuditConsistencyProof(request.old_size(), request.new_size()));
  v1::ConsistencyProof proof;
  proof.set_old_size(request.old_size());
  proof.set_new_size(request.new_size());
  AddHashes(hashes, proof.mutable_hashes());
  return proof;
}

absl::StatusOr<v1::ListResourceHistoryResponse> AuditCore::ListResourceHistory(
    const Principal& caller, const v1::ListResourceHistoryRequest& request) {
  RETURN_IF_ERROR(Authorize(caller, Action::kReadAudit, Target()));
  FieldViolations violations;
  if (request.name().empty()) violations.Add("name", "is required");
  if (request.page_size() < 0 || request.page_size() > kMaxEntries) {
    violations.Add("page_size", absl::StrCat("must be between 0 and ", kMaxEntries));
  }
  int64_t after_revision = 0;
  if (!request.page_token().empty()) {
    absl::StatusOr<storage::v1::PageTokenPayload> payload =
        tokens_->Decode(request.page_token(), FilterDigest(request));
    if (!payload.ok() || !absl::SimpleAtoi(payload->last_key(), &after_revision)) {
      violations.Add("page_token", "is malformed or was not issued for this request");
    }
  }
  RETURN_IF_ERROR(violations.ToStatus());
  const int limit = request.page_size() == 0 ? kDefaultHistoryPage : request.page_size();

  std::string stored;
  // One more than the page, to know whether another page follows.
  ASSIGN_OR_RETURN(std::vector<v1::AuditEntry> entries,
                   registry_->ReadResourceHistory(request.name(), after_revision, limit + 1,
                                                  &stored));
  if (entries.empty() && after_revision == 0) {
    return NotFoundError("resource", request.name());
  }
  v1::ListResourceHistoryResponse response;
  const bool more = static_cast<int>(entries.size()) > limit;
  if (more) entries.resize(limit);
  for (v1::AuditEntry& entry : entries) *response.add_entries() = std::move(entry);
  if (more) {
    storage::v1::PageTokenPayload payload;
    payload.set_filter_digest(FilterDigest(request));
    payload.set_last_key(absl::StrCat(response.entries().rbegin()->revision()));
    response.set_next_page_token(tokens_->Encode(payload));
  } else if (!stored.empty()) {
    // Only with the last page: the bytes are those after its last entry.
    ASSIGN_OR_RETURN(std::string type_url, TypeUrlOf(*registry_, request.name()));
    response.mutable_resource()->set_type_url(std::move(type_url));
    response.mutable_resource()->set_value(std::move(stored));
  }
  return response;
}

}  // namespace fangxin
