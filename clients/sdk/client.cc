#include "clients/sdk/client.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace fangxin::sdk {
namespace {

// Builds a range whose fetcher sends `request` with each page token through `list`, and takes
// the items out of each response with `items`.
template <typename T, typename Request, typename Response, typename List, typename Items>
PaginationRange<T> MakeRange(Request request, List list, Items items) {
  std::string first_token = request.page_token();
  auto fetch = [request = std::move(request), list = std::move(list),
                items = std::move(items)](const std::string& token) mutable
      -> absl::StatusOr<Page<T>> {
    request.set_page_token(token);
    absl::StatusOr<Response> response = list(request);
    if (!response.ok()) return std::move(response).status();
    Page<T> page;
    auto* repeated = items(*response);
    page.items.assign(std::make_move_iterator(repeated->begin()),
                      std::make_move_iterator(repeated->end()));
    page.next_page_token = std::move(*response->mutable_next_page_token());
    page.read_revision = response->read_revision();
    return page;
  };
  return PaginationRange<T>(std::move(fetch), std::move(first_token));
}

}  // namespace

// --- Divisions --------------------------------------------------------------------------------

absl::StatusOr<v1::Division> Client::GetDivision(const std::string& name) {
  v1::GetDivisionRequest request;
  request.set_name(name);
  return GetDivision(request);
}

absl::StatusOr<v1::Division> Client::GetDivision(const v1::GetDivisionRequest& request) {
  return connection_->GetDivision(request);
}

PaginationRange<v1::Division> Client::ListDivisions(const std::string& parent,
                                                    v1::DivisionLevel level) {
  v1::ListDivisionsRequest request;
  request.set_parent(parent);
  request.set_level(level);
  return ListDivisions(std::move(request));
}

PaginationRange<v1::Division> Client::ListDivisions(v1::ListDivisionsRequest request) {
  return MakeRange<v1::Division, v1::ListDivisionsRequest, v1::ListDivisionsResponse>(
      std::move(request),
      [c = connection_](const v1::ListDivisionsRequest& r) { return c->ListDivisions(r); },
      [](v1::ListDivisionsResponse& r) { return r.mutable_divisions(); });
}

// --- Merchants --------------------------------------------------------------------------------

absl::StatusOr<v1::Merchant> Client::CreateMerchant(const v1::Merchant& merchant) {
  v1::CreateMerchantRequest request;
  *request.mutable_merchant() = merchant;
  return CreateMerchant(request);
}

absl::StatusOr<v1::Merchant> Client::CreateMerchant(const v1::CreateMerchantRequest& request) {
  return connection_->CreateMerchant(request);
}

absl::StatusOr<v1::Merchant> Client::GetMerchant(const std::string& name) {
  v1::GetMerchantRequest request;
  request.set_name(name);
  return GetMerchant(request);
}

absl::StatusOr<v1::Merchant> Client::GetMerchant(const v1::GetMerchantRequest& request) {
  return connection_->GetMerchant(request);
}

PaginationRange<v1::Merchant> Client::ListMerchants(v1::ListMerchantsRequest request) {
  return MakeRange<v1::Merchant, v1::ListMerchantsRequest, v1::ListMerchantsResponse>(
      std::move(request),
      [c = connection_](const v1::ListMerchantsRequest& r) { return c->ListMerchants(r); },
      [](v1::ListMerchantsResponse& r) { return r.mutable_merchants(); });
}

absl::StatusOr<v1::Merchant> Client::UpdateMerchant(
    const v1::Merchant& merchant, const google::protobuf::FieldMask& update_mask) {
  v1::UpdateMerchantRequest request;
  *request.mutable_merchant() = merchant;
  *request.mutable_update_mask() = update_mask;
  return UpdateMerchant(request);
}

absl::StatusOr<v1::Merchant> Client::UpdateMerchant(const v1::UpdateMerchantRequest& request) {
  return connection_->UpdateMerchant(request);
}

absl::StatusOr<v1::Merchant> Client::CloseMerchant(const std::string& name,
                                                   const std::string& etag,
                                                   const std::string& reason) {
  v1::CloseMerchantRequest request;
  request.set_name(name);
  request.set_etag(etag);
  request.set_reason(reason);
  return CloseMerchant(request);
}

