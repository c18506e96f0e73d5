#ifndef FANGXIN_CLIENTS_SDK_MOCK_CONNECTION_H_
#define FANGXIN_CLIENTS_SDK_MOCK_CONNECTION_H_

// A GoogleMock Connection, for unit-testing code that uses fangxin::sdk::Client without a
// server:
//
//   auto mock = std::make_shared<fangxin::sdk::MockConnection>();
//   EXPECT_CALL(*mock, GetStore).WillOnce(Return(store));
//   fangxin::sdk::Client client(mock);
//
// Header-only; link GTest::gmock in the test that includes it.

#include <vector>

#include "clients/sdk/connection.h"
#include "gmock/gmock.h"

namespace fangxin::sdk {

class MockConnection : public Connection {
 public:
  MOCK_METHOD(absl::StatusOr<v1::ListDivisionsResponse>, ListDivisions,
              (const v1::ListDivisionsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::Division>, GetDivision, (const v1::GetDivisionRequest&),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::Merchant>, CreateMerchant, (const v1::CreateMerchantRequest&),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::Merchant>, GetMerchant, (const v1::GetMerchantRequest&),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::ListMerchantsResponse>, ListMerchants,
              (const v1::ListMerchantsRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::Merchant>, UpdateMerchant, (const v1::UpdateMerchantRequest&),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::Merchant>, CloseMerchant, (const v1::CloseMerchantRequest&),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::Store>, CreateStore, (const v1::CreateStoreRequest&),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::Store>, GetStore, (const v1::GetStoreRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListStoresResponse>, ListStores, (const v1::ListStoresRequest&),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::Store>, UpdateStore, (const v1::UpdateStoreRequest&),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::Store>, CloseStore, (const v1::CloseStoreRequest&),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::ImportStoresResponse>, ImportStores,
              (const std::vector<v1::ImportStoresRequest>&), (override));
  MOCK_METHOD(absl::StatusOr<v1::Area>, CreateArea, (const v1::CreateAreaRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::Area>, GetArea, (const v1::GetAreaRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListAreasResponse>, ListAreas, (const v1::ListAreasRequest&),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::Area>, UpdateArea, (const v1::UpdateAreaRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::CreateKeyResponse>, CreateKey, (const v1::CreateKeyRequest&),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::ApiKey>, GetKey, (const v1::GetKeyRequest&), (override));
  MOCK_METHOD(absl::StatusOr<v1::ListKeysResponse>, ListKeys, (const v1::ListKeysRequest&),
              (override));
  MOCK_METHOD(absl::StatusOr<v1::ApiKey>, RevokeKey, (const v1::RevokeKeyRequest&), (override));
};

}  // namespace fangxin::sdk

#endif  // FANGXIN_CLIENTS_SDK_MOCK_CONNECTION_H_
