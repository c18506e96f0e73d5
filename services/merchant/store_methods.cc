// MerchantCore: stores.

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/common/validation.h"
#include "services/merchant/merchant_core.h"
#include "services/merchant/targets.h"
#include "services/pledge/store_pledges.h"
#include "services/schema/fangxin_schema.h"
#include "services/support/list_page.h"

namespace fangxin {
namespace {

constexpr char kCreateStore[] = "/fangxin.v1.MerchantService/CreateStore";
constexpr char kImportStores[] = "/fangxin.v1.MerchantService/ImportStores";
constexpr char kUpdateStore[] = "/fangxin.v1.MerchantService/UpdateStore";
constexpr char kCloseStore[] = "/fangxin.v1.MerchantService/CloseStore";

absl::Status StoreClosedError(const std::string& name) {
  return ErrorWithReason(absl::StatusCode::kFailedPrecondition, "STORE_CLOSED",
                         absl::StrCat(name, " is closed"));
}

// The area a store names must exist, be active and lie in the store's division. Returns the
// area's mod_revision for a ReadCheck (0 when the store names no area).
absl::StatusOr<int64_t> CheckStoreArea(storage::Registry& registry, const v1::Store& store,
                                       const char* field) {
  if (store.area().empty()) return 0;
  ASSIGN_OR_RETURN(v1::Area area, Read<v1::Area>(registry, store.area()));
  if (area.state() != v1::AREA_STATE_ACTIVE) {
    return ErrorWithReason(absl::StatusCode::kFailedPrecondition, "AREA_RETIRED",
                           absl::StrCat(store.area(), " is retired"));
  }
  if (area.division() != store.division()) {
    return InvalidFieldError(field, absl::StrCat("area ", store.area(), " is in ",
                                                 area.division(), ", not in ", store.division()));
  }
  return area.mod_revision();
}

}  // namespace

void MerchantCore::CreateStore(const Principal& caller, const v1::CreateStoreRequest& request,
                               Reply<StoredBytes<v1::Store>> reply) {
  CreateStoreAs(kCreateStore, caller, request, request.parent(), request.store_id(),
                request.store(), request.request_id(), std::move(reply));
}

void MerchantCore::ImportStoreRow(const Principal& caller, const v1::ImportStoresRequest& row,
                                  Reply<v1::Store> reply) {
  CreateStoreAs(kImportStores, caller, row, row.parent(), row.store_id(), row.store(),
                row.request_id(), std::move(reply));
}

template <typename Answer>
void MerchantCore::CreateStoreAs(const char* method, const Principal& caller,
                                 const google::protobuf::Message& request,
                                 const std::string& parent, const std::string& store_id,
                                 const v1::Store& store, const std::string& request_id,
                                 Reply<Answer> reply) {
  FieldViolations violations;
  if (!ParseMerchantName(parent, "parent").ok()) {
    violations.Add("parent", "must be merchants/{uscc} with a valid credit code");
  }
  if (!store_id.empty()) ValidateId(store_id, "store_id", &violations);
  ValidateStore(store, "store", *divisions_, &violations);
  ValidateRequestId(request_id, &violations);
  if (!violations.empty()) return reply(violations.ToStatus());

  auto created = std::make_shared<v1::Store>(store);
  created->set_name(absl::StrCat(parent, "/stores/", store_id.empty() ? NewResourceId() : store_id));
  if (created->industry().empty()) created->set_industry("retail");
  created->set_state(v1::STORE_STATE_OPEN);
  created->clear_close_reason();
  if (absl::Status s = Authorize(caller, Action::kWriteStore, TargetOf(*created)); !s.ok()) {
    return reply(s);
  }
  storage::ChangeSet change = NewChangeSet(caller, method, request, request_id);
  if (ReplayIfCommitted(*registry_, change, reply)) return;

  absl::StatusOr<v1::Merchant> merchant = Read<v1::Merchant>(*registry_, parent);
  if (!merchant.ok()) return reply(merchant.status());
  if (merchant->state() != v1::MERCHANT_STATE_OPEN) {
    return reply(ErrorWithReason(absl::StatusCode::kFailedPrecondition, "MERCHANT_CLOSED",
                                 absl::StrCat(parent, " is closed; it cannot open stores")));
  }
  absl::StatusOr<int64_t> area_revision = CheckStoreArea(*registry_, *created, "store.area");
  if (!area_revision.ok()) return reply(area_revision.status());

  change.checks.push_back({parent, merchant->mod_revision()});
  if (*area_revision > 0) change.checks.push_back({created->area(), *area_revision});
  change.writes.push_back({std::move(created), storage::Expect::kAbsent, 0});
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

absl::StatusOr<std::string> MerchantCore::GetStoreSerialized(const Principal& caller,
                                                             const v1::GetStoreRequest& request) {
  RETURN_IF_ERROR(ParseStoreName(request.name(), "name").status());
  // Every role may read every store (kReadPublic is kAlways in each column of kAuthzTable), so
  // the answer cannot depend on where the store is, and authorizing before the read, without
  // the store's target, spares a parse of it. Should the table ever scope kReadPublic, an empty
  // target lies in no caller's scopes: scoped callers are refused rather than shown a store.
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, Target{}));
  return registry_->ReadStoredBytes(request.name());
}

