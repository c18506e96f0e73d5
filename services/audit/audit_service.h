#ifndef FANGXIN_SERVICES_AUDIT_AUDIT_SERVICE_H_
#define FANGXIN_SERVICES_AUDIT_AUDIT_SERVICE_H_

#include "fangxin/v1/audit_service.grpc.pb.h"
#include "services/audit/audit_core.h"
#include "services/support/authenticator.h"

namespace fangxin {

// gRPC adapter of AuditService over AuditCore. Every method is a bounded read, answered on the
// gRPC thread. Thread-safe.
class AuditService final : public v1::AuditService::CallbackService {
 public:
  // Not owned; both must outlive the service.
  AuditService(AuditCore* core, const Authenticator* auth) : core_(core), auth_(auth) {}

  grpc::ServerUnaryReactor* GetCheckpoint(grpc::CallbackServerContext* ctx,
                                          const v1::GetCheckpointRequest* request,
                                          v1::Checkpoint* response) override;
  grpc::ServerUnaryReactor* GetEntries(grpc::CallbackServerContext* ctx,
                                       const v1::GetEntriesRequest* request,
                                       v1::GetEntriesResponse* response) override;
  grpc::ServerUnaryReactor* GetInclusionProof(grpc::CallbackServerContext* ctx,
                                              const v1::GetInclusionProofRequest* request,
                                              v1::InclusionProof* response) override;
  grpc::ServerUnaryReactor* GetConsistencyProof(grpc::CallbackServerContext* ctx,
                                                const v1::GetConsistencyProofRequest* request,
                                                v1::ConsistencyProof* response) override;
  grpc::ServerUnaryReactor* ListResourceHistory(grpc::CallbackServerContext* ctx,
                                                const v1::ListResourceHistoryRequest* request,
                                                v1::ListResourceHistoryResponse* response) override;

 private:
  AuditCore* const core_;
  const Authenticator* const auth_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_AUDIT_AUDIT_SERVICE_H_