absl::StatusOr<v1::Merchant> Client::CloseMerchant(const v1::CloseMerchantRequest& request) {
  return connection_->CloseMerchant(request);
}

// --- Stores -----------------------------------------------------------------------------------

absl::StatusOr<v1::Store> Client::CreateStore(const std::string& parent, const v1::Store& store,
                                              const std::string& store_id) {
  v1::CreateStoreRequest request;
  request.set_parent(parent);
  request.set_store_id(store_id);
  *request.mutable_store() = store;
  return CreateStore(request);
}

absl::StatusOr<v1::Store> Client::CreateStore(const v1::CreateStoreRequest& request) {
  return connection_->CreateStore(request);
}

absl::StatusOr<v1::Store> Client::GetStore(const std::string& name) {
  v1::GetStoreRequest request;
  request.set_name(name);
  return GetStore(request);
}

absl::StatusOr<v1::Store> Client::GetStore(const v1::GetStoreRequest& request) {
  return connection_->GetStore(request);
}

PaginationRange<v1::Store> Client::ListStores(v1::ListStoresRequest request) {
  return MakeRange<v1::Store, v1::ListStoresRequest, v1::ListStoresResponse>(
      std::move(request),
      [c = connection_](const v1::ListStoresRequest& r) { return c->ListStores(r); },
      [](v1::ListStoresResponse& r) { return r.mutable_stores(); });
}

absl::StatusOr<v1::Store> Client::UpdateStore(const v1::Store& store,
                                              const google::protobuf::FieldMask& update_mask) {
  v1::UpdateStoreRequest request;
  *request.mutable_store() = store;
  *request.mutable_update_mask() = update_mask;
  return UpdateStore(request);
}

absl::StatusOr<v1::Store> Client::UpdateStore(const v1::UpdateStoreRequest& request) {
  return connection_->UpdateStore(request);
}

absl::StatusOr<v1::Store> Client::CloseStore(const std::string& name, const std::string& etag,
                                             const std::string& reason) {
  v1::CloseStoreRequest request;
  request.set_name(name);
  request.set_etag(etag);
  request.set_reason(reason);
  return CloseStore(request);
}

absl::StatusOr<v1::Store> Client::CloseStore(const v1::CloseStoreRequest& request) {
  return connection_->CloseStore(request);
}

absl::StatusOr<std::vector<v1::ImportStoreResult>> Client::ImportStores(
    std::vector<v1::ImportStoresRequest> rows, const ImportOptions& options) {
  if (options.chunk_size < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("ImportOptions.chunk_size must be at least 1, got ", options.chunk_size));
  }
  // Ids first, so every attempt at a chunk carries the same ones.
  for (v1::ImportStoresRequest& row : rows) {
    if (row.request_id().empty()) row.set_request_id(MakeRequestId());
  }
  const size_t chunk_size = static_cast<size_t>(options.chunk_size);
  ImportProgress progress;
  progress.rows_total = rows.size();
  progress.chunks_total = (rows.size() + chunk_size - 1) / chunk_size;

  std::vector<v1::ImportStoreResult> results;
  results.reserve(rows.size());
  std::vector<v1::ImportStoresRequest> chunk;
  for (size_t begin = 0; begin < rows.size(); begin += chunk_size) {
    const size_t end = std::min(rows.size(), begin + chunk_size);
    chunk.assign(std::make_move_iterator(rows.begin() + begin),
                 std::make_move_iterator(rows.begin() + end));
    progress.rows_sent += chunk.size();
    absl::StatusOr<v1::ImportStoresResponse> response = connection_->ImportStores(chunk);
    if (!response.ok()) return std::move(response).status();
    if (static_cast<size_t>(response->results_size()) != chunk.size()) {
      return absl::InternalError(absl::StrCat("ImportStores: the server answered ",
                                              response->results_size(), " results for ",
                                              chunk.size(), " rows (rows ", chunk.front().row(),
                                              " to ", chunk.back().row(), ")"));
    }
    const size_t first = results.size();
    for (size_t i = 0; i < chunk.size(); ++i) {
      v1::ImportStoreResult& result = *response->mutable_results(static_cast<int>(i));
      if (result.row() != chunk[i].row()) {
        return absl::InternalError(absl::StrCat("ImportStores: result ", i, " of a chunk is for row ",
                                                result.row(), ", expected row ", chunk[i].row()));
      }
      if (result.code() == 0) {
        ++progress.rows_created;
      } else {
        ++progress.rows_failed;
      }
      results.push_back(std::move(result));
    }
    progress.rows_acknowledged += chunk.size();
    ++progress.chunks_done;
    if (options.on_progress) {
      progress.chunk_results = absl::MakeConstSpan(results).subspan(first);
      options.on_progress(progress);
      progress.chunk_results = {};
    }
  }
  return results;
}