absl::StatusOr<v1::ListStoresResponse> MerchantCore::ListStores(
    const Principal& caller, const v1::ListStoresRequest& request) {
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, Target{}));
  // Walk the most selective index the request allows; the other filters are checked on each
  // store.
  storage::ScanQuery query;
  query.collection = "stores";
  bool division_is_township = false;
  if (!request.division().empty()) {
    ASSIGN_OR_RETURN(std::string code, ParseDivisionName(request.division(), "division"));
    const v1::Division* division = divisions_->Find(request.division());
    if (division == nullptr) return InvalidFieldError("division", "is not a known division");
    division_is_township = division->level() == v1::DIVISION_LEVEL_TOWNSHIP;
    if (division->level() == v1::DIVISION_LEVEL_CITY) {
      return InvalidFieldError("division", "must be a county-level or township-level division");
    }
  }
  if (!request.area().empty()) {
    ASSIGN_OR_RETURN(std::string area_id, ParseAreaName(request.area(), "area"));
    query.index = index::kArea;
    query.value = area_id;
  } else if (!request.merchant().empty()) {
    RETURN_IF_ERROR(ParseMerchantName(request.merchant(), "merchant").status());
    query.value = absl::StrCat(request.merchant(), "/stores/");
  } else if (!request.division().empty()) {
    query.index = division_is_township ? index::kTownship : index::kDivision;
    query.value = request.division().substr(request.division().rfind('/') + 1);
  } else {
    query.value = "merchants/";
  }
  // The stores go out as they are stored (ListPageWire). They are parsed only to check a
  // filter that the index or prefix walked does not already imply.
  const int filters_by_place =
      !request.area().empty() + !request.merchant().empty() + !request.division().empty();
  const bool walk_implies_filter = filters_by_place <= 1 &&
                                   request.state() == v1::STORE_STATE_UNSPECIFIED &&
                                   request.industry().empty();
  std::function<bool(const v1::Store&)> filter = [&request,
                                                  division_is_township](const v1::Store& store) {
    const v1::ListStoresRequest& filter = request;
    if (!filter.area().empty() && store.area() != filter.area()) return false;
    if (!filter.merchant().empty() && MerchantOfStore(store.name()) != filter.merchant()) {
      return false;
    }
    if (!filter.division().empty() &&
        (division_is_township ? store.township() : store.division()) != filter.division()) {
      return false;
    }
    if (filter.state() != v1::STORE_STATE_UNSPECIFIED && store.state() != filter.state()) {
      return false;
    }
    if (!filter.industry().empty() && store.industry() != filter.industry()) return false;
    return true;
  };
  v1::ListStoresResponse response;
  if (walk_implies_filter) filter = nullptr;
  ASSIGN_OR_RETURN(Page page,
                   ListPageWire<v1::Store>(*registry_, *tokens_, std::move(query), request,
                                           request.page_size(), request.page_token(),
                                           std::move(filter),
                                           v1::ListStoresResponse::kStoresFieldNumber, &response));
  response.set_next_page_token(page.next_page_token);
  response.set_read_revision(page.read_revision);
  return response;
}

