#ifndef FANGXIN_SERVICES_PLEDGE_STORE_PLEDGES_H_
#define FANGXIN_SERVICES_PLEDGE_STORE_PLEDGES_H_

// What a change to a store does to its live (DRAFT, ACTIVE, SUSPENDED) pledges, in the same
// commit as the store change. MerchantCore calls these from CloseStore, CloseMerchant and
// UpdateStore.

#include <string>

#include "absl/status/status.h"
#include "fangxin/v1/resources.pb.h"
#include "storage/registry.h"

namespace fangxin {

// Closing a store ends its pledges: each live pledge of `store` becomes TERMINATED with `reason`
// as its state_reason, so the registry never shows a pledge in force at a closed shop. Each write
// expects the pledge's current mod_revision, so a concurrent change to one of them aborts the
// closure rather than being overwritten.
absl::Status AddPledgeTerminations(storage::Registry& registry, const std::string& store,
                                   const std::string& reason, storage::ChangeSet* change);

// Moving a store moves its pledges: a pledge carries its store's division, township and area
// (coverage counts and event filters read them), so each live pledge whose copy differs from
// `moved` is rewritten with the store's new place.
absl::Status AddPledgeRelocations(storage::Registry& registry, const v1::Store& moved,
                                  storage::ChangeSet* change);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_PLEDGE_STORE_PLEDGES_H_
