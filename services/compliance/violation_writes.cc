#include "services/compliance/violation_writes.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/compliance/compliance_keys.h"
#include "services/compliance/compliance_util.h"
#include "services/merchant/targets.h"
#include "services/pledge/pledge_rules.h"
#include "services/support/mutation.h"

namespace fangxin {
namespace {

using compliance::ToProto;
using compliance::ToTime;

// The occurrence times of the pledge's recorded violations.
absl::StatusOr<std::vector<absl::Time>> ViolationTimes(storage::Registry& registry,
                                                       const std::string& pledge) {
  storage::ScanQuery query;
  query.collection = compliance_index::kViolations;
  query.index = compliance_index::kPledge;
  query.value = pledge_index::LastSegment(pledge);
  query.limit = 500;
  std::vector<absl::Time> times;
  for (int page = 0; page < 100; ++page) {
    ASSIGN_OR_RETURN(storage::ScanResult result, registry.Scan(query));
    for (const auto& resource : result.resources) {
      times.push_back(ToTime(static_cast<const v1::Violation&>(*resource).occur_time()));
    }
    if (result.done) return times;
    query.start_after = result.last_key;
  }
  return absl::InternalError(absl::StrCat("too many violations of ", pledge));
}

}  // namespace

absl::StatusOr<std::string> AddViolation(storage::Registry& registry, const std::string& pledge,
                                         const ViolationSource& source, absl::Time now,
                                         const ViolationPolicy& policy,
                                         storage::ChangeSet* change) {
  ASSIGN_OR_RETURN(v1::Pledge current, Read<v1::Pledge>(registry, pledge));
  ASSIGN_OR_RETURN(std::vector<absl::Time> times, ViolationTimes(registry, pledge));
  times.push_back(now);

  auto violation = std::make_shared<v1::Violation>();
  violation->set_name(absl::StrCat("violations/", NewResourceId()));
  violation->set_pledge(current.name());
  violation->set_store(current.store());
  violation->set_division(current.division());
  violation->set_township(current.township());
  violation->set_area(current.area());
  violation->set_complaint(source.complaint);
  violation->set_inspection(source.inspection);
  *violation->mutable_occur_time() = ToProto(now);

  if (current.state() == v1::PLEDGE_STATE_ACTIVE && ShouldSuspend(policy, times, now)) {
    ASSIGN_OR_RETURN(v1::PledgeState next, NextPledgeState(current, PledgeAction::kSuspend));
    auto suspended = std::make_shared<v1::Pledge>(current);
    suspended->set_state(next);
    suspended->set_flagged_for_review(true);
    suspended->set_state_reason(absl::StrCat(
        "suspended automatically: ", policy.threshold, " violations within ",
        policy.window_months, " months (the latest ", violation->name(), ")"));
    violation->set_suspended_pledge(true);
    change->writes.push_back(
        {std::move(suspended), storage::Expect::kModRevision, current.mod_revision()});
  } else {
    // The pledge must not change between the count and the commit.
    change->checks.push_back({current.name(), current.mod_revision()});
  }
  std::string name = violation->name();
  change->writes.push_back({std::move(violation), storage::Expect::kAbsent, 0});
  return name;
}

}  // namespace fangxin
