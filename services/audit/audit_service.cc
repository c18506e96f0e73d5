#include "services/audit/audit_service.h"

#include "services/support/unary.h"

namespace fangxin {

grpc::ServerUnaryReactor* AuditService::GetCheckpoint(grpc::CallbackServerContext* ctx,
                                                      const v1::GetCheckpointRequest* request,
                                                      v1::Checkpoint* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->GetCheckpoint(p, *request); });
}

grpc::ServerUnaryReactor* AuditService::GetEntries(grpc::CallbackServerContext* ctx,
                                                   const v1::GetEntriesRequest* request,
                                                   v1::GetEntriesResponse* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->GetEntries(p, *request); });
}

grpc::ServerUnaryReactor* AuditService::GetInclusionProof(
    grpc::CallbackServerContext* ctx, const v1::GetInclusionProofRequest* request,
    v1::InclusionProof* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->GetInclusionProof(p, *request); });
}

grpc::ServerUnaryReactor* AuditService::GetConsistencyProof(
    grpc::CallbackServerContext* ctx, const v1::GetConsistencyProofRequest* request,
    v1::ConsistencyProof* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->GetConsistencyProof(p, *request); });
}

grpc::ServerUnaryReactor* AuditService::ListResourceHistory(
    grpc::CallbackServerContext* ctx, const v1::ListResourceHistoryRequest* request,
    v1::ListResourceHistoryResponse* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->ListResourceHistory(p, *request); });
}

}  // namespace fangxin
