// MerchantCore: merchants.

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/common/uscc.h"
#include "services/common/validation.h"
#include "services/merchant/merchant_core.h"
#include "services/merchant/targets.h"
#include "services/pledge/store_pledges.h"
#include "services/schema/fangxin_schema.h"
#include "services/support/list_page.h"

namespace fangxin {
namespace {

constexpr char kCreateMerchant[] = "/fangxin.v1.MerchantService/CreateMerchant";
constexpr char kUpdateMerchant[] = "/fangxin.v1.MerchantService/UpdateMerchant";
constexpr char kCloseMerchant[] = "/fangxin.v1.MerchantService/CloseMerchant";

// A merchant with more open stores than this is closed store by store first; one commit stays
// bounded.
constexpr int kMaxStoresClosedWithMerchant = 5000;

absl::Status MerchantClosedError(const std::string& name) {
  return ErrorWithReason(absl::StatusCode::kFailedPrecondition, "MERCHANT_CLOSED",
                         absl::StrCat(name, " is closed"));
}

// What the caller may see of a merchant: contact data only for those entitled to it.
v1::Merchant ViewFor(const Principal& caller, v1::Merchant merchant) {
  if (!CanSeeContact(caller, TargetOf(merchant))) RedactForPublic(&merchant);
  return merchant;
}

}  // namespace

void MerchantCore::CreateMerchant(const Principal& caller,
                                  const v1::CreateMerchantRequest& request,
                                  Reply<v1::Merchant> reply) {
  FieldViolations violations;
  ValidateMerchantForCreate(request, *divisions_, &violations);
  if (!violations.empty()) return reply(violations.ToStatus());

  auto merchant = std::make_shared<v1::Merchant>(request.merchant());
  merchant->set_name(absl::StrCat("merchants/", merchant->uscc()));
  if (merchant->kind() == v1::MERCHANT_KIND_UNSPECIFIED) {
    merchant->set_kind(UsccMerchantKind(merchant->uscc()));
  }
  merchant->set_state(v1::MERCHANT_STATE_OPEN);
  merchant->clear_close_reason();
  if (absl::Status s = Authorize(caller, Action::kCreateMerchant, TargetOf(*merchant)); !s.ok()) {
    return reply(s);
  }
  storage::ChangeSet change = NewChangeSet(caller, kCreateMerchant, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  change.writes.push_back({std::move(merchant), storage::Expect::kAbsent, 0});
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

absl::StatusOr<v1::Merchant> MerchantCore::GetMerchant(const Principal& caller,
                                                       const v1::GetMerchantRequest& request) {
  RETURN_IF_ERROR(ParseMerchantName(request.name(), "name").status());
  ASSIGN_OR_RETURN(v1::Merchant merchant, Read<v1::Merchant>(*registry_, request.name()));
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, TargetOf(merchant)));
  return ViewFor(caller, std::move(merchant));
}

absl::StatusOr<v1::ListMerchantsResponse> MerchantCore::ListMerchants(
    const Principal& caller, const v1::ListMerchantsRequest& request) {
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, Target{}));
  storage::ScanQuery query;
  query.collection = "merchants";
  if (!request.division().empty()) {
    ASSIGN_OR_RETURN(std::string code, ParseDivisionName(request.division(), "division"));
    query.index = index::kDivision;
    query.value = code;
  } else {
    query.value = "merchants/";
  }
  if (request.state() != v1::MERCHANT_STATE_UNSPECIFIED) {
    const v1::MerchantState state = request.state();
    query.filter = [state](const google::protobuf::Message& m) {
      return static_cast<const v1::Merchant&>(m).state() == state;
    };
  }
  ASSIGN_OR_RETURN(Page page, ListPage(*registry_, *tokens_, std::move(query), request,
                                       request.page_size(), request.page_token()));
  v1::ListMerchantsResponse response;
  for (const auto& item : page.items) {
    *response.add_merchants() = ViewFor(caller, static_cast<const v1::Merchant&>(*item));
  }
  response.set_next_page_token(page.next_page_token);
  response.set_read_revision(page.read_revision);
  return response;
}

