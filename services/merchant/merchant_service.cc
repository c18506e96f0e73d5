#include "services/merchant/merchant_service.h"

#include "services/merchant/import_stores_reactor.h"
#include "services/support/raw_unary.h"
#include "services/support/unary.h"

namespace fangxin {

grpc::ServerUnaryReactor* MerchantService::ListDivisions(grpc::CallbackServerContext* ctx,
                                                         const v1::ListDivisionsRequest* request,
                                                         v1::ListDivisionsResponse* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->ListDivisions(p, *request); });
}

grpc::ServerUnaryReactor* MerchantService::GetDivision(grpc::CallbackServerContext* ctx,
                                                       const v1::GetDivisionRequest* request,
                                                       v1::Division* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->GetDivision(p, *request); });
}

grpc::ServerUnaryReactor* MerchantService::CreateMerchant(grpc::CallbackServerContext* ctx,
                                                          const v1::CreateMerchantRequest* request,
                                                          v1::Merchant* response) {
  return UnaryMutate(*auth_, ctx, response, [&](const Principal& p, auto reply) {
    core_->CreateMerchant(p, *request, std::move(reply));
  });
}

grpc::ServerUnaryReactor* MerchantService::GetMerchant(grpc::CallbackServerContext* ctx,
                                                       const v1::GetMerchantRequest* request,
                                                       v1::Merchant* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->GetMerchant(p, *request); });
}

grpc::ServerUnaryReactor* MerchantService::ListMerchants(grpc::CallbackServerContext* ctx,
                                                         const v1::ListMerchantsRequest* request,
                                                         v1::ListMerchantsResponse* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->ListMerchants(p, *request); });
}

grpc::ServerUnaryReactor* MerchantService::UpdateMerchant(grpc::CallbackServerContext* ctx,
                                                          const v1::UpdateMerchantRequest* request,
                                                          v1::Merchant* response) {
  return UnaryMutate(*auth_, ctx, response, [&](const Principal& p, auto reply) {
    core_->UpdateMerchant(p, *request, std::move(reply));
  });
}

grpc::ServerUnaryReactor* MerchantService::CloseMerchant(grpc::CallbackServerContext* ctx,
                                                         const v1::CloseMerchantRequest* request,
                                                         v1::Merchant* response) {
  return UnaryMutate(*auth_, ctx, response, [&](const Principal& p, auto reply) {
    core_->CloseMerchant(p, *request, std::move(reply));
  });
}

grpc::ServerUnaryReactor* MerchantService::CreateStore(grpc::CallbackServerContext* ctx,
                                                       const grpc::ByteBuffer* request,
                                                       grpc::ByteBuffer* response) {
  return UnaryMutateStored<v1::CreateStoreRequest, v1::Store>(
      *auth_, ctx, *request, response,
      [&](const Principal& p, const v1::CreateStoreRequest& r, auto reply) {
        core_->CreateStore(p, r, std::move(reply));
      });
}

grpc::ServerUnaryReactor* MerchantService::GetStore(grpc::CallbackServerContext* ctx,
                                                    const grpc::ByteBuffer* request,
                                                    grpc::ByteBuffer* response) {
  return UnaryReadStored<v1::GetStoreRequest>(
      *auth_, ctx, *request, response,
      [&](const Principal& p, const v1::GetStoreRequest& r) {
        return core_->GetStoreSerialized(p, r);
      });
}

grpc::ServerUnaryReactor* MerchantService::ListStores(grpc::CallbackServerContext* ctx,
                                                      const v1::ListStoresRequest* request,
                                                      v1::ListStoresResponse* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->ListStores(p, *request); });
}

grpc::ServerUnaryReactor* MerchantService::UpdateStore(grpc::CallbackServerContext* ctx,
                                                       const v1::UpdateStoreRequest* request,
                                                       v1::Store* response) {
  return UnaryMutate(*auth_, ctx, response, [&](const Principal& p, auto reply) {
    core_->UpdateStore(p, *request, std::move(reply));
  });
}

grpc::ServerUnaryReactor* MerchantService::CloseStore(grpc::CallbackServerContext* ctx,
                                                      const v1::CloseStoreRequest* request,
                                                      v1::Store* response) {
  return UnaryMutate(*auth_, ctx, response, [&](const Principal& p, auto reply) {
    core_->CloseStore(p, *request, std::move(reply));
  });
}

grpc::ServerUnaryReactor* MerchantService::CreateArea(grpc::CallbackServerContext* ctx,
                                                      const v1::CreateAreaRequest* request,
                                                      v1::Area* response) {
  return UnaryMutate(*auth_, ctx, response, [&](const Principal& p, auto reply) {
    core_->CreateArea(p, *request, std::move(reply));
  });
}

grpc::ServerUnaryReactor* MerchantService::GetArea(grpc::CallbackServerContext* ctx,
                                                   const v1::GetAreaRequest* request,
                                                   v1::Area* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->GetArea(p, *request); });
}

grpc::ServerUnaryReactor* MerchantService::ListAreas(grpc::CallbackServerContext* ctx,
                                                     const v1::ListAreasRequest* request,
                                                     v1::ListAreasResponse* response) {
  return UnaryRead(*auth_, ctx, response,
                   [&](const Principal& p) { return core_->ListAreas(p, *request); });
}

grpc::ServerUnaryReactor* MerchantService::UpdateArea(grpc::CallbackServerContext* ctx,
                                                      const v1::UpdateAreaRequest* request,
                                                      v1::Area* response) {
  return UnaryMutate(*auth_, ctx, response, [&](const Principal& p, auto reply) {
    core_->UpdateArea(p, *request, std::move(reply));
  });
}

grpc::ServerReadReactor<v1::ImportStoresRequest>* MerchantService::ImportStores(
    grpc::CallbackServerContext* ctx, v1::ImportStoresResponse* response) {
  absl::StatusOr<Principal> principal = AuthenticateCall(*auth_, *ctx);
  if (!principal.ok()) {
    // Refuse before reading a single row.
    class Refused final : public grpc::ServerReadReactor<v1::ImportStoresRequest> {
     public:
      explicit Refused(const absl::Status& status) { Finish(ToGrpcStatus(status)); }
      void OnDone() override { delete this; }
    };
    return new Refused(principal.status());
  }
  return new ImportStoresReactor(core_, *std::move(principal), response);
}

}  // namespace fangxin
