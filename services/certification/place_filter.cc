#include "services/certification/place_filter.h"

#include "services/certification/certification_core.h"
#include "services/certification/certification_keys.h"
#include "services/certification/rules/unit_names.h"
#include "services/common/names.h"
#include "services/common/validation.h"

namespace fangxin {

PlaceFilter PlaceFilter::Parse(const std::string& unit, const std::string& area,
                               const std::string& programme, const std::string& division,
                               FieldViolations* violations) {
  PlaceFilter filter{unit, area, programme, division};
  if (!unit.empty()) {
    AddViolationsFrom(UnitKindOfName(unit, "unit").status(), "unit", violations);
  }
  if (!programme.empty()) {
    AddViolationsFrom(ParseProgrammeName(programme, "programme").status(), "programme",
                      violations);
  }
  if (!division.empty()) {
    absl::StatusOr<std::string> code = ParseDivisionName(division, "division");
    if (!code.ok()) {
      violations->Add("division", "must be divisions/{code}");
    } else {
      filter.township = code->size() == 9;
    }
  }
  if (!area.empty() && !ParseAreaName(area, "area").ok()) {
    violations->Add("area", "must be areas/{area_id}");
  }
  return filter;
}

bool PlaceFilter::SelectIndex(storage::ScanQuery* query) const {
  if (!unit.empty()) {
    query->index = cert_index::kUnit;
    query->value = cert_index::UnitKey(unit);
  } else if (!area.empty()) {
    query->index = cert_index::kArea;
    query->value = pledge_index::LastSegment(area);
  } else if (!programme.empty()) {
    query->index = cert_index::kProgramme;
    query->value = pledge_index::LastSegment(programme);
  } else if (!division.empty()) {
    query->index = township ? cert_index::kTownship : cert_index::kDivision;
    query->value = pledge_index::LastSegment(division);
  } else {
    return false;
  }
  return true;
}

}  // namespace fangxin
