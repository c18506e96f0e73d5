#ifndef FANGXIN_SERVICES_COMPLIANCE_QUARTERLY_REPORT_H_
#define FANGXIN_SERVICES_COMPLIANCE_QUARTERLY_REPORT_H_

// The quarterly compliance report as a pure function of the records it summarizes, and its JSON
// and CSV renderings. Pure; thread-safe.

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "fangxin/v1/compliance_service.pb.h"
#include "services/compliance/complaint_timeliness.h"
#include "services/compliance/working_calendar.h"

namespace fangxin {

// [start, end) of quarter 1..4 of `year`, in China Standard Time.
struct QuarterBounds {
  absl::Time start;
  absl::Time end;
};
QuarterBounds BoundsOfQuarter(int year, int quarter);

struct ReportInputs {
  int year = 0;
  int quarter = 0;
  std::string division;  // Empty for the city.
  // Coverage at report time (the event feed's counters).
  int64_t open_stores = 0;
  int64_t pledged_stores = 0;
  // The complaints, violations and pledges of the scope; the function keeps those of the quarter.
  std::vector<v1::Complaint> complaints;
  std::vector<v1::Violation> violations;
  std::vector<v1::Pledge> pledges;
  absl::Time now;
};

// Complaints received in the quarter and their on-time indicators at `now`; violations that
// occurred in it; pledges that are SUSPENDED (REVOKED) and whose last change fell in it. The
// last two read the pledge's current state: a pledge suspended and then reinstated within the
// quarter is not counted (the event history would be needed for that).
v1::QuarterlyReport BuildQuarterlyReport(const ReportInputs& inputs,
                                         const WorkingCalendar& calendar,
                                         const ComplaintLimits& limits);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMPLIANCE_QUARTERLY_REPORT_H_
