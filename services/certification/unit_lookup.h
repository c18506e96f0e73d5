#ifndef FANGXIN_SERVICES_CERTIFICATION_UNIT_LOOKUP_H_
#define FANGXIN_SERVICES_CERTIFICATION_UNIT_LOOKUP_H_

// The unit a certification is about, as the registry holds it now: its kind, its display name,
// where it lies (county division, township, area, merchant) and what authorization checks
// against. Applications and certificates copy the place, so that they can be listed by
// division or area and authorized without reading the unit again.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fangxin/v1/certification.pb.h"
#include "services/common/authz.h"
#include "storage/registry.h"

namespace fangxin {

struct UnitInfo {
  std::string name;  // The unit's resource name.
  v1::UnitKind kind = v1::UNIT_KIND_UNSPECIFIED;
  // Store display name, merchant legal name, area or division display name.
  std::string display_name;
  // The place, as apply: the county division (for a township: its parent), the township, the
  // area and the merchant. A division unit lies in itself.
  std::string division;
  std::string township;
  std::string area;
  std::string merchant;
  // Scopes are matched against this (services/common/authz.h).
  Target target;
  // False for a closed store or merchant and a retired area: they cannot apply.
  bool open = true;
  // Of the unit's stored resource, for a read check that it is unchanged at commit.
  int64_t mod_revision = 0;
};

// Reads `unit` (a store, merchant, area or division name). INVALID_ARGUMENT naming `field` for
// a malformed name or a city-level division (units are county or township divisions);
// NOT_FOUND when the unit does not exist. Thread-safe as the registry is.
absl::StatusOr<UnitInfo> LookupUnit(storage::Registry& registry, const std::string& unit,
                                    absl::string_view field);

// Reasons (ErrorInfo.reason) of the FAILED_PRECONDITION errors below.
inline constexpr char kUnitClosed[] = "UNIT_CLOSED";
inline constexpr char kUnitKindMismatch[] = "UNIT_KIND_MISMATCH";

// OK for an open unit; FAILED_PRECONDITION UNIT_CLOSED otherwise.
absl::Status RequireOpenUnit(const UnitInfo& unit);

// OK when `unit` is of the kind `programme` certifies; FAILED_PRECONDITION UNIT_KIND_MISMATCH
// otherwise.
absl::Status RequireUnitKind(const UnitInfo& unit, const v1::Programme& programme);

// Copies the unit's kind and place into an application or a certificate.
void CopyUnitPlace(const UnitInfo& unit, v1::Application* application);
void CopyUnitPlace(const UnitInfo& unit, v1::Certificate* certificate);

// The authorization target of an application or a certificate: the place it recorded.
Target PlaceTarget(const v1::Application& application);
Target PlaceTarget(const v1::Certificate& certificate);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_CERTIFICATION_UNIT_LOOKUP_H_
