#ifndef FANGXIN_SERVICES_KEYS_KEY_SERVICE_H_
#define FANGXIN_SERVICES_KEYS_KEY_SERVICE_H_

#include "fangxin/v1/key_service.grpc.pb.h"
#include "services/keys/key_core.h"
#include "services/support/authenticator.h"

namespace fangxin {

// gRPC adapter of KeyService over KeyCore.
class KeyService final : public v1::KeyService::CallbackService {
 public:
  // Not owned; both must outlive the service.
  KeyService(KeyCore* core, const Authenticator* auth) : core_(core), auth_(auth) {}

  grpc::ServerUnaryReactor* CreateKey(grpc::CallbackServerContext* ctx,
                                      const v1::CreateKeyRequest* request,
                                      v1::CreateKeyResponse* response) override;
  grpc::ServerUnaryReactor* GetKey(grpc::CallbackServerContext* ctx,
                                   const v1::GetKeyRequest* request,
                                   v1::ApiKey* response) override;
  grpc::ServerUnaryReactor* ListKeys(grpc::CallbackServerContext* ctx,
                                     const v1::ListKeysRequest* request,
                                     v1::ListKeysResponse* response) override;
  grpc::ServerUnaryReactor* RevokeKey(grpc::CallbackServerContext* ctx,
                                      const v1::RevokeKeyRequest* request,
                                      v1::ApiKey* response) override;

 private:
  KeyCore* const core_;
  const Authenticator* const auth_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_KEYS_KEY_SERVICE_H_
