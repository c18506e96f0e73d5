#include "services/keys/key_service.h"

#include "services/support/unary.h"

namespace fangxin {

grpc::ServerUnaryReactor* KeyService::CreateKey(grpc::CallbackServerContext* ctx,
                                                const v1::CreateKeyRequest* request,
                                                v1::CreateKeyResponse* response) {
  return UnaryMutate(*auth_, ctx, response, [&](const Principal& p, auto reply) {
    core_->CreateKey(p, *request, std::move(reply));
  });
}

grpc::ServerUnaryReactor* KeyService::GetKey(grpc::CallbackServerContext* ctx,
                                             const v1::GetKeyRequest* request,
                                             v1::ApiKey* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->GetKey(p, *request); });
}

grpc::ServerUnaryReactor* KeyService::ListKeys(grpc::CallbackServerContext* ctx,
                                               const v1::ListKeysRequest* request,
                                               v1::ListKeysResponse* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->ListKeys(p, *request); });
}

grpc::ServerUnaryReactor* KeyService::RevokeKey(grpc::CallbackServerContext* ctx,
                                                const v1::RevokeKeyRequest* request,
                                                v1::ApiKey* response) {
  return UnaryMutate(*auth_, ctx, response, [&](const Principal& p, auto reply) {
    core_->RevokeKey(p, *request, std::move(reply));
  });
}

}  // namespace fangxin
