#include "services/compliance/working_calendar.h"

#include <cstdlib>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace fangxin {
namespace {

// The shipped file, so the test checks the data the server loads.
WorkingCalendar ShippedCalendar() {
  absl::StatusOr<WorkingCalendar> calendar = WorkingCalendar::LoadFile(
      std::string(FANGXIN_SOURCE_DIR) + "/deploy/data/calendar-cn-2025-2026.csv");
  EXPECT_TRUE(calendar.ok()) << calendar.status();
  return *std::move(calendar);
}

absl::CivilDay Day(int y, int m, int d) { return absl::CivilDay(y, m, d); }

class WorkingCalendarTest : public ::testing::Test {
 protected:
  WorkingCalendar calendar_ = ShippedCalendar();
};

TEST_F(WorkingCalendarTest, Holidays2025AreDaysOff) {
  for (absl::CivilDay day :
       {Day(2025, 1, 1), Day(2025, 1, 28), Day(2025, 1, 31), Day(2025, 2, 3), Day(2025, 2, 4),
        Day(2025, 4, 4), Day(2025, 5, 1), Day(2025, 5, 5), Day(2025, 5, 31), Day(2025, 6, 2),
        Day(2025, 10, 1), Day(2025, 10, 6), Day(2025, 10, 8)}) {
    EXPECT_FALSE(calendar_.IsWorkingDay(day)) << day;
  }
}

TEST_F(WorkingCalendarTest, Holidays2026AreDaysOff) {
  for (absl::CivilDay day :
       {Day(2026, 1, 1), Day(2026, 1, 2), Day(2026, 2, 16), Day(2026, 2, 23), Day(2026, 4, 6),
        Day(2026, 5, 4), Day(2026, 5, 5), Day(2026, 6, 19), Day(2026, 9, 25), Day(2026, 10, 7)}) {
    EXPECT_FALSE(calendar_.IsWorkingDay(day)) << day;
  }
}

TEST_F(WorkingCalendarTest, MakeUpWeekendDaysAreWorkingDays) {
  // Every 调休上班 day of the two notices, each a Saturday or Sunday.
  for (absl::CivilDay day : {Day(2025, 1, 26), Day(2025, 2, 8), Day(2025, 4, 27), Day(2025, 9, 28),
                             Day(2025, 10, 11), Day(2026, 1, 4), Day(2026, 2, 14), Day(2026, 2, 28),
                             Day(2026, 5, 9), Day(2026, 9, 20), Day(2026, 10, 10)}) {
    const absl::Weekday w = absl::GetWeekday(day);
    EXPECT_TRUE(w == absl::Weekday::saturday || w == absl::Weekday::sunday) << day;
    EXPECT_TRUE(calendar_.IsWorkingDay(day)) << day;
  }
}

TEST_F(WorkingCalendarTest, OrdinaryDays) {
  EXPECT_TRUE(calendar_.IsWorkingDay(Day(2025, 3, 3)));     // Monday
  EXPECT_FALSE(calendar_.IsWorkingDay(Day(2025, 3, 1)));    // Saturday
  EXPECT_FALSE(calendar_.IsWorkingDay(Day(2026, 11, 29)));  // Sunday
  EXPECT_TRUE(calendar_.Covers(Day(2025, 7, 1)));
  EXPECT_TRUE(calendar_.Covers(Day(2026, 12, 31)));
  EXPECT_FALSE(calendar_.Covers(Day(2027, 1, 1)));
  EXPECT_TRUE(calendar_.IsWorkingDay(Day(2027, 1, 4)));  // weekend rule outside the file
}

TEST_F(WorkingCalendarTest, SevenWorkingDaysAcrossSpringFestival2026) {
  // Received Friday 13 Feb 2026. Working days after it: Sat 14 (make-up), then nothing until
  // Tue 24 Feb; 24, 25, 26, 27 and Sat 28 (make-up), Mon 2 Mar.
  EXPECT_EQ(calendar_.AddWorkingDays(Day(2026, 2, 13), 1), Day(2026, 2, 14));
  EXPECT_EQ(calendar_.AddWorkingDays(Day(2026, 2, 13), 2), Day(2026, 2, 24));
  EXPECT_EQ(calendar_.AddWorkingDays(Day(2026, 2, 13), 7), Day(2026, 3, 2));
}

TEST_F(WorkingCalendarTest, SevenWorkingDaysAcrossNationalDay2025) {
  // Received Tue 30 Sep 2025: Oct 1-8 off, Thu 9, Fri 10, Sat 11 (make-up), Mon 13 ... Thu 16.
  EXPECT_EQ(calendar_.AddWorkingDays(Day(2025, 9, 30), 7), Day(2025, 10, 16));
}

TEST_F(WorkingCalendarTest, FortyFiveWorkingDaysOverLabourDay2026) {
  // Counted by hand: accepted Wed 1 Apr 2026. April gives 20 (2-3, 7-10, 13-17, 20-24, 27-30;
  // 4-6 off), May 19 (6-8, Sat 9 make-up, 11-15, 18-22, 25-29; 1-5 off) = 39, June 1-5 = 44,
  // so the 45th is Mon 8 Jun. The loop below recounts it day by day as a cross-check.
  int count = 0;
  absl::CivilDay day = Day(2026, 4, 1);
  absl::CivilDay nth;
  for (int guard = 0; guard < 200 && count < 45; ++guard) {
    ++day;
    if (calendar_.IsWorkingDay(day)) {
      ++count;
      nth = day;
    }
  }
  EXPECT_EQ(calendar_.AddWorkingDays(Day(2026, 4, 1), 45), nth);
  EXPECT_EQ(nth, Day(2026, 6, 8));
}

TEST_F(WorkingCalendarTest, DeadlineIsTheEndOfTheLastDayInChinaStandardTime) {
  const absl::TimeZone cst = ChinaStandardTime();
  // 2025-12-31 23:30 UTC is 2026-01-01 07:30 CST: received on New Year's Day. Working days
  // after it: Sun 4 Jan (make-up), Mon 5 ... so the 1st is 4 Jan.
  const absl::Time received =
      absl::FromCivil(absl::CivilSecond(2025, 12, 31, 23, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(calendar_.Deadline(received, 1), absl::FromCivil(Day(2026, 1, 5), cst));
}

TEST(WorkingCalendarParseTest, RejectsBadRows) {
  for (const char* text :
       {"date,kind,name\n2025-02-30,holiday,x\n", "date,kind,name\n2025-01-01,party,x\n",
        "date,kind,name\n2025-01-01,holiday\n",
        "date,kind,name\n2025-01-01,holiday,x\n2025-01-01,workday,y\n", "day,kind,name\n", ""}) {
    std::istringstream in(text);
    absl::StatusOr<WorkingCalendar> calendar = WorkingCalendar::Parse(in);
    EXPECT_EQ(calendar.status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

}  // namespace
}  // namespace fangxin
