#include "clients/sdk/connection.h"

#include "absl/status/status.h"

namespace fangxin::sdk {
namespace {

absl::Status Unimplemented(const char* method) {
  return absl::UnimplementedError(std::string("fangxin::sdk::Connection::") + method +
                                  " is not implemented by this connection");
}

}  // namespace

#define FANGXIN_SDK_UNIMPLEMENTED_(Response, Method, Request) \
  absl::StatusOr<Response> Connection::Method(const Request&) { return Unimplemented(#Method); }

FANGXIN_SDK_UNIMPLEMENTED_(v1::ListDivisionsResponse, ListDivisions, v1::ListDivisionsRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::Division, GetDivision, v1::GetDivisionRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::Merchant, CreateMerchant, v1::CreateMerchantRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::Merchant, GetMerchant, v1::GetMerchantRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::ListMerchantsResponse, ListMerchants, v1::ListMerchantsRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::Merchant, UpdateMerchant, v1::UpdateMerchantRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::Merchant, CloseMerchant, v1::CloseMerchantRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::Store, CreateStore, v1::CreateStoreRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::Store, GetStore, v1::GetStoreRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::ListStoresResponse, ListStores, v1::ListStoresRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::Store, UpdateStore, v1::UpdateStoreRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::Store, CloseStore, v1::CloseStoreRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::ImportStoresResponse, ImportStores,
                           std::vector<v1::ImportStoresRequest>)
FANGXIN_SDK_UNIMPLEMENTED_(v1::Area, CreateArea, v1::CreateAreaRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::Area, GetArea, v1::GetAreaRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::ListAreasResponse, ListAreas, v1::ListAreasRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::Area, UpdateArea, v1::UpdateAreaRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::CreateKeyResponse, CreateKey, v1::CreateKeyRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::ApiKey, GetKey, v1::GetKeyRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::ListKeysResponse, ListKeys, v1::ListKeysRequest)
FANGXIN_SDK_UNIMPLEMENTED_(v1::ApiKey, RevokeKey, v1::RevokeKeyRequest)

#undef FANGXIN_SDK_UNIMPLEMENTED_

}  // namespace fangxin::sdk
