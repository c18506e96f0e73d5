#include "services/compliance/working_calendar.h"

#include <fstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/csv.h"

namespace fangxin {
namespace {

absl::Status BadLine(int64_t line, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("calendar line ", line, ": ", why));
}

}  // namespace

absl::StatusOr<WorkingCalendar> WorkingCalendar::Parse(std::istream& in) {
  WorkingCalendar calendar;
  CsvReader reader(&in);
  std::vector<std::string> fields;
  bool header = true;
  while (reader.Next(&fields)) {
    if (header) {
      if (fields != std::vector<std::string>{"date", "kind", "name"}) {
        return BadLine(reader.line(), "header must be date,kind,name");
      }
      header = false;
      continue;
    }
    if (fields.size() != 3) return BadLine(reader.line(), "expected 3 fields");
    absl::CivilDay day;
    // ParseCivilTime accepts exactly YYYY-MM-DD for a CivilDay and normalizes nothing out of
    // range (2025-02-30 is refused).
    if (!absl::ParseCivilTime(fields[0], &day)) {
      return BadLine(reader.line(), "date must be YYYY-MM-DD");
    }
    std::set<absl::CivilDay>* target = nullptr;
    if (fields[1] == "holiday") {
      target = &calendar.holidays_;
    } else if (fields[1] == "workday") {
      target = &calendar.workdays_;
    } else {
      return BadLine(reader.line(), "kind must be holiday or workday");
    }
    if (calendar.holidays_.count(day) || calendar.workdays_.count(day)) {
      return BadLine(reader.line(), "date listed twice");
    }
    target->insert(day);
    calendar.years_.insert(day.year());
  }
  if (!reader.status().ok()) return reader.status();
  if (header) return absl::InvalidArgumentError("calendar is empty");
  return calendar;
}

absl::StatusOr<WorkingCalendar> WorkingCalendar::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open calendar ", path));
  return Parse(in);
}

bool WorkingCalendar::IsWorkingDay(absl::CivilDay day) const {
  if (holidays_.count(day)) return false;
  if (workdays_.count(day)) return true;
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday != absl::Weekday::saturday && weekday != absl::Weekday::sunday;
}

bool WorkingCalendar::Covers(absl::CivilDay day) const { return years_.count(day.year()) > 0; }

absl::CivilDay WorkingCalendar::AddWorkingDays(absl::CivilDay day, int n) const {
  // Bounded: no run of days off is longer than a few weeks, so this loop takes at most about
  // 1.5 n + 30 steps.
  while (n > 0) {
    ++day;
    if (IsWorkingDay(day)) --n;
  }
  return day;
}

absl::Time WorkingCalendar::Deadline(absl::Time start, int n) const {
  const absl::TimeZone cst = ChinaStandardTime();
  const absl::CivilDay last = AddWorkingDays(absl::ToCivilDay(start, cst), n);
  return absl::FromCivil(last + 1, cst);
}

}  // namespace fangxin
