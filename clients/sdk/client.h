#ifndef FANGXIN_CLIENTS_SDK_CLIENT_H_
#define FANGXIN_CLIENTS_SDK_CLIENT_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "clients/sdk/client_options.h"
#include "clients/sdk/connection.h"
#include "clients/sdk/pagination_range.h"
#include "clients/sdk/request_id.h"
#include "fangxin/v1/key_service.pb.h"
#include "fangxin/v1/merchant_service.pb.h"
#include "google/protobuf/field_mask.pb.h"

namespace fangxin::sdk {

// What ImportStores reports after each chunk.
struct ImportProgress {
  size_t rows_total = 0;
  // Rows written to streams so far.
  size_t rows_sent = 0;
  // Rows the server has answered for (created or refused).
  size_t rows_acknowledged = 0;
  size_t rows_created = 0;
  size_t rows_failed = 0;
  size_t chunks_done = 0;
  size_t chunks_total = 0;
  // The results of the chunk just answered, in row order. Valid only during the callback.
  absl::Span<const v1::ImportStoreResult> chunk_results;
};

// Per-call options of Client::ImportStores.
struct ImportOptions {
  // Rows per stream. The server answers a stream only when it ends, so this bounds how long a
  // caller waits for news, how much is re-sent when a stream fails, and the memory both sides
  // hold for one answer. Default 500.
  int chunk_size = 500;
  // Optional. Called on the calling thread after each chunk is answered.
  std::function<void(const ImportProgress&)> on_progress;
};

// The fangxin registry API: divisions, merchants, stores, areas and API keys.
//
//   auto connection = fangxin::sdk::MakeConnection(options);
//   if (!connection.ok()) ...
//   fangxin::sdk::Client client(*connection);
//   absl::StatusOr<v1::Store> store = client.GetStore("merchants/91320902MA1XXXXXXX/stores/s1");
//
// A cheap value type: copies share the Connection, and calls on one Client may be made from
// many threads at once (a PaginationRange it returns is single-threaded). Every method returns
// the server's error as an absl::Status carrying its details: use FieldViolationsOf() and
// ErrorReasonOf() from common/errors.h to read them. Mutations left without a request_id get
// one, so the Connection may retry them safely; set request_id yourself (raw-request overloads)
// to make a retry of your own, e.g. after a crash, safe as well.
class Client {
 public:
  explicit Client(std::shared_ptr<Connection> connection) : connection_(std::move(connection)) {}

  const std::shared_ptr<Connection>& connection() const { return connection_; }

  // --- Divisions ------------------------------------------------------------------------------
  // `name`: `divisions/{code}`.
  absl::StatusOr<v1::Division> GetDivision(const std::string& name);
  absl::StatusOr<v1::Division> GetDivision(const v1::GetDivisionRequest& request);
  // `parent`: optional `divisions/{code}`, to list its direct children only.
  PaginationRange<v1::Division> ListDivisions(
      const std::string& parent = "",
      v1::DivisionLevel level = v1::DIVISION_LEVEL_UNSPECIFIED);
  PaginationRange<v1::Division> ListDivisions(v1::ListDivisionsRequest request);

  // --- Merchants ------------------------------------------------------------------------------
  absl::StatusOr<v1::Merchant> CreateMerchant(const v1::Merchant& merchant);
  absl::StatusOr<v1::Merchant> CreateMerchant(const v1::CreateMerchantRequest& request);
  // `name`: `merchants/{uscc}`.
  absl::StatusOr<v1::Merchant> GetMerchant(const std::string& name);
  absl::StatusOr<v1::Merchant> GetMerchant(const v1::GetMerchantRequest& request);
  PaginationRange<v1::Merchant> ListMerchants(v1::ListMerchantsRequest request = {});
  // `merchant` carries name and etag plus the new values of the fields named in `update_mask`.
  absl::StatusOr<v1::Merchant> UpdateMerchant(const v1::Merchant& merchant,
                                              const google::protobuf::FieldMask& update_mask);
  absl::StatusOr<v1::Merchant> UpdateMerchant(const v1::UpdateMerchantRequest& request);
  absl::StatusOr<v1::Merchant> CloseMerchant(const std::string& name, const std::string& etag,
                                             const std::string& reason);
  absl::StatusOr<v1::Merchant> CloseMerchant(const v1::CloseMerchantRequest& request);

