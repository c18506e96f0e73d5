#ifndef FANGXIN_SERVICES_CERTIFICATION_RULES_PROGRAMME_RULES_H_
#define FANGXIN_SERVICES_CERTIFICATION_RULES_PROGRAMME_RULES_H_

// The rules of a certification programme: its defaults, the validation of what an admin
// supplies, the level ladder and which metric applies to which kind of unit.
// Pure and thread-safe.

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "fangxin/v1/certification.pb.h"

namespace fangxin {

inline constexpr int32_t kDefaultNoticeDays = 7;
inline constexpr int32_t kMaxNoticeDays = 60;
inline constexpr int32_t kDefaultValidityDays = 1095;  // 3 years.
inline constexpr int32_t kMaxValidityDays = 3650;
inline constexpr int32_t kDefaultRectificationDays = 90;
inline constexpr int32_t kMaxRectificationDays = 365;
inline constexpr int kMaxCriteria = 50;
inline constexpr int32_t kMaxCriterionPoints = 1000;
inline constexpr int kMaxCriterionIdChars = 32;
inline constexpr int kMaxProgrammeTitleChars = 200;  // display_name and criterion titles.
inline constexpr int kMaxCriterionDescriptionChars = 1000;
inline constexpr int kMaxProgrammeDescriptionChars = 2000;

// Replaces 0 in notice_days, validity_days and rectification_days by their defaults. Call
// before ValidateProgramme, which then sees the values that will be stored.
void ApplyProgrammeDefaults(v1::Programme* programme);

// Checks the client-settable fields of `programme`; adds one violation per broken rule under
// `path` (e.g. "programme": "programme.criteria[2].threshold"):
//   display_name 1-200 characters; category, level, unit_kind set;
//   criteria 1-50, each: id 1-32 of [a-z0-9_], unique; title 1-200 characters; description
//     0-1000; kind set; points 0-1000;
//     AUTOMATIC: metric set and MetricAppliesTo(unit_kind); comparison set; threshold finite,
//       in [0, 1] for share metrics and >= 0 for counts and days;
//     MANUAL: metric and comparison unset; threshold finite, in [0, points];
//   bonus_cap >= 0; pass_mark 1..AvailablePoints;
//   notice_days 0-60, validity_days 0-3650, rectification_days 0-365 (0: the default);
//   description 0-2000 characters.
// Output-only fields (name, criteria_version, bookkeeping) are not checked.
void ValidateProgramme(const v1::Programme& programme, absl::string_view path,
                       FieldViolations* violations);

// The most points an evaluation can total: the non-bonus points plus the bonus points up to
// bonus_cap (a negative cap counts as 0).
int64_t AvailablePoints(const v1::Programme& programme);

// The level a programme at `level` requires when requires_lower_level is set: CITY_ADVANCED →
// CULTIVATING, CITY_DEMONSTRATION → CITY_ADVANCED, PROVINCIAL → CITY_DEMONSTRATION. nullopt
// for CULTIVATING (the bottom rung) and for an unknown level.
std::optional<v1::CertificationLevel> LevelBelow(v1::CertificationLevel level);

// Whether `metric` can be computed for a unit of `kind`: PLEDGE_ACTIVE_DAYS for stores and
// merchants only, CERTIFIED_MEMBER_SHARE for areas and divisions only, the other metrics for
// all four kinds. False for unspecified or unknown values.
bool MetricAppliesTo(v1::Metric metric, v1::UnitKind kind);

// Whether `metric` is a share in [0, 1] (printed as a percentage): ON_TIME_COMPLAINT_RATE,
// PLEDGE_COVERAGE, CERTIFIED_MEMBER_SHARE, INSPECTION_PASS_RATE. The others are counts of
// events or days.
bool IsShareMetric(v1::Metric metric);

// Words for explanations: "pledge active days", "upheld complaints in 12 months",
// "on-time complaint rate", "pledge coverage", "certified member share",
// "inspection pass rate", "violations in 12 months"; "metric" when unspecified.
absl::string_view MetricLabel(v1::Metric metric);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_CERTIFICATION_RULES_PROGRAMME_RULES_H_
