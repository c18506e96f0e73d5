#ifndef FANGXIN_SERVICES_CERTIFICATION_RULES_UNIT_NAMES_H_
#define FANGXIN_SERVICES_CERTIFICATION_RULES_UNIT_NAMES_H_

// What kind of unit a resource name denotes. A certified unit is a store, a merchant, an area
// or a division; its kind follows from the shape of its name (services/common/names.h).
// Pure and thread-safe.

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "fangxin/v1/certification.pb.h"

namespace fangxin {

// `merchants/{uscc}/stores/{id}` → UNIT_STORE, `merchants/{uscc}` → UNIT_MERCHANT,
// `areas/{id}` → UNIT_AREA, `divisions/{code}` → UNIT_DIVISION. Anything else, or a name of the
// right shape with a bad part (a wrong credit-code check character, a bad id), is
// INVALID_ARGUMENT whose BadRequest detail names `field`. Existence is not checked.
absl::StatusOr<v1::UnitKind> UnitKindOfName(absl::string_view unit, absl::string_view field);

// "store", "merchant", "area", "division"; "unit" for UNIT_KIND_UNSPECIFIED.
absl::string_view UnitKindLabel(v1::UnitKind kind);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_CERTIFICATION_RULES_UNIT_NAMES_H_
