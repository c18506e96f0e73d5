#ifndef FANGXIN_SERVICES_PLEDGE_PLEDGE_TERMINATION_H_
#define FANGXIN_SERVICES_PLEDGE_PLEDGE_TERMINATION_H_

// Closing a store ends its pledges: every DRAFT, ACTIVE or SUSPENDED pledge of the store becomes
// TERMINATED in the same commit as the closure, so the registry never shows a pledge in force
// at a closed shop. MerchantCore calls this from CloseStore and CloseMerchant.

#include <string>

#include "absl/status/status.h"
#include "storage/registry.h"

namespace fangxin {

// Appends to `change` a write terminating each live pledge of `store` (expecting its current
// mod_revision, so a concurrent change to one of them aborts the closure rather than being
// overwritten), with `reason` as the pledge's state_reason. Reads at most a few pages of the
// store's pledges; a store has a handful.
absl::Status AddPledgeTerminations(storage::Registry& registry, const std::string& store,
                                   const std::string& reason, storage::ChangeSet* change);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_PLEDGE_PLEDGE_TERMINATION_H_
