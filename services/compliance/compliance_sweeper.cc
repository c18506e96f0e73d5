#include "services/compliance/compliance_sweeper.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "fangxin/v1/resources.pb.h"
#include "services/compliance/compliance_keys.h"
#include "services/compliance/compliance_util.h"
#include "services/compliance/violation_writes.h"
#include "services/support/scan_all.h"

namespace fangxin {
namespace {

using compliance::ToTime;

constexpr char kSweeperActor[] = "system/compliance-sweeper";
constexpr int kPage = 200;

// A passing inspection of the failed one's pledge recorded after it and by its deadline.
absl::StatusOr<std::string> RectifyingInspection(storage::Registry& registry,
                                                 const v1::Inspection& failed) {
  storage::ScanQuery query;
  query.collection = compliance_index::kInspections;
  query.index = compliance_index::kPledge;
  query.value = pledge_index::LastSegment(failed.pledge());
  query.limit = 1;
  query.max_examined = 10000;
  const absl::Time after = ToTime(failed.inspect_time());
  const absl::Time deadline = ToTime(failed.rectification_deadline());
  query.filter = [after, deadline](const google::protobuf::Message& m) {
    const auto& i = static_cast<const v1::Inspection&>(m);
    const absl::Time t = ToTime(i.inspect_time());
    return i.passed() && t > after && t <= deadline;
  };
  ASSIGN_OR_RETURN(storage::ScanResult result, registry.Scan(query));
  if (result.resources.empty()) return std::string();
  return static_cast<const v1::Inspection&>(*result.resources.front()).name();
}

}  // namespace

absl::StatusOr<ComplianceSweeper::Result> ComplianceSweeper::SweepOnce() {
  const absl::Time now = clock_->Now();
  // Collect first, then commit: the commits change the index being walked.
  storage::ScanQuery query;
  query.collection = compliance_index::kInspections;
  query.index = compliance_index::kOpenFailure;
  query.value = "1";
  query.limit = kPage;
  query.filter = [now](const google::protobuf::Message& m) {
    const auto& i = static_cast<const v1::Inspection&>(m);
    return ToTime(i.rectification_deadline()) <= now;
  };
  ASSIGN_OR_RETURN(const std::vector<v1::Inspection> due,
                   ScanAll<v1::Inspection>(*registry_, std::move(query), 1000));

  Result result;
  for (const v1::Inspection& failed : due) {
    storage::ChangeSet change;
    change.actor = {kSweeperActor, v1::ROLE_ADMIN};
    auto updated = std::make_shared<v1::Inspection>(failed);
    ASSIGN_OR_RETURN(std::string rectifier, RectifyingInspection(*registry_, failed));
    change.writes.push_back({updated, storage::Expect::kModRevision, failed.mod_revision()});
    if (!rectifier.empty()) {
      change.method = "system/compliance-sweeper/Rectified";
      change.reason = absl::StrCat("rectified, as ", rectifier, " found");
      updated->set_rectified_by(rectifier);
    } else {
      change.method = "system/compliance-sweeper/RecordViolation";
      change.reason = absl::StrCat("not rectified by ",
                                   absl::FormatTime(ToTime(failed.rectification_deadline())));
      absl::StatusOr<std::string> violation = AddViolation(
          *registry_, failed.pledge(), {"", failed.name()}, now, policy_, &change);
      if (!violation.ok()) continue;  // e.g. the pledge changed meanwhile; next sweep.
      updated->set_violation(*violation);
    }
    absl::StatusOr<storage::CommitResult> committed = registry_->CommitAndWait(std::move(change));
    if (!committed.ok()) continue;
    if (!rectifier.empty()) {
      ++result.rectified;
      continue;
    }
    ++result.violations;
    for (const auto& r : committed->resources) {
      const auto* v = dynamic_cast<const v1::Violation*>(r.get());
      if (v != nullptr && v->suspended_pledge()) ++result.suspended;
    }
  }
  return result;
}

void ComplianceSweeper::Start(absl::Duration interval) {
  // A failure is retried on the next tick.
  ticker_.Start(interval, [this] { (void)SweepOnce(); });
}

void ComplianceSweeper::Stop() { ticker_.Stop(); }

}  // namespace fangxin
