// PledgeCore: filing and reading.

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/common/names.h"
#include "services/common/validation.h"
#include "services/merchant/targets.h"
#include "services/pledge/pledge_core.h"
#include "services/pledge/pledge_keys.h"
#include "services/support/list_page.h"

namespace fangxin {
namespace {

constexpr char kCreatePledge[] = "/fangxin.v1.PledgeService/CreatePledge";

absl::Time ToTime(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

// The pledge in force of `kind` at `store`, or nullopt.
absl::StatusOr<std::optional<v1::Pledge>> PledgeInForce(storage::Registry& registry,
                                                        const std::string& store,
                                                        v1::PledgeKind kind, absl::Time now) {
  ASSIGN_OR_RETURN(std::string name, registry.LookupUnique(pledge_index::kCollection,
                                                           pledge_index::LiveEntry(store, kind)));
  if (name.empty()) return std::nullopt;
  ASSIGN_OR_RETURN(v1::Pledge pledge, Read<v1::Pledge>(registry, name));
  if (!IsInForce(pledge, now)) return std::nullopt;
  return pledge;
}

}  // namespace

absl::StatusOr<std::string> ParsePledgeName(absl::string_view name, absl::string_view field) {
  constexpr absl::string_view kPrefix = "pledges/";
  if (!absl::StartsWith(name, kPrefix)) {
    return InvalidFieldError(field, "must be pledges/{pledge_id}");
  }
  std::string id(name.substr(kPrefix.size()));
  if (std::string problem = IdProblem(id); !problem.empty()) {
    return InvalidFieldError(field, absl::StrCat("pledge id ", problem));
  }
  return id;
}

Target PledgeTarget(const v1::Pledge& pledge) {
  return {pledge.division(), pledge.township(), pledge.area(), MerchantOfStore(pledge.store())};
}

absl::Status MapLiveConflict(absl::Status status, const v1::Pledge& pledge) {
  if (status.code() != absl::StatusCode::kFailedPrecondition ||
      ErrorReasonOf(status) != "UNIQUE_CONSTRAINT") {
    return status;
  }
  return ErrorWithReason(absl::StatusCode::kFailedPrecondition, kPledgeAlreadyActiveForStore,
                         absl::StrCat(pledge.store(), " already has an active or suspended ",
                                      v1::PledgeKind_Name(pledge.kind()), " pledge"),
                         {{"store", pledge.store()}});
}

void PledgeCore::CreatePledge(const Principal& caller, const v1::CreatePledgeRequest& request,
                              Reply<v1::Pledge> reply) {
  v1::Pledge filed = request.pledge();
  ApplyPledgeDefaults(&filed);
  FieldViolations violations;
  if (!ParseStoreName(filed.store(), "pledge.store").ok()) {
    violations.Add("pledge.store", "must be merchants/{uscc}/stores/{store_id}");
  }
  if (!request.pledge_id().empty()) ValidateId(request.pledge_id(), "pledge_id", &violations);
  ValidatePledgeTerms(filed, "pledge", &violations);
  if (filed.has_valid_until() && ToTime(filed.valid_until()) <= clock_->Now()) {
    violations.Add("pledge.valid_until", "must be in the future");
  }
  ValidateRequestId(request.request_id(), &violations);
  if (!violations.empty()) return reply(violations.ToStatus());

  storage::ChangeSet change = NewChangeSet(caller, kCreatePledge, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  absl::StatusOr<v1::Store> store = Read<v1::Store>(*registry_, filed.store());
  if (!store.ok()) return reply(store.status());
  if (absl::Status s = Authorize(caller, Action::kFilePledge, TargetOf(*store)); !s.ok()) {
    return reply(s);
  }
  if (store->state() != v1::STORE_STATE_OPEN) {
    return reply(ErrorWithReason(absl::StatusCode::kFailedPrecondition, "STORE_CLOSED",
                                 absl::StrCat(store->name(), " is closed")));
  }

  auto pledge = std::make_shared<v1::Pledge>();
  pledge->set_name(absl::StrCat(
      "pledges/", request.pledge_id().empty() ? NewResourceId() : request.pledge_id()));
  pledge->set_store(store->name());
  pledge->set_kind(filed.kind());
  pledge->set_state(v1::PLEDGE_STATE_DRAFT);
  pledge->set_division(store->division());
  pledge->set_township(store->township());
  pledge->set_area(store->area());
  if (filed.has_no_reason_return()) *pledge->mutable_no_reason_return() = filed.no_reason_return();
  if (filed.has_advance_compensation()) {
    *pledge->mutable_advance_compensation() = filed.advance_compensation();
  }
  *pledge->mutable_valid_from() = filed.valid_from();
  *pledge->mutable_valid_until() = filed.valid_until();
  pledge->set_terms_version(1);
  pledge->set_filed_by(caller.name);
  // The store must still be open, in the same place, when the pledge is written.
  change.checks.push_back({store->name(), store->mod_revision()});
  change.writes.push_back({std::move(pledge), storage::Expect::kAbsent, 0});
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

absl::StatusOr<v1::Pledge> PledgeCore::GetPledge(const Principal& caller,
                                                 const v1::GetPledgeRequest& request) {
  RETURN_IF_ERROR(ParsePledgeName(request.name(), "name").status());
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, Target{}));
  ASSIGN_OR_RETURN(v1::Pledge pledge, Read<v1::Pledge>(*registry_, request.name()));
  RedactPledgeFor(caller, &pledge);
  return pledge;
}

absl::StatusOr<v1::ListPledgesResponse> PledgeCore::ListPledges(
    const Principal& caller, const v1::ListPledgesRequest& request) {
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, Target{}));
  FieldViolations violations;
  if (!request.store().empty() && !ParseStoreName(request.store(), "store").ok()) {
    violations.Add("store", "must be merchants/{uscc}/stores/{store_id}");
  }
  bool township = false;
  if (!request.division().empty()) {
    absl::StatusOr<std::string> code = ParseDivisionName(request.division(), "division");
    if (!code.ok()) {
      violations.Add("division", "must be divisions/{code}");
    } else {
      township = code->size() == 9;
    }
  }
  if (!request.area().empty() && !ParseAreaName(request.area(), "area").ok()) {
    violations.Add("area", "must be areas/{area_id}");
  }
  if (!v1::PledgeState_IsValid(request.state())) violations.Add("state", "is not a state");
  if (!v1::PledgeKind_IsValid(request.kind())) violations.Add("kind", "is not a kind");
  RETURN_IF_ERROR(violations.ToStatus());

