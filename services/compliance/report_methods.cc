// ComplianceCore: the quarterly report (reads the records; quarterly_report.cc computes).

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/compliance/compliance_core.h"
#include "services/compliance/compliance_keys.h"
#include "services/compliance/quarterly_report.h"
#include "services/schema/coverage_counters.h"

namespace fangxin {
namespace {

// Every resource of `collection` in the county `division` (by its division index), or all of
// them for the city. Bounded: a report over more than a million records is refused.
template <typename T>
absl::StatusOr<std::vector<T>> ReadAll(storage::Registry& registry, const char* collection,
                                       const char* division_index, const std::string& division) {
  storage::ScanQuery query;
  query.collection = collection;
  if (division.empty()) {
    query.value = absl::StrCat(collection, "/");
  } else {
    query.index = division_index;
    query.value = pledge_index::LastSegment(division);
  }
  query.limit = 1000;
  std::vector<T> out;
  for (int page = 0; page < 1000; ++page) {
    ASSIGN_OR_RETURN(storage::ScanResult result, registry.Scan(query));
    for (const auto& r : result.resources) out.push_back(static_cast<const T&>(*r));
    if (result.done) return out;
    query.start_after = result.last_key;
  }
  return ErrorWithReason(absl::StatusCode::kFailedPrecondition, "REPORT_TOO_LARGE",
                         absl::StrCat("more than a million ", collection, " in scope"));
}

int64_t Metric(const storage::CounterValues& values, const char* metric) {
  auto it = values.metrics.find(metric);
  return it == values.metrics.end() ? 0 : it->second;
}

}  // namespace

absl::StatusOr<v1::QuarterlyReport> ComplianceCore::GetQuarterlyReport(
    const Principal& caller, const v1::GetQuarterlyReportRequest& request) {
  FieldViolations violations;
  if (request.year() < 2000 || request.year() > 2100) violations.Add("year", "must be 2000 to 2100");
  if (request.quarter() < 1 || request.quarter() > 4) violations.Add("quarter", "must be 1 to 4");
  if (!request.division().empty() && !divisions_->IsCounty(request.division())) {
    violations.Add("division", "must be divisions/{code} of a county-level division");
  }
  RETURN_IF_ERROR(violations.ToStatus());
  RETURN_IF_ERROR(Authorize(caller, Action::kReadCompliance, Target{request.division()}));

  std::string scope = request.division();
  if (scope.empty()) {
    for (const v1::Division& d : divisions_->All()) {
      if (d.level() == v1::DIVISION_LEVEL_CITY) scope = d.name();
    }
  }
  ReportInputs inputs;
  inputs.year = request.year();
  inputs.quarter = request.quarter();
  inputs.division = request.division();
  inputs.now = clock_->Now();
  ASSIGN_OR_RETURN(std::vector<storage::CounterValues> counters,
                   registry_->ReadCounters({scope}, nullptr));
  inputs.open_stores = Metric(counters[0], coverage::kOpenStores);
  inputs.pledged_stores = Metric(counters[0], coverage::kPledgedStores);
  ASSIGN_OR_RETURN(inputs.complaints,
                   ReadAll<v1::Complaint>(*registry_, compliance_index::kComplaints,
                                          compliance_index::kDivision, request.division()));
  ASSIGN_OR_RETURN(inputs.violations,
                   ReadAll<v1::Violation>(*registry_, compliance_index::kViolations,
                                          compliance_index::kDivision, request.division()));
  ASSIGN_OR_RETURN(inputs.pledges,
                   ReadAll<v1::Pledge>(*registry_, pledge_index::kCollection,
                                       pledge_index::kDivision, request.division()));
  return BuildQuarterlyReport(inputs, *calendar_, options_.complaint_limits);
}

}  // namespace fangxin