void MerchantCore::UpdateStore(const Principal& caller, const v1::UpdateStoreRequest& request,
                               Reply<v1::Store> reply) {
  FieldViolations violations;
  const std::string& name = request.store().name();
  if (!ParseStoreName(name, "store.name").ok()) {
    violations.Add("store.name", "must be merchants/{uscc}/stores/{store_id}");
  }
  ValidateUpdateMask(request.update_mask(), kStoreUpdatePaths, &violations);
  ValidateRequestId(request.request_id(), &violations);
  absl::StatusOr<int64_t> etag = ParseEtag(request.store().etag(), "store.etag");
  if (!etag.ok()) violations.Add("store.etag", std::string(etag.status().message()));
  if (!violations.empty()) return reply(violations.ToStatus());

  storage::ChangeSet change = NewChangeSet(caller, kUpdateStore, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  absl::StatusOr<v1::Store> current = Read<v1::Store>(*registry_, name);
  if (!current.ok()) return reply(current.status());
  if (absl::Status s = Authorize(caller, Action::kWriteStore, TargetOf(*current)); !s.ok()) {
    return reply(s);
  }
  if (current->state() == v1::STORE_STATE_CLOSED) return reply(StoreClosedError(name));

  auto updated = std::make_shared<v1::Store>(*current);
  ApplyUpdateMask(request.store(), request.update_mask(), updated.get());
  if (updated->industry().empty()) updated->set_industry("retail");
  ValidateStore(*updated, "store", *divisions_, &violations);
  if (!violations.empty()) return reply(violations.ToStatus());
  // Moving a store needs the caller's scope at the destination too.
  if (absl::Status s = Authorize(caller, Action::kWriteStore, TargetOf(*updated)); !s.ok()) {
    return reply(s);
  }
  if (updated->area() != current->area()) {
    absl::StatusOr<int64_t> area_revision = CheckStoreArea(*registry_, *updated, "store.area");
    if (!area_revision.ok()) return reply(area_revision.status());
    if (*area_revision > 0) change.checks.push_back({updated->area(), *area_revision});
  }
  const bool moved = updated->division() != current->division() ||
                     updated->township() != current->township() ||
                     updated->area() != current->area();
  const v1::Store moved_store = *updated;
  // The store is the first write: it is what the call answers with.
  change.writes.push_back({std::move(updated), storage::Expect::kModRevision, *etag});
  // Its live pledges move with it, in the same commit, so coverage never counts a pledge where
  // its store no longer is.
  if (moved) {
    if (absl::Status s = AddPledgeRelocations(*registry_, moved_store, &change); !s.ok()) {
      return reply(s);
    }
  }
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

void MerchantCore::CloseStore(const Principal& caller, const v1::CloseStoreRequest& request,
                              Reply<v1::Store> reply) {
  FieldViolations violations;
  if (!ParseStoreName(request.name(), "name").ok()) {
    violations.Add("name", "must be merchants/{uscc}/stores/{store_id}");
  }
  ValidateReason(request.reason(), &violations);
  ValidateRequestId(request.request_id(), &violations);
  absl::StatusOr<int64_t> etag = ParseEtag(request.etag(), "etag");
  if (!etag.ok()) violations.Add("etag", std::string(etag.status().message()));
  if (!violations.empty()) return reply(violations.ToStatus());

  storage::ChangeSet change = NewChangeSet(caller, kCloseStore, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  absl::StatusOr<v1::Store> current = Read<v1::Store>(*registry_, request.name());
  if (!current.ok()) return reply(current.status());
  if (absl::Status s = Authorize(caller, Action::kWriteStore, TargetOf(*current)); !s.ok()) {
    return reply(s);
  }
  if (current->state() == v1::STORE_STATE_CLOSED) return reply(StoreClosedError(request.name()));
  auto closed = std::make_shared<v1::Store>(*current);
  closed->set_state(v1::STORE_STATE_CLOSED);
  closed->set_close_reason(request.reason());
  change.reason = request.reason();
  change.writes.push_back({std::move(closed), storage::Expect::kModRevision, *etag});
  // Its pledges end in the same commit (TERMINATED), so none stays in force at a closed shop.
  if (absl::Status s = AddPledgeTerminations(
          *registry_, request.name(), absl::StrCat("store closed: ", request.reason()), &change);
      !s.ok()) {
    return reply(s);
  }
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

}  // namespace fangxin
