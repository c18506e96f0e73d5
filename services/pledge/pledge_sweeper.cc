#include "services/pledge/pledge_sweeper.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fangxin/v1/resources.pb.h"
#include "services/pledge/pledge_keys.h"
#include "services/pledge/pledge_rules.h"

namespace fangxin {
namespace {

constexpr char kSweeperActor[] = "system/pledge-sweeper";
// Pledges examined per scan page; the sweep pages through all due ones.
constexpr int kPage = 200;

absl::Time ToTime(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

storage::ChangeSet SystemChange(const char* method, const std::string& reason) {
  storage::ChangeSet change;
  change.actor = {kSweeperActor, v1::ROLE_ADMIN};
  change.method = method;
  change.reason = reason;
  return change;
}

// What is due for `pledge` at `now`, if anything.
std::optional<PledgeAction> DueAction(const v1::Pledge& pledge, absl::Time now) {
  if (pledge.has_withdraw_effective_time() && ToTime(pledge.withdraw_effective_time()) <= now) {
    return PledgeAction::kCompleteWithdrawal;
  }
  if (ToTime(pledge.valid_until()) <= now) return PledgeAction::kExpire;
  return std::nullopt;
}

// The due pledges of one state.
absl::StatusOr<std::vector<v1::Pledge>> DuePledges(storage::Registry& registry,
                                                   v1::PledgeState state, absl::Time now) {
  std::vector<v1::Pledge> due;
  storage::ScanQuery query;
  query.collection = pledge_index::kCollection;
  query.index = pledge_index::kState;
  query.value = absl::StrCat(static_cast<int>(state));
  query.limit = kPage;
  query.filter = [now](const google::protobuf::Message& m) {
    return DueAction(static_cast<const v1::Pledge&>(m), now).has_value();
  };
  while (true) {
    absl::StatusOr<storage::ScanResult> page = registry.Scan(query);
    if (!page.ok()) return page.status();
    for (const auto& r : page->resources) due.push_back(static_cast<const v1::Pledge&>(*r));
    if (page->done) return due;
    query.start_after = page->last_key;
  }
}

}  // namespace

absl::StatusOr<PledgeSweeper::Result> PledgeSweeper::SweepOnce() {
  const absl::Time now = clock_->Now();
  Result result;
  for (v1::PledgeState state :
       {v1::PLEDGE_STATE_DRAFT, v1::PLEDGE_STATE_ACTIVE, v1::PLEDGE_STATE_SUSPENDED}) {
    absl::StatusOr<std::vector<v1::Pledge>> due = DuePledges(*registry_, state, now);
    if (!due.ok()) return due.status();
    for (const v1::Pledge& pledge : *due) {
      const PledgeAction action = *DueAction(pledge, now);
      absl::StatusOr<v1::PledgeState> next = NextPledgeState(pledge, action);
      if (!next.ok()) continue;
      auto updated = std::make_shared<v1::Pledge>(pledge);
      updated->set_state(*next);
      const bool expiring = action == PledgeAction::kExpire;
      storage::ChangeSet change = SystemChange(
          expiring ? "system/pledge-sweeper/Expire" : "system/pledge-sweeper/CompleteWithdrawal",
          expiring ? "valid_until passed" : "withdrawal notice period ended");
      change.writes.push_back({updated, storage::Expect::kModRevision, pledge.mod_revision()});
      absl::StatusOr<storage::CommitResult> committed = registry_->CommitAndWait(std::move(change));
      if (!committed.ok()) {
        if (committed.status().code() == absl::StatusCode::kAborted) continue;
        return committed.status();
      }
      ++(expiring ? result.expired : result.withdrawn);
      if (!expiring || pledge.successor().empty()) continue;

      // The renewal takes over.
      auto stored = registry_->Get(pledge.successor());
      if (!stored.ok()) continue;
      auto successor = std::make_shared<v1::Pledge>(static_cast<const v1::Pledge&>(**stored));
      if (successor->state() != v1::PLEDGE_STATE_DRAFT || ToTime(successor->valid_until()) <= now) {
        continue;
      }
      successor->set_state(v1::PLEDGE_STATE_ACTIVE);
      google::protobuf::Timestamp ts;
      ts.set_seconds(absl::ToUnixSeconds(now));
      *successor->mutable_activate_time() = ts;
      storage::ChangeSet activation = SystemChange("system/pledge-sweeper/ActivateRenewal",
                                                   absl::StrCat("renews ", pledge.name()));
      const int64_t revision = successor->mod_revision();
      activation.writes.push_back({std::move(successor), storage::Expect::kModRevision, revision});
      if (registry_->CommitAndWait(std::move(activation)).ok()) ++result.successors_activated;
    }
  }
  return result;
}

void PledgeSweeper::Start(absl::Duration interval) {
  // A failure is retried on the next tick.
  ticker_.Start(interval, [this] { (void)SweepOnce(); });
}

void PledgeSweeper::Stop() { ticker_.Stop(); }

}  // namespace fangxin