  // Walk the most selective index the request names; check the other filters on each pledge.
  storage::ScanQuery query;
  query.collection = pledge_index::kCollection;
  if (!request.store().empty()) {
    query.index = pledge_index::kStore;
    query.value = pledge_index::StoreKey(request.store());
  } else if (!request.area().empty()) {
    query.index = pledge_index::kArea;
    query.value = pledge_index::LastSegment(request.area());
  } else if (!request.division().empty()) {
    query.index = township ? pledge_index::kTownship : pledge_index::kDivision;
    query.value = pledge_index::LastSegment(request.division());
  } else if (request.state() != v1::PLEDGE_STATE_UNSPECIFIED) {
    query.index = pledge_index::kState;
    query.value = absl::StrCat(static_cast<int>(request.state()));
  } else {
    query.value = "pledges/";
  }
  const v1::ListPledgesRequest filter = request;
  query.filter = [filter, township](const google::protobuf::Message& m) {
    const auto& p = static_cast<const v1::Pledge&>(m);
    if (!filter.store().empty() && p.store() != filter.store()) return false;
    if (!filter.area().empty() && p.area() != filter.area()) return false;
    if (!filter.division().empty() &&
        (township ? p.township() : p.division()) != filter.division()) {
      return false;
    }
    if (filter.state() != v1::PLEDGE_STATE_UNSPECIFIED && p.state() != filter.state()) {
      return false;
    }
    if (filter.kind() != v1::PLEDGE_KIND_UNSPECIFIED && p.kind() != filter.kind()) return false;
    return true;
  };
  ASSIGN_OR_RETURN(Page page, ListPage(*registry_, *tokens_, std::move(query), request,
                                       request.page_size(), request.page_token()));
  v1::ListPledgesResponse response;
  AppendItems<v1::Pledge>(page, response.mutable_pledges());
  for (v1::Pledge& pledge : *response.mutable_pledges()) RedactPledgeFor(caller, &pledge);
  response.set_next_page_token(page.next_page_token);
  response.set_read_revision(page.read_revision);
  return response;
}

absl::StatusOr<v1::StorePledgeStatus> PledgeCore::GetStorePledgeStatus(
    const Principal& caller, const v1::GetStorePledgeStatusRequest& request) {
  RETURN_IF_ERROR(ParseStoreName(request.store(), "store").status());
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, Target{}));
  // NOT_FOUND for an unknown store, rather than "not pledged".
  RETURN_IF_ERROR(Read<v1::Store>(*registry_, request.store()).status());
  const absl::Time now = clock_->Now();
  v1::StorePledgeStatus status;
  status.set_store(request.store());
  ASSIGN_OR_RETURN(
      std::optional<v1::Pledge> nrr,
      PledgeInForce(*registry_, request.store(), v1::PLEDGE_KIND_NO_REASON_RETURN, now));
  if (nrr) {
    status.set_no_reason_return_pledged(true);
    status.set_no_reason_return_pledge(nrr->name());
    *status.mutable_no_reason_return() = nrr->no_reason_return();
    *status.mutable_no_reason_return_valid_until() = nrr->valid_until();
  }
  ASSIGN_OR_RETURN(
      std::optional<v1::Pledge> ac,
      PledgeInForce(*registry_, request.store(), v1::PLEDGE_KIND_ADVANCE_COMPENSATION, now));
  if (ac) {
    status.set_advance_compensation_pledged(true);
    status.set_advance_compensation_pledge(ac->name());
    *status.mutable_advance_compensation() = ac->advance_compensation();
  }
  return status;
}

}  // namespace fangxin
