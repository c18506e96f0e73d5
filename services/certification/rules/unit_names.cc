#include "services/certification/rules/unit_names.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "services/common/names.h"

namespace fangxin {

absl::StatusOr<v1::UnitKind> UnitKindOfName(absl::string_view unit, absl::string_view field) {
  // The collection prefix picks the parser; the parser checks every part and names `field`.
  constexpr absl::string_view kMerchants = "merchants/";
  if (absl::StartsWith(unit, kMerchants)) {
    if (absl::StrContains(unit.substr(kMerchants.size()), "/")) {
      absl::StatusOr<ParsedStoreName> store = ParseStoreName(unit, field);
      if (!store.ok()) return store.status();
      return v1::UNIT_STORE;
    }
    absl::StatusOr<std::string> merchant = ParseMerchantName(unit, field);
    if (!merchant.ok()) return merchant.status();
    return v1::UNIT_MERCHANT;
  }
  if (absl::StartsWith(unit, "areas/")) {
    absl::StatusOr<std::string> area = ParseAreaName(unit, field);
    if (!area.ok()) return area.status();
    return v1::UNIT_AREA;
  }
  if (absl::StartsWith(unit, "divisions/")) {
    absl::StatusOr<std::string> division = ParseDivisionName(unit, field);
    if (!division.ok()) return division.status();
    return v1::UNIT_DIVISION;
  }
  if (unit.empty()) return InvalidFieldError(field, "is required");
  return InvalidFieldError(field,
                           "must be a store (merchants/{uscc}/stores/{id}), a merchant "
                           "(merchants/{uscc}), an area (areas/{id}) or a division "
                           "(divisions/{code})");
}

absl::string_view UnitKindLabel(v1::UnitKind kind) {
  switch (kind) {
    case v1::UNIT_STORE:
      return "store";
    case v1::UNIT_MERCHANT:
      return "merchant";
    case v1::UNIT_AREA:
      return "area";
    case v1::UNIT_DIVISION:
      return "division";
    default:
      return "unit";
  }
}

}  // namespace fangxin
