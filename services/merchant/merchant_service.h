#ifndef FANGXIN_SERVICES_MERCHANT_MERCHANT_SERVICE_H_
#define FANGXIN_SERVICES_MERCHANT_MERCHANT_SERVICE_H_

#include "fangxin/v1/merchant_service.grpc.pb.h"
#include "services/merchant/merchant_core.h"
#include "services/support/authenticator.h"

namespace fangxin {

// gRPC adapter of MerchantService over MerchantCore: authenticate, delegate, convert the status.
// CreateStore and GetStore are raw methods: they answer with the store's stored bytes, which
// are already the serialized v1::Store (services/support/raw_unary.h, ADR 0009).
class MerchantService final
    : public v1::MerchantService::WithRawCallbackMethod_CreateStore<
          v1::MerchantService::WithRawCallbackMethod_GetStore<
              v1::MerchantService::CallbackService>> {
 public:
  // Not owned; both must outlive the service.
  MerchantService(MerchantCore* core, const Authenticator* auth) : core_(core), auth_(auth) {}

  grpc::ServerUnaryReactor* ListDivisions(grpc::CallbackServerContext* ctx,
                                          const v1::ListDivisionsRequest* request,
                                          v1::ListDivisionsResponse* response) override;
  grpc::ServerUnaryReactor* GetDivision(grpc::CallbackServerContext* ctx,
                                        const v1::GetDivisionRequest* request,
                                        v1::Division* response) override;
  grpc::ServerUnaryReactor* CreateMerchant(grpc::CallbackServerContext* ctx,
                                           const v1::CreateMerchantRequest* request,
                                           v1::Merchant* response) override;
  grpc::ServerUnaryReactor* GetMerchant(grpc::CallbackServerContext* ctx,
                                        const v1::GetMerchantRequest* request,
                                        v1::Merchant* response) override;
  grpc::ServerUnaryReactor* ListMerchants(grpc::CallbackServerContext* ctx,
                                          const v1::ListMerchantsRequest* request,
                                          v1::ListMerchantsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateMerchant(grpc::CallbackServerContext* ctx,
                                           const v1::UpdateMerchantRequest* request,
                                           v1::Merchant* response) override;
  grpc::ServerUnaryReactor* CloseMerchant(grpc::CallbackServerContext* ctx,
                                          const v1::CloseMerchantRequest* request,
                                          v1::Merchant* response) override;
  // Request: a serialized v1::CreateStoreRequest; response: a serialized v1::Store.
  grpc::ServerUnaryReactor* CreateStore(grpc::CallbackServerContext* ctx,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  // Request: a serialized v1::GetStoreRequest; response: a serialized v1::Store.
  grpc::ServerUnaryReactor* GetStore(grpc::CallbackServerContext* ctx,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListStores(grpc::CallbackServerContext* ctx,
                                       const v1::ListStoresRequest* request,
                                       v1::ListStoresResponse* response) override;
  grpc::ServerUnaryReactor* UpdateStore(grpc::CallbackServerContext* ctx,
                                        const v1::UpdateStoreRequest* request,
                                        v1::Store* response) override;
  grpc::ServerUnaryReactor* CloseStore(grpc::CallbackServerContext* ctx,
                                       const v1::CloseStoreRequest* request,
                                       v1::Store* response) override;
  grpc::ServerUnaryReactor* CreateArea(grpc::CallbackServerContext* ctx,
                                       const v1::CreateAreaRequest* request,
                                       v1::Area* response) override;
  grpc::ServerUnaryReactor* GetArea(grpc::CallbackServerContext* ctx,
                                    const v1::GetAreaRequest* request, v1::Area* response) override;
  grpc::ServerUnaryReactor* ListAreas(grpc::CallbackServerContext* ctx,
                                      const v1::ListAreasRequest* request,
                                      v1::ListAreasResponse* response) override;
  grpc::ServerUnaryReactor* UpdateArea(grpc::CallbackServerContext* ctx,
                                       const v1::UpdateAreaRequest* request,
                                       v1::Area* response) override;
  grpc::ServerReadReactor<v1::ImportStoresRequest>* ImportStores(
      grpc::CallbackServerContext* ctx, v1::ImportStoresResponse* response) override;

 private:
  MerchantCore* const core_;
  const Authenticator* const auth_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_MERCHANT_MERCHANT_SERVICE_H_