  // --- Stores ---------------------------------------------------------------------------------
  // `parent`: `merchants/{uscc}`. `store_id`: empty to let the server choose.
  absl::StatusOr<v1::Store> CreateStore(const std::string& parent, const v1::Store& store,
                                        const std::string& store_id = "");
  absl::StatusOr<v1::Store> CreateStore(const v1::CreateStoreRequest& request);
  // `name`: `merchants/{uscc}/stores/{store_id}`.
  absl::StatusOr<v1::Store> GetStore(const std::string& name);
  absl::StatusOr<v1::Store> GetStore(const v1::GetStoreRequest& request);
  // Filters (merchant, division, area, state, industry) and page_size come from `request`;
  // page_token, when set, is where the listing starts.
  PaginationRange<v1::Store> ListStores(v1::ListStoresRequest request = {});
  absl::StatusOr<v1::Store> UpdateStore(const v1::Store& store,
                                        const google::protobuf::FieldMask& update_mask);
  absl::StatusOr<v1::Store> UpdateStore(const v1::UpdateStoreRequest& request);
  absl::StatusOr<v1::Store> CloseStore(const std::string& name, const std::string& etag,
                                       const std::string& reason);
  absl::StatusOr<v1::Store> CloseStore(const v1::CloseStoreRequest& request);

  // Creates many stores through the client-streaming ImportStores RPC. The server answers a
  // stream only when it ends, so the rows go in chunks of options.chunk_size, one stream each,
  // one after the other. Every row without a request_id gets a fresh one first, so a chunk
  // whose stream fails with UNAVAILABLE is re-sent (by the Connection) without creating any
  // store twice.
  //
  // Returns one result per row, in the order of `rows`; a row refused by the server is a result
  // with a non-zero code, not an error. Returns an error only when a chunk as a whole fails
  // (after retries, or INVALID_ARGUMENT for chunk_size < 1, or INTERNAL when the server answers
  // a chunk with the wrong number of results); rows of earlier chunks were then written and were
  // reported to on_progress, rows of later chunks were not sent.
  absl::StatusOr<std::vector<v1::ImportStoreResult>> ImportStores(
      std::vector<v1::ImportStoresRequest> rows, const ImportOptions& options = {});

  // --- Areas ----------------------------------------------------------------------------------
  // `area_id`: empty to let the server choose.
  absl::StatusOr<v1::Area> CreateArea(const v1::Area& area, const std::string& area_id = "");
  absl::StatusOr<v1::Area> CreateArea(const v1::CreateAreaRequest& request);
  // `name`: `areas/{id}`.
  absl::StatusOr<v1::Area> GetArea(const std::string& name);
  absl::StatusOr<v1::Area> GetArea(const v1::GetAreaRequest& request);
  PaginationRange<v1::Area> ListAreas(v1::ListAreasRequest request = {});
  absl::StatusOr<v1::Area> UpdateArea(const v1::Area& area,
                                      const google::protobuf::FieldMask& update_mask);
  absl::StatusOr<v1::Area> UpdateArea(const v1::UpdateAreaRequest& request);

  // --- API keys (admin only) ------------------------------------------------------------------
  // The response's `token` is the only copy of the secret.
  absl::StatusOr<v1::CreateKeyResponse> CreateKey(const v1::ApiKey& key);
  absl::StatusOr<v1::CreateKeyResponse> CreateKey(const v1::CreateKeyRequest& request);
  // `name`: `apiKeys/{id}`.
  absl::StatusOr<v1::ApiKey> GetKey(const std::string& name);
  absl::StatusOr<v1::ApiKey> GetKey(const v1::GetKeyRequest& request);
  PaginationRange<v1::ApiKey> ListKeys(v1::ListKeysRequest request = {});
  absl::StatusOr<v1::ApiKey> RevokeKey(const std::string& name, const std::string& etag,
                                       const std::string& reason);
  absl::StatusOr<v1::ApiKey> RevokeKey(const v1::RevokeKeyRequest& request);

 private:
  std::shared_ptr<Connection> connection_;
};

}  // namespace fangxin::sdk

#endif  // FANGXIN_CLIENTS_SDK_CLIENT_H_
