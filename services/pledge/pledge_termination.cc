#include "services/pledge/pledge_termination.h"

#include <memory>

#include "services/pledge/pledge_keys.h"
#include "services/pledge/pledge_rules.h"

namespace fangxin {

absl::Status AddPledgeTerminations(storage::Registry& registry, const std::string& store,
                                   const std::string& reason, storage::ChangeSet* change) {
  storage::ScanQuery query;
  query.collection = pledge_index::kCollection;
  query.index = pledge_index::kStore;
  query.value = pledge_index::StoreKey(store);
  query.limit = 100;
  query.filter = [](const google::protobuf::Message& m) {
    return !IsFinalPledgeState(static_cast<const v1::Pledge&>(m).state());
  };
  // Renewals, amendments and withdrawals keep the live set of a store small; the bound only
  // keeps a corrupt store from looping forever.
  for (int page = 0; page < 100; ++page) {
    absl::StatusOr<storage::ScanResult> result = registry.Scan(query);
    if (!result.ok()) return result.status();
    for (const auto& resource : result->resources) {
      auto pledge = std::make_shared<v1::Pledge>(static_cast<const v1::Pledge&>(*resource));
      absl::StatusOr<v1::PledgeState> next =
          NextPledgeState(pledge->state(), PledgeAction::kTerminate);
      if (!next.ok()) continue;
      const int64_t revision = pledge->mod_revision();
      pledge->set_state(*next);
      pledge->set_state_reason(reason);
      pledge->clear_withdraw_effective_time();
      change->writes.push_back({std::move(pledge), storage::Expect::kModRevision, revision});
    }
    if (result->done) return absl::OkStatus();
    query.start_after = result->last_key;
  }
  return absl::InternalError("too many pledges for one store");
}

}  // namespace fangxin