// --- Areas ------------------------------------------------------------------------------------

absl::StatusOr<v1::Area> Client::CreateArea(const v1::Area& area, const std::string& area_id) {
  v1::CreateAreaRequest request;
  request.set_area_id(area_id);
  *request.mutable_area() = area;
  return CreateArea(request);
}

absl::StatusOr<v1::Area> Client::CreateArea(const v1::CreateAreaRequest& request) {
  return connection_->CreateArea(request);
}

absl::StatusOr<v1::Area> Client::GetArea(const std::string& name) {
  v1::GetAreaRequest request;
  request.set_name(name);
  return GetArea(request);
}

absl::StatusOr<v1::Area> Client::GetArea(const v1::GetAreaRequest& request) {
  return connection_->GetArea(request);
}

PaginationRange<v1::Area> Client::ListAreas(v1::ListAreasRequest request) {
  return MakeRange<v1::Area, v1::ListAreasRequest, v1::ListAreasResponse>(
      std::move(request),
      [c = connection_](const v1::ListAreasRequest& r) { return c->ListAreas(r); },
      [](v1::ListAreasResponse& r) { return r.mutable_areas(); });
}

absl::StatusOr<v1::Area> Client::UpdateArea(const v1::Area& area,
                                            const google::protobuf::FieldMask& update_mask) {
  v1::UpdateAreaRequest request;
  *request.mutable_area() = area;
  *request.mutable_update_mask() = update_mask;
  return UpdateArea(request);
}

absl::StatusOr<v1::Area> Client::UpdateArea(const v1::UpdateAreaRequest& request) {
  return connection_->UpdateArea(request);
}

// --- API keys ---------------------------------------------------------------------------------

absl::StatusOr<v1::CreateKeyResponse> Client::CreateKey(const v1::ApiKey& key) {
  v1::CreateKeyRequest request;
  *request.mutable_key() = key;
  return CreateKey(request);
}

absl::StatusOr<v1::CreateKeyResponse> Client::CreateKey(const v1::CreateKeyRequest& request) {
  return connection_->CreateKey(request);
}

absl::StatusOr<v1::ApiKey> Client::GetKey(const std::string& name) {
  v1::GetKeyRequest request;
  request.set_name(name);
  return GetKey(request);
}

absl::StatusOr<v1::ApiKey> Client::GetKey(const v1::GetKeyRequest& request) {
  return connection_->GetKey(request);
}

PaginationRange<v1::ApiKey> Client::ListKeys(v1::ListKeysRequest request) {
  return MakeRange<v1::ApiKey, v1::ListKeysRequest, v1::ListKeysResponse>(
      std::move(request),
      [c = connection_](const v1::ListKeysRequest& r) { return c->ListKeys(r); },
      [](v1::ListKeysResponse& r) { return r.mutable_keys(); });
}

absl::StatusOr<v1::ApiKey> Client::RevokeKey(const std::string& name, const std::string& etag,
                                             const std::string& reason) {
  v1::RevokeKeyRequest request;
  request.set_name(name);
  request.set_etag(etag);
  request.set_reason(reason);
  return RevokeKey(request);
}

absl::StatusOr<v1::ApiKey> Client::RevokeKey(const v1::RevokeKeyRequest& request) {
  return connection_->RevokeKey(request);
}

}  // namespace fangxin::sdk