void MerchantCore::UpdateMerchant(const Principal& caller,
                                  const v1::UpdateMerchantRequest& request,
                                  Reply<v1::Merchant> reply) {
  FieldViolations violations;
  const std::string& name = request.merchant().name();
  if (!ParseMerchantName(name, "merchant.name").ok()) {
    violations.Add("merchant.name", "must be merchants/{uscc} with a valid credit code");
  }
  ValidateUpdateMask(request.update_mask(), kMerchantUpdatePaths, &violations);
  ValidateRequestId(request.request_id(), &violations);
  absl::StatusOr<int64_t> etag = ParseEtag(request.merchant().etag(), "merchant.etag");
  if (!etag.ok()) violations.Add("merchant.etag", std::string(etag.status().message()));
  if (!violations.empty()) return reply(violations.ToStatus());

  storage::ChangeSet change = NewChangeSet(caller, kUpdateMerchant, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  absl::StatusOr<v1::Merchant> current = Read<v1::Merchant>(*registry_, name);
  if (!current.ok()) return reply(current.status());
  if (absl::Status s = Authorize(caller, Action::kUpdateMerchant, TargetOf(*current)); !s.ok()) {
    return reply(s);
  }
  if (current->state() == v1::MERCHANT_STATE_CLOSED) return reply(MerchantClosedError(name));

  auto updated = std::make_shared<v1::Merchant>(*current);
  ApplyUpdateMask(request.merchant(), request.update_mask(), updated.get());
  // The merged merchant must satisfy every rule a new one does.
  ValidateMerchant(*updated, "merchant", *divisions_, &violations);
  if (!violations.empty()) return reply(violations.ToStatus());
  if (updated->division() != current->division()) {
    if (absl::Status s = Authorize(caller, Action::kUpdateMerchant, TargetOf(*updated)); !s.ok()) {
      return reply(s);
    }
  }
  change.writes.push_back({std::move(updated), storage::Expect::kModRevision, *etag});
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

void MerchantCore::CloseMerchant(const Principal& caller, const v1::CloseMerchantRequest& request,
                                 Reply<v1::Merchant> reply) {
  FieldViolations violations;
  if (!ParseMerchantName(request.name(), "name").ok()) {
    violations.Add("name", "must be merchants/{uscc} with a valid credit code");
  }
  ValidateReason(request.reason(), &violations);
  ValidateRequestId(request.request_id(), &violations);
  absl::StatusOr<int64_t> etag = ParseEtag(request.etag(), "etag");
  if (!etag.ok()) violations.Add("etag", std::string(etag.status().message()));
  if (!violations.empty()) return reply(violations.ToStatus());

  storage::ChangeSet change = NewChangeSet(caller, kCloseMerchant, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  absl::StatusOr<v1::Merchant> current = Read<v1::Merchant>(*registry_, request.name());
  if (!current.ok()) return reply(current.status());
  if (absl::Status s = Authorize(caller, Action::kCloseMerchant, TargetOf(*current)); !s.ok()) {
    return reply(s);
  }
  if (current->state() == v1::MERCHANT_STATE_CLOSED) return reply(MerchantClosedError(request.name()));

  auto closed = std::make_shared<v1::Merchant>(*current);
  closed->set_state(v1::MERCHANT_STATE_CLOSED);
  closed->set_close_reason(request.reason());
  change.reason = request.reason();
  change.writes.push_back({std::move(closed), storage::Expect::kModRevision, *etag});

  // The merchant's open stores close with it, in the same commit, so no open store ever belongs
  // to a closed merchant. Each is written at the revision read, so a concurrent store change
  // aborts the close instead of being overwritten.
  storage::ScanQuery stores;
  stores.collection = "stores";
  stores.value = absl::StrCat(request.name(), "/stores/");
  stores.limit = kMaxStoresClosedWithMerchant + 1;
  stores.max_examined = kMaxStoresClosedWithMerchant + 1;
  stores.filter = [](const google::protobuf::Message& m) {
    return static_cast<const v1::Store&>(m).state() == v1::STORE_STATE_OPEN;
  };
  absl::StatusOr<storage::ScanResult> open = registry_->Scan(stores);
  if (!open.ok()) return reply(open.status());
  if (static_cast<int>(open->resources.size()) > kMaxStoresClosedWithMerchant) {
    return reply(ErrorWithReason(
        absl::StatusCode::kFailedPrecondition, "TOO_MANY_OPEN_STORES",
        absl::StrCat(request.name(), " has more than ", kMaxStoresClosedWithMerchant,
                     " open stores; close some of them first")));
  }
  for (const auto& item : open->resources) {
    auto store = std::make_shared<v1::Store>(static_cast<const v1::Store&>(*item));
    store->set_state(v1::STORE_STATE_CLOSED);
    store->set_close_reason(absl::StrCat("merchant closed: ", request.reason()));
    const int64_t read_at = store->mod_revision();
    const std::string store_name = store->name();
    change.writes.push_back({std::move(store), storage::Expect::kModRevision, read_at});
    // Its pledges end in the same commit (TERMINATED).
    if (absl::Status s = AddPledgeTerminations(*registry_, store_name,
                                               absl::StrCat("merchant closed: ", request.reason()),
                                               &change);
        !s.ok()) {
      return reply(s);
    }
  }
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

}  // namespace fangxin
