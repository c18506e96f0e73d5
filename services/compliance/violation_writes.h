#ifndef FANGXIN_SERVICES_COMPLIANCE_VIOLATION_WRITES_H_
#define FANGXIN_SERVICES_COMPLIANCE_VIOLATION_WRITES_H_

// Adds a Violation of a pledge to a change set, and, when the violation policy says the pledge's
// record is now bad enough, the pledge's automatic suspension (through the pledge transition
// table, flagged for a regulator) to the same change set: the violation and its consequence
// commit together or not at all.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/compliance/violation_policy.h"
#include "storage/registry.h"

namespace fangxin {

struct ViolationSource {
  std::string complaint;   // `complaints/{id}`, or
  std::string inspection;  // `inspections/{id}`.
};

// Reads the pledge and its earlier violations, appends the new violation (named
// `violations/{new id}`) and possibly the suspended pledge to `change`. Returns the violation's
// name. A pledge that is not ACTIVE is never suspended (a SUSPENDED one already is; a final one
// is over) but the violation is still recorded.
//
// Two violations of the same pledge committed concurrently may each count only the other's
// predecessors; the next violation (or a regulator) then catches up. The pledge write carries its
// mod_revision, so a concurrent pledge change aborts the whole commit rather than being lost.
absl::StatusOr<std::string> AddViolation(storage::Registry& registry, const std::string& pledge,
                                         const ViolationSource& source, absl::Time now,
                                         const ViolationPolicy& policy,
                                         storage::ChangeSet* change);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMPLIANCE_VIOLATION_WRITES_H_
