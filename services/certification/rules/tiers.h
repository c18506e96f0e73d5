#ifndef FANGXIN_SERVICES_CERTIFICATION_RULES_TIERS_H_
#define FANGXIN_SERVICES_CERTIFICATION_RULES_TIERS_H_

// The tiered cultivation list and the lower-level requirement, both read from the
// certificates a unit holds. Pure and thread-safe.

#include <vector>

#include "fangxin/v1/certification.pb.h"
#include "fangxin/v1/certification_service.pb.h"

namespace fangxin {

// The tiers of `certificates` (the caller has filtered them by division and category): each
// unit appears once, in the tier of its highest-level VALID or RECTIFYING certificate (among
// equals: VALID before RECTIFYING, then the later valid_until, then the smaller name); REVOKED
// and EXPIRED certificates, and certificates without a level, are ignored. Tiers run highest
// level first and only levels with units appear; units are sorted by display name, then by
// unit name. read_revision is left 0 for the caller.
v1::ListTiersResponse BuildTiers(const std::vector<v1::Certificate>& certificates);

// Whether a unit holding `held` may apply to `programme`: true when the programme does not
// require the lower level or has none (CULTIVATING); otherwise true when `held` has a VALID
// certificate of the programme's category exactly at LevelBelow(programme.level()).
bool HoldsLevelBelow(const v1::Programme& programme, const std::vector<v1::Certificate>& held);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_CERTIFICATION_RULES_TIERS_H_
