#include "services/pledge/store_pledges.h"

#include <functional>
#include <memory>

#include "services/pledge/pledge_keys.h"
#include "services/pledge/pledge_rules.h"

namespace fangxin {
namespace {

// Calls `visit` with a copy of each live pledge of `store`. Renewals, amendments and
// withdrawals keep a store's live set small; the page bound only keeps a corrupt store from
// looping forever.
absl::Status ForEachLivePledge(storage::Registry& registry, const std::string& store,
                               const std::function<void(std::shared_ptr<v1::Pledge>)>& visit) {
  storage::ScanQuery query;
  query.collection = pledge_index::kCollection;
  query.index = pledge_index::kStore;
  query.value = pledge_index::StoreKey(store);
  query.limit = 100;
  query.filter = [](const google::protobuf::Message& m) {
    return !IsFinalPledgeState(static_cast<const v1::Pledge&>(m).state());
  };
  for (int page = 0; page < 100; ++page) {
    absl::StatusOr<storage::ScanResult> result = registry.Scan(query);
    if (!result.ok()) return result.status();
    for (const auto& resource : result->resources) {
      visit(std::make_shared<v1::Pledge>(static_cast<const v1::Pledge&>(*resource)));
    }
    if (result->done) return absl::OkStatus();
    query.start_after = result->last_key;
  }
  return absl::InternalError("too many pledges for one store");
}

}  // namespace

absl::Status AddPledgeTerminations(storage::Registry& registry, const std::string& store,
                                   const std::string& reason, storage::ChangeSet* change) {
  return ForEachLivePledge(registry, store, [&](std::shared_ptr<v1::Pledge> pledge) {
    absl::StatusOr<v1::PledgeState> next =
        NextPledgeState(pledge->state(), PledgeAction::kTerminate);
    if (!next.ok()) return;
    const int64_t revision = pledge->mod_revision();
    pledge->set_state(*next);
    pledge->set_state_reason(reason);
    pledge->clear_withdraw_effective_time();
    change->writes.push_back({std::move(pledge), storage::Expect::kModRevision, revision});
  });
}

absl::Status AddPledgeRelocations(storage::Registry& registry, const v1::Store& moved,
                                  storage::ChangeSet* change) {
  return ForEachLivePledge(registry, moved.name(), [&](std::shared_ptr<v1::Pledge> pledge) {
    if (pledge->division() == moved.division() && pledge->township() == moved.township() &&
        pledge->area() == moved.area()) {
      return;
    }
    const int64_t revision = pledge->mod_revision();
    pledge->set_division(moved.division());
    pledge->set_township(moved.township());
    pledge->set_area(moved.area());
    change->writes.push_back({std::move(pledge), storage::Expect::kModRevision, revision});
  });
}

}  // namespace fangxin
