// ComplianceCore: spot-check plans, inspections and the listing of violations.

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/common/validation.h"
#include "services/compliance/compliance_core.h"
#include "services/compliance/compliance_keys.h"
#include "services/compliance/compliance_util.h"
#include "services/compliance/spot_check_sampler.h"
#include "services/merchant/targets.h"
#include "services/support/list_page.h"

namespace fangxin {
namespace {

constexpr char kCreateSpotCheckPlan[] = "/fangxin.v1.ComplianceService/CreateSpotCheckPlan";
constexpr char kRecordInspection[] = "/fangxin.v1.ComplianceService/RecordInspection";
// A district has a few thousand pledges; the bound keeps one plan's read (and message) finite.
constexpr int kMaxCandidates = 50000;

template <typename T>
Target PlaceTarget(const T& located) {
  return {located.division(), located.township(), located.area(), MerchantOfStore(located.store())};
}

// A county, or a township with its county, so that regulators of either are in scope.
Target DivisionTarget(const DivisionDirectory& divisions, const std::string& division) {
  Target target;
  if (divisions.IsCounty(division)) {
    target.division = division;
    return target;
  }
  target.township = division;
  if (const v1::Division* county = divisions.County(division); county != nullptr) {
    target.division = county->name();
  }
  return target;
}

// A seed nobody chose: from the OS, never 0 (0 asks for a random one).
uint64_t RandomSeed() {
  std::random_device device;
  uint64_t seed = 0;
  while (seed == 0) seed = (static_cast<uint64_t>(device()) << 32) ^ device();
  return seed;
}

// The ACTIVE pledges filed in the plan's division (county or township) or area.
absl::StatusOr<std::vector<std::string>> ActivePledgesIn(storage::Registry& registry,
                                                         const DivisionDirectory& divisions,
                                                         const v1::SpotCheckPlan& plan) {
  storage::ScanQuery query;
  query.collection = pledge_index::kCollection;
  if (!plan.area().empty()) {
    query.index = pledge_index::kArea;
    query.value = pledge_index::LastSegment(plan.area());
  } else {
    query.index = divisions.IsCounty(plan.division()) ? pledge_index::kDivision
                                                      : pledge_index::kTownship;
    query.value = pledge_index::LastSegment(plan.division());
  }
  query.limit = 1000;
  query.max_examined = 100000;
  query.filter = [](const google::protobuf::Message& m) {
    return static_cast<const v1::Pledge&>(m).state() == v1::PLEDGE_STATE_ACTIVE;
  };
  std::vector<std::string> names;
  for (int page = 0; page < 1000; ++page) {
    ASSIGN_OR_RETURN(storage::ScanResult result, registry.Scan(query));
    for (const auto& r : result.resources) {
      names.push_back(static_cast<const v1::Pledge&>(*r).name());
    }
    if (names.size() > kMaxCandidates) {
      return ErrorWithReason(absl::StatusCode::kFailedPrecondition, "TOO_MANY_CANDIDATES",
                             absl::StrCat("more than ", kMaxCandidates,
                                          " active pledges in scope; plan per township"));
    }
    if (result.done) return names;
    query.start_after = result.last_key;
  }
  return absl::InternalError("candidate scan did not finish");
}

// Lists a compliance collection through the pledge index (or all of it), keeping the items the
// caller may read.
template <typename T>
absl::StatusOr<Page> ListByPledge(storage::Registry& registry, const PageTokenCodec& tokens,
                                  const Principal& caller, const char* collection,
                                  const std::string& pledge,
                                  const google::protobuf::Message& request, int32_t page_size,
                                  const std::string& page_token) {
  if (!pledge.empty() && pledge.rfind("pledges/", 0) != 0) {
    return InvalidFieldError("pledge", "must be pledges/{pledge_id}");
  }
  if (GrantFor(caller.role, Action::kReadCompliance) == Grant::kNever) {
    RETURN_IF_ERROR(Authorize(caller, Action::kReadCompliance, Target{}));
  }
  storage::ScanQuery query;
  query.collection = collection;
  if (!pledge.empty()) {
    query.index = compliance_index::kPledge;
    query.value = pledge_index::LastSegment(pledge);
  } else {
    query.value = absl::StrCat(collection, "/");
  }
  const Principal principal = caller;
  query.filter = [principal](const google::protobuf::Message& m) {
    return Authorize(principal, Action::kReadCompliance, PlaceTarget(static_cast<const T&>(m)))
        .ok();
  };
  return ListPage(registry, tokens, std::move(query), request, page_size, page_token);
}

}  // namespace

void ComplianceCore::CreateSpotCheckPlan(const Principal& caller,
                                         const v1::CreateSpotCheckPlanRequest& request,
                                         Reply<v1::SpotCheckPlan> reply) {
  const v1::SpotCheckPlan& asked = request.plan();
  FieldViolations violations;
  if (asked.division().empty() == asked.area().empty()) {
    violations.Add("plan.division", "exactly one of plan.division and plan.area is required");
  } else if (!asked.division().empty() && divisions_->County(asked.division()) == nullptr) {
    violations.Add("plan.division", "must be a known county or township");
  } else if (!asked.area().empty() && !ParseAreaName(asked.area(), "plan.area").ok()) {
    violations.Add("plan.area", "must be areas/{area_id}");
  }
  if (asked.sample_size() < 1 || asked.sample_size() > 1000) {
    violations.Add("plan.sample_size", "must be 1 to 1000");
  }
  if (asked.inspectors().empty() || asked.inspectors_size() > 200) {
    violations.Add("plan.inspectors", "must list 1 to 200 inspectors");
  }
  for (int i = 0; i < asked.inspectors_size(); ++i) {
    if (asked.inspectors(i).empty() || asked.inspectors(i).size() > 200) {
      violations.Add(absl::StrCat("plan.inspectors[", i, "]"), "must be 1 to 200 bytes");
    }
  }
  ValidateRequestId(request.request_id(), &violations);
  if (!violations.empty()) return reply(violations.ToStatus());

  Target target;
  if (!asked.area().empty()) {
    absl::StatusOr<v1::Area> area = Read<v1::Area>(*registry_, asked.area());
    if (!area.ok()) return reply(area.status());
    target = TargetOf(*area);
  } else {
    target = DivisionTarget(*divisions_, asked.division());
  }
  if (absl::Status s = Authorize(caller, Action::kInspect, target); !s.ok()) return reply(s);
  storage::ChangeSet change =
      NewChangeSet(caller, kCreateSpotCheckPlan, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;

  absl::StatusOr<std::vector<std::string>> candidates =
      ActivePledgesIn(*registry_, *divisions_, asked);
  if (!candidates.ok()) return reply(candidates.status());
  std::sort(candidates->begin(), candidates->end());
  auto plan = std::make_shared<v1::SpotCheckPlan>();
  plan->set_name(absl::StrCat("spotCheckPlans/", NewResourceId()));
  plan->set_division(asked.division());
  plan->set_area(asked.area());
  plan->set_sample_size(asked.sample_size());
  *plan->mutable_inspectors() = asked.inspectors();
  plan->set_seed(asked.seed() != 0 ? asked.seed() : RandomSeed());
  for (const std::string& c : *candidates) plan->add_candidates(c);
  for (const SpotCheckAssignment& a :
       SampleSpotCheck(plan->seed(), *candidates, asked.sample_size(),
                       {asked.inspectors().begin(), asked.inspectors().end()})) {
    v1::SpotCheckPlan::Assignment* out = plan->add_assignments();
    out->set_pledge(a.pledge);
    out->set_inspector(a.inspector);
  }
  plan->set_planned_by(caller.name);
  change.writes.push_back({std::move(plan), storage::Expect::kAbsent, 0});
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

absl::StatusOr<v1::SpotCheckPlan> ComplianceCore::GetSpotCheckPlan(
    const Principal& caller, const v1::GetSpotCheckPlanRequest& request) {
  if (request.name().rfind("spotCheckPlans/", 0) != 0) {
    return InvalidFieldError("name", "must be spotCheckPlans/{plan_id}");
  }
  if (GrantFor(caller.role, Action::kReadCompliance) == Grant::kNever) {
    RETURN_IF_ERROR(Authorize(caller, Action::kReadCompliance, Target{}));
  }
  // A plan is public in spirit (its point is that anyone can recompute it), but it names the
  // shops about to be inspected, so it is for regulators of its place.
  ASSIGN_OR_RETURN(v1::SpotCheckPlan plan, Read<v1::SpotCheckPlan>(*registry_, request.name()));
  Target target;
  if (!plan.area().empty()) {
    ASSIGN_OR_RETURN(v1::Area area, Read<v1::Area>(*registry_, plan.area()));
    target = TargetOf(area);
  } else {
    target = DivisionTarget(*divisions_, plan.division());
  }
  RETURN_IF_ERROR(Authorize(caller, Action::kReadCompliance, target));
  return plan;
}

void ComplianceCore::RecordInspection(const Principal& caller,
                                      const v1::RecordInspectionRequest& request,
                                      Reply<v1::Inspection> reply) {
  const v1::Inspection& asked = request.inspection();
  const absl::Time now = clock_->Now();
  FieldViolations violations;
  if (asked.pledge().rfind("pledges/", 0) != 0) {
    violations.Add("inspection.pledge", "must be pledges/{pledge_id}");
  }
  if (!asked.plan().empty() && asked.plan().rfind("spotCheckPlans/", 0) != 0) {
    violations.Add("inspection.plan", "must be spotCheckPlans/{plan_id}");
  }
  if (asked.inspector().empty() || asked.inspector().size() > 200) {
    violations.Add("inspection.inspector", "must be 1 to 200 bytes");
  }
  if (asked.findings().empty() || asked.findings().size() > 2000) {
    violations.Add("inspection.findings", "must be 1 to 2000 bytes");
  }
  if (asked.passed() && asked.has_rectification_deadline()) {
    violations.Add("inspection.rectification_deadline", "is only set for a failed inspection");
  }
  if (!asked.passed() && (!asked.has_rectification_deadline() ||
                          compliance::ToTime(asked.rectification_deadline()) <= now)) {
    violations.Add("inspection.rectification_deadline",
                   "is required for a failed inspection and must be in the future");
  }
  ValidateRequestId(request.request_id(), &violations);
  if (!violations.empty()) return reply(violations.ToStatus());

  storage::ChangeSet change = NewChangeSet(caller, kRecordInspection, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  absl::StatusOr<v1::Pledge> pledge = Read<v1::Pledge>(*registry_, asked.pledge());
  if (!pledge.ok()) return reply(pledge.status());
  if (absl::Status s = Authorize(caller, Action::kInspect, PlaceTarget(*pledge)); !s.ok()) {
    return reply(s);
  }
  if (!asked.plan().empty()) {
    if (absl::Status s = registry_->Get(asked.plan()).status(); !s.ok()) return reply(s);
  }
  auto inspection = std::make_shared<v1::Inspection>();
  inspection->set_name(absl::StrCat("inspections/", NewResourceId()));
  inspection->set_pledge(pledge->name());
  inspection->set_store(pledge->store());
  inspection->set_division(pledge->division());
  inspection->set_township(pledge->township());
  inspection->set_area(pledge->area());
  inspection->set_plan(asked.plan());
  inspection->set_inspector(asked.inspector());
  inspection->set_findings(asked.findings());
  inspection->set_passed(asked.passed());
  if (!asked.passed()) *inspection->mutable_rectification_deadline() = asked.rectification_deadline();
  *inspection->mutable_inspect_time() = compliance::ToProto(now);
  change.writes.push_back({std::move(inspection), storage::Expect::kAbsent, 0});
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

absl::StatusOr<v1::ListInspectionsResponse> ComplianceCore::ListInspections(
    const Principal& caller, const v1::ListInspectionsRequest& request) {
  ASSIGN_OR_RETURN(Page page, ListByPledge<v1::Inspection>(
                                  *registry_, *tokens_, caller, compliance_index::kInspections,
                                  request.pledge(), request, request.page_size(),
                                  request.page_token()));
  v1::ListInspectionsResponse response;
  AppendItems<v1::Inspection>(page, response.mutable_inspections());
  response.set_next_page_token(page.next_page_token);
  response.set_read_revision(page.read_revision);
  return response;
}

absl::StatusOr<v1::ListViolationsResponse> ComplianceCore::ListViolations(
    const Principal& caller, const v1::ListViolationsRequest& request) {
  ASSIGN_OR_RETURN(Page page, ListByPledge<v1::Violation>(
                                  *registry_, *tokens_, caller, compliance_index::kViolations,
                                  request.pledge(), request, request.page_size(),
                                  request.page_token()));
  v1::ListViolationsResponse response;
  AppendItems<v1::Violation>(page, response.mutable_violations());
  response.set_next_page_token(page.next_page_token);
  response.set_read_revision(page.read_revision);
  return response;
}

}  // namespace fangxin
