#include "clients/sdk/audit_client.h"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "clients/sdk/channel.h"
#include "clients/sdk/unary_caller.h"
#include "common/grpc_status.h"
#include "fangxin/v1/audit_service.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace fangxin::sdk {
namespace {

absl::Status Unimplemented(const char* method) {
  return absl::UnimplementedError(absl::StrCat("AuditConnection::", method));
}


class GrpcAuditConnection final : public AuditConnection {
 public:
  GrpcAuditConnection(const ClientOptions& options, std::shared_ptr<grpc::Channel> channel)
      : caller_(options), stub_(v1::AuditService::NewStub(channel)) {}

  FANGXIN_SDK_READ(GetCheckpoint, GetCheckpointRequest, Checkpoint)
  FANGXIN_SDK_READ(GetEntries, GetEntriesRequest, GetEntriesResponse)
  FANGXIN_SDK_READ(GetInclusionProof, GetInclusionProofRequest, InclusionProof)
  FANGXIN_SDK_READ(GetConsistencyProof, GetConsistencyProofRequest, ConsistencyProof)
  FANGXIN_SDK_READ(ListResourceHistory, ListResourceHistoryRequest, ListResourceHistoryResponse)

 private:
  internal::UnaryCaller caller_;
  const std::unique_ptr<v1::AuditService::Stub> stub_;
};

}  // namespace

absl::StatusOr<v1::Checkpoint> AuditConnection::GetCheckpoint(const v1::GetCheckpointRequest&) {
  return Unimplemented("GetCheckpoint");
}
absl::StatusOr<v1::GetEntriesResponse> AuditConnection::GetEntries(const v1::GetEntriesRequest&) {
  return Unimplemented("GetEntries");
}
absl::StatusOr<v1::InclusionProof> AuditConnection::GetInclusionProof(
    const v1::GetInclusionProofRequest&) {
  return Unimplemented("GetInclusionProof");
}
absl::StatusOr<v1::ConsistencyProof> AuditConnection::GetConsistencyProof(
    const v1::GetConsistencyProofRequest&) {
  return Unimplemented("GetConsistencyProof");
}
absl::StatusOr<v1::ListResourceHistoryResponse> AuditConnection::ListResourceHistory(
    const v1::ListResourceHistoryRequest&) {
  return Unimplemented("ListResourceHistory");
}

absl::StatusOr<std::shared_ptr<AuditConnection>> MakeAuditConnection(ClientOptions options) {
  if (absl::Status s = internal::PrepareOptions(&options); !s.ok()) return s;
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = MakeChannel(options);
  if (!channel.ok()) return channel.status();
  return std::shared_ptr<AuditConnection>(std::make_shared<GrpcAuditConnection>(options, *channel));
}

absl::StatusOr<v1::Checkpoint> AuditClient::GetCheckpoint() {
  return connection_->GetCheckpoint(v1::GetCheckpointRequest());
}

absl::StatusOr<v1::GetEntriesResponse> AuditClient::GetEntries(int64_t start_index, int count) {
  v1::GetEntriesRequest request;
  request.set_start_index(start_index);
  request.set_count(count);
  return connection_->GetEntries(request);
}

absl::StatusOr<v1::InclusionProof> AuditClient::GetInclusionProof(int64_t leaf_index,
                                                                  int64_t tree_size) {
  v1::GetInclusionProofRequest request;
  request.set_leaf_index(leaf_index);
  request.set_tree_size(tree_size);
  return connection_->GetInclusionProof(request);
}

absl::StatusOr<v1::ConsistencyProof> AuditClient::GetConsistencyProof(int64_t old_size,
                                                                      int64_t new_size) {
  v1::GetConsistencyProofRequest request;
  request.set_old_size(old_size);
  request.set_new_size(new_size);
  return connection_->GetConsistencyProof(request);
}

absl::StatusOr<v1::ListResourceHistoryResponse> AuditClient::ResourceHistory(
    const std::string& name, int max_pages) {
  v1::ListResourceHistoryRequest request;
  request.set_name(name);
  request.set_page_size(1000);
  v1::ListResourceHistoryResponse merged;
  for (int page = 0; page < max_pages; ++page) {
    absl::StatusOr<v1::ListResourceHistoryResponse> response =
        connection_->ListResourceHistory(request);
    if (!response.ok()) return response.status();
    for (v1::AuditEntry& entry : *response->mutable_entries()) {
      *merged.add_entries() = std::move(entry);
    }
    if (response->next_page_token().empty()) {
      if (response->has_resource()) *merged.mutable_resource() = response->resource();
      return merged;
    }
    request.set_page_token(response->next_page_token());
  }
  return absl::ResourceExhaustedError(
      absl::StrCat("history of ", name, " has more than ", max_pages, " pages"));
}

}  // namespace fangxin::sdk
