#include "services/certification/unit_lookup.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "fangxin/v1/resources.pb.h"
#include "services/certification/rules/unit_names.h"
#include "services/merchant/targets.h"

namespace fangxin {
namespace {

UnitInfo FromStore(const v1::Store& store) {
  UnitInfo unit;
  unit.display_name = store.display_name();
  unit.division = store.division();
  unit.township = store.township();
  unit.area = store.area();
  unit.merchant = MerchantOfStore(store.name());
  unit.target = TargetOf(store);
  unit.open = store.state() == v1::STORE_STATE_OPEN;
  unit.mod_revision = store.mod_revision();
  return unit;
}

UnitInfo FromMerchant(const v1::Merchant& merchant) {
  UnitInfo unit;
  unit.display_name = merchant.legal_name();
  unit.division = merchant.division();
  unit.merchant = merchant.name();
  unit.target = TargetOf(merchant);
  unit.open = merchant.state() == v1::MERCHANT_STATE_OPEN;
  unit.mod_revision = merchant.mod_revision();
  return unit;
}

UnitInfo FromArea(const v1::Area& area) {
  UnitInfo unit;
  unit.display_name = area.display_name();
  unit.division = area.division();
  unit.township = area.township();
  unit.area = area.name();
  unit.target = TargetOf(area);
  unit.open = area.state() != v1::AREA_STATE_RETIRED;
  unit.mod_revision = area.mod_revision();
  return unit;
}

absl::StatusOr<UnitInfo> FromDivision(const v1::Division& division, absl::string_view field) {
  UnitInfo unit;
  unit.display_name = division.display_name();
  switch (division.level()) {
    case v1::DIVISION_LEVEL_COUNTY:
      unit.division = division.name();
      break;
    case v1::DIVISION_LEVEL_TOWNSHIP:
      unit.division = division.parent();
      unit.township = division.name();
      break;
    default:
      return InvalidFieldError(field, "must be a county or township division");
  }
  unit.target.division = unit.division;
  unit.target.township = unit.township;
  unit.mod_revision = division.mod_revision();
  return unit;
}

}  // namespace

absl::StatusOr<UnitInfo> LookupUnit(storage::Registry& registry, const std::string& name,
                                    absl::string_view field) {
  ASSIGN_OR_RETURN(v1::UnitKind kind, UnitKindOfName(name, field));
  UnitInfo unit;
  switch (kind) {
    case v1::UNIT_STORE: {
      ASSIGN_OR_RETURN(v1::Store store, Read<v1::Store>(registry, name));
      unit = FromStore(store);
      break;
    }
    case v1::UNIT_MERCHANT: {
      ASSIGN_OR_RETURN(v1::Merchant merchant, Read<v1::Merchant>(registry, name));
      unit = FromMerchant(merchant);
      break;
    }
    case v1::UNIT_AREA: {
      ASSIGN_OR_RETURN(v1::Area area, Read<v1::Area>(registry, name));
      unit = FromArea(area);
      break;
    }
    case v1::UNIT_DIVISION: {
      ASSIGN_OR_RETURN(v1::Division division, Read<v1::Division>(registry, name));
      ASSIGN_OR_RETURN(unit, FromDivision(division, field));
      break;
    }
    default:
      return InvalidFieldError(field, "is not a unit name");
  }
  unit.name = name;
  unit.kind = kind;
  return unit;
}

absl::Status RequireOpenUnit(const UnitInfo& unit) {
  if (unit.open) return absl::OkStatus();
  return ErrorWithReason(
      absl::StatusCode::kFailedPrecondition, kUnitClosed,
      absl::StrCat(unit.name, " is ", unit.kind == v1::UNIT_AREA ? "retired" : "closed"),
      {{"unit", unit.name}});
}

absl::Status RequireUnitKind(const UnitInfo& unit, const v1::Programme& programme) {
  if (unit.kind == programme.unit_kind()) return absl::OkStatus();
  return ErrorWithReason(
      absl::StatusCode::kFailedPrecondition, kUnitKindMismatch,
      absl::StrCat(unit.name, " is a ", UnitKindLabel(unit.kind), "; ", programme.name(),
                   " certifies ", UnitKindLabel(programme.unit_kind()), " units"),
      {{"unit", unit.name}, {"programme", programme.name()}});
}

void CopyUnitPlace(const UnitInfo& unit, v1::Application* application) {
  application->set_unit(unit.name);
  application->set_unit_kind(unit.kind);
  application->set_division(unit.division);
  application->set_township(unit.township);
  application->set_area(unit.area);
  application->set_merchant(unit.merchant);
}

void CopyUnitPlace(const UnitInfo& unit, v1::Certificate* certificate) {
  certificate->set_unit(unit.name);
  certificate->set_unit_kind(unit.kind);
  certificate->set_unit_display_name(unit.display_name);
  certificate->set_division(unit.division);
  certificate->set_township(unit.township);
  certificate->set_area(unit.area);
  certificate->set_merchant(unit.merchant);
}

Target PlaceTarget(const v1::Application& application) {
  return {application.division(), application.township(), application.area(),
          application.merchant()};
}

Target PlaceTarget(const v1::Certificate& certificate) {
  return {certificate.division(), certificate.township(), certificate.area(),
          certificate.merchant()};
}

}  // namespace fangxin
