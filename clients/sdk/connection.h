#ifndef FANGXIN_CLIENTS_SDK_CONNECTION_H_
#define FANGXIN_CLIENTS_SDK_CONNECTION_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/sdk/client_options.h"
#include "fangxin/v1/key_service.pb.h"
#include "fangxin/v1/merchant_service.pb.h"

namespace fangxin::sdk {

// One method per RPC of MerchantService and KeyService. The implementation from
// MakeConnection owns the channel, authentication, deadlines, retries with backoff and request
// ids; Client adds pagination and chunked imports on top. Errors are absl::Status values with
// the server's google.rpc details attached (see FieldViolationsOf / ErrorReasonOf in
// common/errors.h).
//
// Every method's default implementation returns UNIMPLEMENTED, so a decorator or a test double
// only overrides what it needs. Implementations must be thread-safe.
class Connection {
 public:
  virtual ~Connection() = default;

  // MerchantService.
  virtual absl::StatusOr<v1::ListDivisionsResponse> ListDivisions(
      const v1::ListDivisionsRequest& request);
  virtual absl::StatusOr<v1::Division> GetDivision(const v1::GetDivisionRequest& request);
  virtual absl::StatusOr<v1::Merchant> CreateMerchant(const v1::CreateMerchantRequest& request);
  virtual absl::StatusOr<v1::Merchant> GetMerchant(const v1::GetMerchantRequest& request);
  virtual absl::StatusOr<v1::ListMerchantsResponse> ListMerchants(
      const v1::ListMerchantsRequest& request);
  virtual absl::StatusOr<v1::Merchant> UpdateMerchant(const v1::UpdateMerchantRequest& request);
  virtual absl::StatusOr<v1::Merchant> CloseMerchant(const v1::CloseMerchantRequest& request);
  virtual absl::StatusOr<v1::Store> CreateStore(const v1::CreateStoreRequest& request);
  virtual absl::StatusOr<v1::Store> GetStore(const v1::GetStoreRequest& request);
  virtual absl::StatusOr<v1::ListStoresResponse> ListStores(const v1::ListStoresRequest& request);
  virtual absl::StatusOr<v1::Store> UpdateStore(const v1::UpdateStoreRequest& request);
  virtual absl::StatusOr<v1::Store> CloseStore(const v1::CloseStoreRequest& request);
  // One client stream: sends `rows` in order, half-closes, and returns the server's answer (one
  // result per row, in the order sent). A retry re-sends the whole stream, so rows without a
  // request_id are given one first.
  virtual absl::StatusOr<v1::ImportStoresResponse> ImportStores(
      const std::vector<v1::ImportStoresRequest>& rows);
  virtual absl::StatusOr<v1::Area> CreateArea(const v1::CreateAreaRequest& request);
  virtual absl::StatusOr<v1::Area> GetArea(const v1::GetAreaRequest& request);
  virtual absl::StatusOr<v1::ListAreasResponse> ListAreas(const v1::ListAreasRequest& request);
  virtual absl::StatusOr<v1::Area> UpdateArea(const v1::UpdateAreaRequest& request);

  // KeyService.
  virtual absl::StatusOr<v1::CreateKeyResponse> CreateKey(const v1::CreateKeyRequest& request);
  virtual absl::StatusOr<v1::ApiKey> GetKey(const v1::GetKeyRequest& request);
  virtual absl::StatusOr<v1::ListKeysResponse> ListKeys(const v1::ListKeysRequest& request);
  virtual absl::StatusOr<v1::ApiKey> RevokeKey(const v1::RevokeKeyRequest& request);
};

// The gRPC implementation. For every call it:
//   - builds a fresh grpc::ClientContext per attempt, with the call's deadline
//     (options.timeout from the start of the call) and `authorization: Bearer <token>`;
//   - gives a mutation without a request_id a random one (MakeRequestId) and sends the same id
//     on every attempt, so the server applies the mutation at most once;
//   - retries UNAVAILABLE, and nothing else, up to options.max_attempts times with exponential
//     backoff and full jitter. Reads are always safe to retry; mutations are safe because of
//     their request_id.
// INVALID_ARGUMENT if the options are inconsistent (max_attempts < 1, non-positive timeout or
// backoff, multiplier < 1); NOT_FOUND / FAILED_PRECONDITION if the root certificates cannot be
// read. The channel connects lazily: an unreachable server shows up as UNAVAILABLE on calls.
absl::StatusOr<std::shared_ptr<Connection>> MakeConnection(ClientOptions options = {});

}  // namespace fangxin::sdk

#endif  // FANGXIN_CLIENTS_SDK_CONNECTION_H_
