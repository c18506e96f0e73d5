// ComplianceCore: complaints pushed by the 12315 and 12345 platforms.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/common/validation.h"
#include "services/compliance/complaint_rules.h"
#include "services/compliance/compliance_core.h"
#include "services/compliance/compliance_keys.h"
#include "services/compliance/compliance_util.h"
#include "services/compliance/violation_writes.h"
#include "services/merchant/targets.h"
#include "services/support/list_page.h"

namespace fangxin {
namespace {

using compliance::ToProto;

constexpr char kIngestComplaint[] = "/fangxin.v1.ComplianceService/IngestComplaint";
constexpr char kUpdateComplaint[] = "/fangxin.v1.ComplianceService/UpdateComplaint";

absl::Status ComplaintError(const char* reason, std::string message) {
  return ErrorWithReason(absl::StatusCode::kFailedPrecondition, reason, message);
}

// The stored complaint of an intake key, or nullopt.
absl::StatusOr<std::optional<v1::Complaint>> FindIntake(storage::Registry& registry,
                                                        const v1::Complaint& complaint) {
  ASSIGN_OR_RETURN(std::string name,
                   registry.LookupUnique(compliance_index::kComplaints,
                                         compliance_index::IntakeEntry(complaint.source(),
                                                                       complaint.external_id())));
  if (name.empty()) return std::nullopt;
  return Read<v1::Complaint>(registry, name);
}

// The store a complaint names: by name, or by the merchant's credit code and the store's display
// name (the platforms know the shop sign, not our ids).
absl::StatusOr<v1::Store> MatchStore(storage::Registry& registry,
                                     const v1::IngestComplaintRequest& request) {
  if (!request.complaint().store().empty()) {
    return Read<v1::Store>(registry, request.complaint().store());
  }
  storage::ScanQuery query;
  query.collection = "stores";
  query.value = absl::StrCat("merchants/", request.credit_code(), "/stores/");
  query.limit = 2;
  query.max_examined = 100000;
  const std::string display_name = request.store_display_name();
  query.filter = [display_name](const google::protobuf::Message& m) {
    return static_cast<const v1::Store&>(m).display_name() == display_name;
  };
  ASSIGN_OR_RETURN(storage::ScanResult result, registry.Scan(query));
  if (result.resources.empty()) {
    return ComplaintError("COMPLAINT_STORE_NOT_FOUND",
                          absl::StrCat("merchant ", request.credit_code(), " has no store named \"",
                                       display_name, "\""));
  }
  if (result.resources.size() > 1) {
    return ComplaintError("COMPLAINT_STORE_AMBIGUOUS",
                          absl::StrCat("merchant ", request.credit_code(),
                                       " has several stores named \"", display_name,
                                       "\"; push the store's name instead"));
  }
  return static_cast<const v1::Store&>(*result.resources.front());
}

// The live pledge a complaint concerns: of the kind its category points to, else of the other.
absl::StatusOr<std::string> PledgeOfStore(storage::Registry& registry, const std::string& store,
                                          v1::ComplaintCategory category) {
  const v1::PledgeKind first = category == v1::COMPLAINT_CATEGORY_COMPENSATION_REFUSED
                                   ? v1::PLEDGE_KIND_ADVANCE_COMPENSATION
                                   : v1::PLEDGE_KIND_NO_REASON_RETURN;
  const v1::PledgeKind second = first == v1::PLEDGE_KIND_NO_REASON_RETURN
                                    ? v1::PLEDGE_KIND_ADVANCE_COMPENSATION
                                    : v1::PLEDGE_KIND_NO_REASON_RETURN;
  for (v1::PledgeKind kind : {first, second}) {
    ASSIGN_OR_RETURN(std::string name,
                     registry.LookupUnique(pledge_index::kCollection,
                                           pledge_index::LiveEntry(store, kind)));
    if (!name.empty()) return name;
  }
  return std::string();
}

void ValidateIntake(const v1::IngestComplaintRequest& request, absl::Time now,
                    FieldViolations* violations) {
  const v1::Complaint& c = request.complaint();
  if (c.source() == v1::COMPLAINT_SOURCE_UNSPECIFIED || !v1::ComplaintSource_IsValid(c.source())) {
    violations->Add("complaint.source", "must be 12315 or 12345");
  }
  if (c.external_id().empty() || c.external_id().size() > 64) {
    violations->Add("complaint.external_id", "must be 1 to 64 characters");
  }
  if (c.category() == v1::COMPLAINT_CATEGORY_UNSPECIFIED ||
      !v1::ComplaintCategory_IsValid(c.category())) {
    violations->Add("complaint.category", "is required");
  }
  if (!c.has_receive_time()) {
    violations->Add("complaint.receive_time", "is required");
  } else if (compliance::ToTime(c.receive_time()) > now) {
    violations->Add("complaint.receive_time", "must not be in the future");
  }
  if (c.summary().size() > 500) violations->Add("complaint.summary", "must be at most 500 bytes");
  if (!c.store().empty()) {
    if (!ParseStoreName(c.store(), "complaint.store").ok()) {
      violations->Add("complaint.store", "must be merchants/{uscc}/stores/{store_id}");
    }
    if (!request.credit_code().empty() || !request.store_display_name().empty()) {
      violations->Add("credit_code", "give either complaint.store or credit_code and "
                                     "store_display_name, not both");
    }
  } else {
    if (!ParseMerchantName(absl::StrCat("merchants/", request.credit_code())).ok()) {
      violations->Add("credit_code", "must be a valid unified social credit code when "
                                     "complaint.store is empty");
    }
    if (request.store_display_name().empty()) {
      violations->Add("store_display_name", "is required when complaint.store is empty");
    }
  }
  ValidateRequestId(request.request_id(), violations);
}

}  // namespace

Target ComplaintTarget(const v1::Complaint& complaint) {
  return {complaint.division(), complaint.township(), complaint.area(),
          MerchantOfStore(complaint.store())};
}

void ComplianceCore::IngestComplaint(const Principal& caller,
                                     const v1::IngestComplaintRequest& request,
                                     Reply<v1::Complaint> reply) {
  const absl::Time now = clock_->Now();
  FieldViolations violations;
  ValidateIntake(request, now, &violations);
  if (!violations.empty()) return reply(violations.ToStatus());
  if (absl::Status s = Authorize(caller, Action::kIngestComplaint, Target{}); !s.ok()) {
    return reply(s);
  }
  storage::ChangeSet change = NewChangeSet(caller, kIngestComplaint, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  // A platform re-pushing a complaint gets the stored one back, whatever else it sent.
  absl::StatusOr<std::optional<v1::Complaint>> existing = FindIntake(*registry_, request.complaint());
  if (!existing.ok()) return reply(existing.status());
  if (existing->has_value()) return reply(**existing);

  absl::StatusOr<v1::Store> store = MatchStore(*registry_, request);
  if (!store.ok()) return reply(store.status());
  absl::StatusOr<std::string> pledge =
      PledgeOfStore(*registry_, store->name(), request.complaint().category());
  if (!pledge.ok()) return reply(pledge.status());

  auto complaint = std::make_shared<v1::Complaint>();
  complaint->set_name(absl::StrCat("complaints/", NewResourceId()));
  complaint->set_source(request.complaint().source());
  complaint->set_external_id(request.complaint().external_id());
  complaint->set_store(store->name());
  complaint->set_division(store->division());
  complaint->set_township(store->township());
  complaint->set_area(store->area());
  complaint->set_pledge(*pledge);
  complaint->set_category(request.complaint().category());
  complaint->set_state(v1::COMPLAINT_STATE_RECEIVED);
  *complaint->mutable_receive_time() = request.complaint().receive_time();
  complaint->set_summary(request.complaint().summary());
  complaint->set_pledge_related(request.complaint().pledge_related() && !pledge->empty());
  const v1::Complaint intake = *complaint;
  change.writes.push_back({std::move(complaint), storage::Expect::kAbsent, 0});
  registry_->Commit(std::move(change), [registry = registry_, intake, reply = std::move(reply)](
                                           absl::StatusOr<storage::CommitResult> result) {
    if (result.ok()) return reply(FirstResource<v1::Complaint>(*result));
    // Two pushes of one complaint raced; the loser answers with the winner's record.
    if (ErrorReasonOf(result.status()) == "UNIQUE_CONSTRAINT") {
      absl::StatusOr<std::optional<v1::Complaint>> winner = FindIntake(*registry, intake);
      if (winner.ok() && winner->has_value()) return reply(**winner);
    }
    reply(result.status());
  });
}

void ComplianceCore::UpdateComplaint(const Principal& caller,
                                     const v1::UpdateComplaintRequest& request,
                                     Reply<v1::Complaint> reply) {
  FieldViolations violations;
  if (request.name().rfind("complaints/", 0) != 0) {
    violations.Add("name", "must be complaints/{complaint_id}");
  }
  absl::StatusOr<int64_t> etag = ParseEtag(request.etag(), "etag");
  if (!etag.ok()) violations.Add("etag", std::string(etag.status().message()));
  if (request.amount_recovered_fen() < 0) {
    violations.Add("amount_recovered_fen", "must not be negative");
  }
  ValidateRequestId(request.request_id(), &violations);
  if (!violations.empty()) return reply(violations.ToStatus());
  if (absl::Status s = Authorize(caller, Action::kIngestComplaint, Target{}); !s.ok()) {
    return reply(s);
  }
  storage::ChangeSet change = NewChangeSet(caller, kUpdateComplaint, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  absl::StatusOr<v1::Complaint> current = Read<v1::Complaint>(*registry_, request.name());
  if (!current.ok()) return reply(current.status());
  if (absl::Status s = CheckComplaintUpdate(current->state(), request.state(), request.outcome());
      !s.ok()) {
    return reply(s);
  }
  const absl::Time now = clock_->Now();
  auto updated = std::make_shared<v1::Complaint>(*current);
  updated->set_state(request.state());
  if (request.state() == v1::COMPLAINT_STATE_RESOLVED) {
    *updated->mutable_resolve_time() = ToProto(now);
    updated->set_outcome(request.outcome());
    updated->set_amount_recovered_fen(request.amount_recovered_fen());
  } else {
    *updated->mutable_decide_time() = ToProto(now);
  }
  const bool violation =
      request.state() == v1::COMPLAINT_STATE_RESOLVED && !updated->pledge().empty() &&
      IsComplaintViolation(updated->pledge_related(),
                           request.outcome() == v1::COMPLAINT_OUTCOME_UPHELD);
  change.writes.push_back({std::move(updated), storage::Expect::kModRevision, *etag});
  if (violation) {
    absl::StatusOr<std::string> added =
        AddViolation(*registry_, current->pledge(), {current->name(), ""}, now,
                     options_.violation_policy, &change);
    if (!added.ok()) return reply(added.status());
  }
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

absl::StatusOr<v1::Complaint> ComplianceCore::GetComplaint(const Principal& caller,
                                                           const v1::GetComplaintRequest& request) {
  if (request.name().rfind("complaints/", 0) != 0) {
    return InvalidFieldError("name", "must be complaints/{complaint_id}");
  }
  ASSIGN_OR_RETURN(v1::Complaint complaint, Read<v1::Complaint>(*registry_, request.name()));
  RETURN_IF_ERROR(Authorize(caller, Action::kReadComplaint, ComplaintTarget(complaint)));
  return complaint;
}

absl::StatusOr<v1::ListComplaintsResponse> ComplianceCore::ListComplaints(
    const Principal& caller, const v1::ListComplaintsRequest& request) {
  FieldViolations violations;
  if (!request.division().empty() && !divisions_->IsCounty(request.division())) {
    violations.Add("division", "must be divisions/{code} of a county-level division");
  }
  if (!request.area().empty() && !ParseAreaName(request.area(), "area").ok()) {
    violations.Add("area", "must be areas/{area_id}");
  }
  if (!v1::ComplaintState_IsValid(request.state())) violations.Add("state", "is not a state");
  RETURN_IF_ERROR(violations.ToStatus());
  // A role that may read some complaints sees, in every listing, only those in its scope.
  if (GrantFor(caller.role, Action::kReadComplaint) == Grant::kNever) {
    RETURN_IF_ERROR(Authorize(caller, Action::kReadComplaint, Target{}));
  }

  storage::ScanQuery query;
  query.collection = compliance_index::kComplaints;
  if (!request.area().empty()) {
    query.index = compliance_index::kArea;
    query.value = pledge_index::LastSegment(request.area());
  } else if (!request.division().empty()) {
    query.index = compliance_index::kDivision;
    query.value = pledge_index::LastSegment(request.division());
  } else if (request.state() != v1::COMPLAINT_STATE_UNSPECIFIED) {
    query.index = compliance_index::kState;
    query.value = absl::StrCat(static_cast<int>(request.state()));
  } else {
    query.value = "complaints/";
  }
  const v1::ListComplaintsRequest filter = request;
  const Principal principal = caller;
  query.filter = [filter, principal](const google::protobuf::Message& m) {
    const auto& c = static_cast<const v1::Complaint&>(m);
    if (!filter.area().empty() && c.area() != filter.area()) return false;
    if (!filter.division().empty() && c.division() != filter.division()) return false;
    if (filter.state() != v1::COMPLAINT_STATE_UNSPECIFIED && c.state() != filter.state()) {
      return false;
    }
    return Authorize(principal, Action::kReadComplaint, ComplaintTarget(c)).ok();
  };
  ASSIGN_OR_RETURN(Page page, ListPage(*registry_, *tokens_, std::move(query), request,
                                       request.page_size(), request.page_token()));
  v1::ListComplaintsResponse response;
  AppendItems<v1::Complaint>(page, response.mutable_complaints());
  response.set_next_page_token(page.next_page_token);
  response.set_read_revision(page.read_revision);
  return response;
}

}  // namespace fangxin
