#ifndef FANGXIN_SERVICES_COMPLIANCE_WORKING_CALENDAR_H_
#define FANGXIN_SERVICES_COMPLIANCE_WORKING_CALENDAR_H_

// Working days in mainland China: weekends, statutory holidays and the adjusted working days
// (调休) that the State Council announces each year. The complaint time limits of the 12315
// platform run on working days, so the on-time indicators depend on this calendar.
//
// Days are civil days in China Standard Time (UTC+8, no daylight saving): a complaint received
// at 23:30 UTC on 31 December is received on 1 January.
//
// Immutable after construction; thread-safe.

#include <istream>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/clock.h"

namespace fangxin {

class WorkingCalendar {
 public:
  // Reads `date,kind,name` rows (kind `holiday` or `workday`; header required), as in
  // deploy/data/calendar-cn-2025-2026.csv. INVALID_ARGUMENT naming the line for a bad row or a
  // date listed twice.
  static absl::StatusOr<WorkingCalendar> Parse(std::istream& in);
  static absl::StatusOr<WorkingCalendar> LoadFile(const std::string& path);

  // Whether `day` is a working day. A day in a year the file does not cover is judged by the
  // weekend alone (Monday to Friday work); covers(day) tells which case applies.
  bool IsWorkingDay(absl::CivilDay day) const;
  // Whether the file lists the year of `day` (it has at least one row in it).
  bool Covers(absl::CivilDay day) const;

  // The `n`-th working day after `day` (the day itself is not counted), n >= 1.
  absl::CivilDay AddWorkingDays(absl::CivilDay day, int n) const;

  // The moment a limit of `n` working days, counted from the moment `start`, runs out: the end
  // (24:00 CST) of the n-th working day after the day of `start`.
  absl::Time Deadline(absl::Time start, int n) const;

 private:
  std::set<absl::CivilDay> holidays_;
  std::set<absl::CivilDay> workdays_;
  std::set<absl::civil_year_t> years_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMPLIANCE_WORKING_CALENDAR_H_
