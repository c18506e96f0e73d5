#ifndef FANGXIN_SERVICES_MERCHANT_MERCHANT_CORE_H_
#define FANGXIN_SERVICES_MERCHANT_MERCHANT_CORE_H_

#include <string>

#include "absl/status/statusor.h"
#include "fangxin/v1/merchant_service.pb.h"
#include "services/common/authz.h"
#include "services/common/division_directory.h"
#include "services/common/page_token.h"
#include "services/support/mutation.h"
#include "storage/registry.h"

namespace fangxin {

// The rules of MerchantService without gRPC: authorize → validate → read → apply → commit.
// Reads answer synchronously; mutations answer through a Reply once their commit is durable.
// Thread-safe; holds no state of its own besides the pointers below.
class MerchantCore {
 public:
  // None owned; all must outlive the core.
  MerchantCore(storage::Registry* registry, const DivisionDirectory* divisions,
               const PageTokenCodec* tokens)
      : registry_(registry), divisions_(divisions), tokens_(tokens) {}

  // Divisions (division_methods.cc).
  absl::StatusOr<v1::Division> GetDivision(const Principal& caller,
                                           const v1::GetDivisionRequest& request);
  absl::StatusOr<v1::ListDivisionsResponse> ListDivisions(
      const Principal& caller, const v1::ListDivisionsRequest& request);
  // Writes the directory's divisions that the registry lacks or holds differently. Blocks on
  // the commit: for start-up only. Returns how many were written.
  absl::StatusOr<int> SyncDivisions();

  // Merchants (merchant_methods.cc).
  void CreateMerchant(const Principal& caller, const v1::CreateMerchantRequest& request,
                      Reply<v1::Merchant> reply);
  absl::StatusOr<v1::Merchant> GetMerchant(const Principal& caller,
                                           const v1::GetMerchantRequest& request);
  absl::StatusOr<v1::ListMerchantsResponse> ListMerchants(
      const Principal& caller, const v1::ListMerchantsRequest& request);
  void UpdateMerchant(const Principal& caller, const v1::UpdateMerchantRequest& request,
                      Reply<v1::Merchant> reply);
  void CloseMerchant(const Principal& caller, const v1::CloseMerchantRequest& request,
                     Reply<v1::Merchant> reply);

  // Stores (store_methods.cc).
  // Answers with the created store as stored (its serialization), for the raw method.
  void CreateStore(const Principal& caller, const v1::CreateStoreRequest& request,
                   Reply<StoredBytes<v1::Store>> reply);
  // The v1::Store GetStore answers with, as its deterministic serialization: the stored record
  // itself, neither parsed nor serialized again. INVALID_ARGUMENT for a bad name (field `name`),
  // NOT_FOUND when there is no such store.
  absl::StatusOr<std::string> GetStoreSerialized(const Principal& caller,
                                                 const v1::GetStoreRequest& request);
  absl::StatusOr<v1::ListStoresResponse> ListStores(const Principal& caller,
                                                    const v1::ListStoresRequest& request);
  void UpdateStore(const Principal& caller, const v1::UpdateStoreRequest& request,
                   Reply<v1::Store> reply);
  void CloseStore(const Principal& caller, const v1::CloseStoreRequest& request,
                  Reply<v1::Store> reply);
  // One row of ImportStores: the same rules as CreateStore, recorded under ImportStores.
  void ImportStoreRow(const Principal& caller, const v1::ImportStoresRequest& row,
                      Reply<v1::Store> reply);

  // Areas (area_methods.cc).
  void CreateArea(const Principal& caller, const v1::CreateAreaRequest& request,
                  Reply<v1::Area> reply);
  absl::StatusOr<v1::Area> GetArea(const Principal& caller, const v1::GetAreaRequest& request);
  absl::StatusOr<v1::ListAreasResponse> ListAreas(const Principal& caller,
                                                  const v1::ListAreasRequest& request);
  void UpdateArea(const Principal& caller, const v1::UpdateAreaRequest& request,
                  Reply<v1::Area> reply);

 private:
  // Answer: v1::Store or StoredBytes<v1::Store>. Defined and used in store_methods.cc only.
  template <typename Answer>
  void CreateStoreAs(const char* method, const Principal& caller,
                     const google::protobuf::Message& request, const std::string& parent,
                     const std::string& store_id, const v1::Store& store,
                     const std::string& request_id, Reply<Answer> reply);

  storage::Registry* const registry_;
  const DivisionDirectory* const divisions_;
  const PageTokenCodec* const tokens_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_MERCHANT_MERCHANT_CORE_H_
