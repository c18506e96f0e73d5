#include "services/certification/rules/programme_rules.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/certification/rules/unit_names.h"
#include "services/common/text.h"

namespace fangxin {
namespace {

bool IsCriterionIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// "" when `id` is 1-32 of [a-z0-9_]; otherwise the rule broken.
std::string CriterionIdProblem(absl::string_view id) {
  if (id.empty()) return "is required";
  if (id.size() > static_cast<size_t>(kMaxCriterionIdChars)) {
    return absl::StrCat("must be at most ", kMaxCriterionIdChars, " characters");
  }
  if (!std::all_of(id.begin(), id.end(), IsCriterionIdChar)) {
    return "must contain only a-z, 0-9 and '_'";
  }
  return "";
}

void CheckText(absl::string_view text, size_t min_chars, size_t max_chars, const std::string& field,
               FieldViolations* violations) {
  std::string problem = TextProblem(text, min_chars, max_chars);
  if (!problem.empty()) violations->Add(field, std::move(problem));
}

void CheckDays(int32_t days, int32_t max_days, const std::string& field,
               FieldViolations* violations) {
  if (days < 0 || days > max_days) {
    violations->Add(field, absl::StrCat("must be between 0 (the default) and ", max_days, " days"));
  }
}

void ValidateAutomatic(const v1::Criterion& criterion, v1::UnitKind unit_kind,
                       const std::string& path, FieldViolations* violations) {
  const v1::Metric metric = criterion.metric();
  const bool metric_known = metric != v1::METRIC_UNSPECIFIED && v1::Metric_IsValid(metric);
  if (!metric_known) {
    violations->Add(path + ".metric", "is required for an AUTOMATIC criterion");
  } else if (v1::UnitKind_IsValid(unit_kind) && unit_kind != v1::UNIT_KIND_UNSPECIFIED &&
             !MetricAppliesTo(metric, unit_kind)) {
    violations->Add(path + ".metric", absl::StrCat(MetricLabel(metric), " does not apply to ",
                                                   UnitKindLabel(unit_kind), " units"));
  }
  if (criterion.comparison() == v1::COMPARISON_UNSPECIFIED ||
      !v1::Comparison_IsValid(criterion.comparison())) {
    violations->Add(path + ".comparison", "is required for an AUTOMATIC criterion");
  }
  const double threshold = criterion.threshold();
  if (!std::isfinite(threshold)) {
    violations->Add(path + ".threshold", "must be a finite number");
  } else if (metric_known && IsShareMetric(metric) && (threshold < 0 || threshold > 1)) {
    violations->Add(path + ".threshold",
                    absl::StrCat("must be a share between 0 and 1 for ", MetricLabel(metric)));
  } else if (threshold < 0) {
    violations->Add(path + ".threshold", "must not be negative");
  }
}

void ValidateManual(const v1::Criterion& criterion, const std::string& path,
                    FieldViolations* violations) {
  if (criterion.metric() != v1::METRIC_UNSPECIFIED) {
    violations->Add(path + ".metric", "must not be set for a MANUAL criterion");
  }
  if (criterion.comparison() != v1::COMPARISON_UNSPECIFIED) {
    violations->Add(path + ".comparison", "must not be set for a MANUAL criterion");
  }
  const double threshold = criterion.threshold();
  if (!std::isfinite(threshold) || threshold < 0 || threshold > criterion.points()) {
    violations->Add(
        path + ".threshold",
        absl::StrCat("must be between 0 and the criterion's points (", criterion.points(), ")"));
  }
}

void ValidateCriterion(const v1::Criterion& criterion, v1::UnitKind unit_kind,
                       const std::string& path, FieldViolations* violations) {
  std::string id_problem = CriterionIdProblem(criterion.id());
  if (!id_problem.empty()) violations->Add(path + ".id", std::move(id_problem));
  CheckText(criterion.title(), 1, kMaxProgrammeTitleChars, path + ".title", violations);
  CheckText(criterion.description(), 0, kMaxCriterionDescriptionChars, path + ".description",
            violations);
  if (criterion.points() < 0 || criterion.points() > kMaxCriterionPoints) {
    violations->Add(path + ".points", absl::StrCat("must be between 0 and ", kMaxCriterionPoints));
  }
  switch (criterion.kind()) {
    case v1::AUTOMATIC:
      ValidateAutomatic(criterion, unit_kind, path, violations);
      break;
    case v1::MANUAL:
      ValidateManual(criterion, path, violations);
      break;
    default:
      violations->Add(path + ".kind", "is required");
  }
}

}  // namespace

void ApplyProgrammeDefaults(v1::Programme* programme) {
  if (programme->notice_days() == 0) programme->set_notice_days(kDefaultNoticeDays);
  if (programme->validity_days() == 0) programme->set_validity_days(kDefaultValidityDays);
  if (programme->rectification_days() == 0) {
    programme->set_rectification_days(kDefaultRectificationDays);
  }
}

int64_t AvailablePoints(const v1::Programme& programme) {
  int64_t base = 0;
  int64_t bonus = 0;
  for (const v1::Criterion& criterion : programme.criteria()) {
    (criterion.bonus() ? bonus : base) += std::max<int32_t>(criterion.points(), 0);
  }
  return base + std::min<int64_t>(bonus, std::max<int32_t>(programme.bonus_cap(), 0));
}

void ValidateProgramme(const v1::Programme& programme, absl::string_view path,
                       FieldViolations* violations) {
  const std::string prefix(path);
  CheckText(programme.display_name(), 1, kMaxProgrammeTitleChars, prefix + ".display_name",
            violations);
  if (programme.category() == v1::CERTIFICATION_CATEGORY_UNSPECIFIED ||
      !v1::CertificationCategory_IsValid(programme.category())) {
    violations->Add(prefix + ".category", "is required");
  }
  if (programme.level() == v1::CERTIFICATION_LEVEL_UNSPECIFIED ||
      !v1::CertificationLevel_IsValid(programme.level())) {
    violations->Add(prefix + ".level", "is required");
  }
  if (programme.unit_kind() == v1::UNIT_KIND_UNSPECIFIED ||
      !v1::UnitKind_IsValid(programme.unit_kind())) {
    violations->Add(prefix + ".unit_kind", "is required");
  }

  if (programme.criteria().empty()) {
    violations->Add(prefix + ".criteria", "must have at least one criterion");
  } else if (programme.criteria_size() > kMaxCriteria) {
    violations->Add(prefix + ".criteria",
                    absl::StrCat("must have at most ", kMaxCriteria, " criteria"));
  }
  std::map<std::string, int> first_index_of_id;
  for (int i = 0; i < programme.criteria_size(); ++i) {
    const v1::Criterion& criterion = programme.criteria(i);
    const std::string criterion_path = absl::StrCat(prefix, ".criteria[", i, "]");
    ValidateCriterion(criterion, programme.unit_kind(), criterion_path, violations);
    if (criterion.id().empty()) continue;
    auto [it, inserted] = first_index_of_id.emplace(criterion.id(), i);
    if (!inserted) {
      violations->Add(criterion_path + ".id",
                      absl::StrCat("repeats the id of criteria[", it->second, "]"));
    }
  }

  if (programme.bonus_cap() < 0) violations->Add(prefix + ".bonus_cap", "must not be negative");
  const int64_t available = AvailablePoints(programme);
  if (programme.pass_mark() < 1 || programme.pass_mark() > available) {
    violations->Add(prefix + ".pass_mark",
                    absl::StrCat("must be between 1 and the points available (", available, ")"));
  }
  CheckDays(programme.notice_days(), kMaxNoticeDays, prefix + ".notice_days", violations);
  CheckDays(programme.validity_days(), kMaxValidityDays, prefix + ".validity_days", violations);
  CheckDays(programme.rectification_days(), kMaxRectificationDays, prefix + ".rectification_days",
            violations);
  CheckText(programme.description(), 0, kMaxProgrammeDescriptionChars, prefix + ".description",
            violations);
}

std::optional<v1::CertificationLevel> LevelBelow(v1::CertificationLevel level) {
  switch (level) {
    case v1::CITY_ADVANCED:
      return v1::CULTIVATING;
    case v1::CITY_DEMONSTRATION:
      return v1::CITY_ADVANCED;
    case v1::PROVINCIAL:
      return v1::CITY_DEMONSTRATION;
    default:
      return std::nullopt;
  }
}

bool MetricAppliesTo(v1::Metric metric, v1::UnitKind kind) {
  const bool store_or_merchant = kind == v1::UNIT_STORE || kind == v1::UNIT_MERCHANT;
  const bool area_or_division = kind == v1::UNIT_AREA || kind == v1::UNIT_DIVISION;
  switch (metric) {
    case v1::PLEDGE_ACTIVE_DAYS:
      return store_or_merchant;
    case v1::CERTIFIED_MEMBER_SHARE:
      return area_or_division;
    case v1::UPHELD_COMPLAINTS_12M:
    case v1::ON_TIME_COMPLAINT_RATE:
    case v1::PLEDGE_COVERAGE:
    case v1::INSPECTION_PASS_RATE:
    case v1::VIOLATIONS_12M:
      return store_or_merchant || area_or_division;
    default:
      return false;
  }
}

bool IsShareMetric(v1::Metric metric) {
  return metric == v1::ON_TIME_COMPLAINT_RATE || metric == v1::PLEDGE_COVERAGE ||
         metric == v1::CERTIFIED_MEMBER_SHARE || metric == v1::INSPECTION_PASS_RATE;
}

absl::string_view MetricLabel(v1::Metric metric) {
  switch (metric) {
    case v1::PLEDGE_ACTIVE_DAYS:
      return "pledge active days";
    case v1::UPHELD_COMPLAINTS_12M:
      return "upheld complaints in 12 months";
    case v1::ON_TIME_COMPLAINT_RATE:
      return "on-time complaint rate";
    case v1::PLEDGE_COVERAGE:
      return "pledge coverage";
    case v1::CERTIFIED_MEMBER_SHARE:
      return "certified member share";
    case v1::INSPECTION_PASS_RATE:
      return "inspection pass rate";
    case v1::VIOLATIONS_12M:
      return "violations in 12 months";
    default:
      return "metric";
  }
}

}  // namespace fangxin
