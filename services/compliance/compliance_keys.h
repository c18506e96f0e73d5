#ifndef FANGXIN_SERVICES_COMPLIANCE_COMPLIANCE_KEYS_H_
#define FANGXIN_SERVICES_COMPLIANCE_COMPLIANCE_KEYS_H_

// The collections of ComplianceService and their index entries, shared by the schema (which
// maintains the indexes) and the compliance core (which queries them). Pure.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "fangxin/v1/resources.pb.h"
#include "services/pledge/pledge_keys.h"
#include "storage/schema.h"

namespace fangxin::compliance_index {

inline constexpr char kComplaints[] = "complaints";
inline constexpr char kSpotCheckPlans[] = "spotCheckPlans";
inline constexpr char kInspections[] = "inspections";
inline constexpr char kViolations[] = "violations";

// Complaints. Unique: the intake key (source number, external id), so a platform that pushes a
// complaint twice gets the first one back.
inline constexpr char kIntake[] = "intake";
// Complaints, inspections, violations: the county division and area at intake (last segment).
inline constexpr char kDivision[] = "division";
inline constexpr char kArea[] = "area";
// Complaints, by state number.
inline constexpr char kState[] = "state";
// Inspections and violations of a pledge (value: the pledge id).
inline constexpr char kPledge[] = "pledge";
// Inspections failed and not yet turned into a violation, for the sweeper (value "1").
inline constexpr char kOpenFailure[] = "open_failure";

// Index values cannot contain '/'; '%' is escaped first so the mapping stays one-to-one.
inline std::string IntakeKey(v1::ComplaintSource source, const std::string& external_id) {
  return absl::StrCat(static_cast<int>(source), ":",
                      absl::StrReplaceAll(external_id, {{"%", "%25"}, {"/", "%2F"}}));
}

inline storage::IndexEntry IntakeEntry(v1::ComplaintSource source, const std::string& external_id) {
  return {kIntake, IntakeKey(source, external_id), true};
}

inline void AddPlace(const std::string& division, const std::string& area,
                     std::vector<storage::IndexEntry>* out) {
  if (!division.empty()) out->push_back({kDivision, pledge_index::LastSegment(division), false});
  if (!area.empty()) out->push_back({kArea, pledge_index::LastSegment(area), false});
}

inline std::vector<storage::IndexEntry> ComplaintIndexEntries(const v1::Complaint& complaint) {
  std::vector<storage::IndexEntry> out;
  out.push_back(IntakeEntry(complaint.source(), complaint.external_id()));
  out.push_back({kState, absl::StrCat(static_cast<int>(complaint.state())), false});
  AddPlace(complaint.division(), complaint.area(), &out);
  return out;
}

inline std::vector<storage::IndexEntry> InspectionIndexEntries(const v1::Inspection& inspection) {
  std::vector<storage::IndexEntry> out;
  out.push_back({kPledge, pledge_index::LastSegment(inspection.pledge()), false});
  if (!inspection.passed() && inspection.violation().empty() &&
      inspection.rectified_by().empty()) {
    out.push_back({kOpenFailure, "1", false});
  }
  AddPlace(inspection.division(), inspection.area(), &out);
  return out;
}

inline std::vector<storage::IndexEntry> ViolationIndexEntries(const v1::Violation& violation) {
  std::vector<storage::IndexEntry> out;
  out.push_back({kPledge, pledge_index::LastSegment(violation.pledge()), false});
  AddPlace(violation.division(), violation.area(), &out);
  return out;
}

}  // namespace fangxin::compliance_index

#endif  // FANGXIN_SERVICES_COMPLIANCE_COMPLIANCE_KEYS_H_
