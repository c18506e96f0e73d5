#include "services/pledge/pledge_keys.h"

#include <string>

#include "gtest/gtest.h"

namespace fangxin::pledge_index {
namespace {

bool HasLiveEntry(const v1::Pledge& pledge) {
  for (const storage::IndexEntry& e : PledgeIndexEntries(pledge)) {
    if (e.index == kLive) {
      EXPECT_TRUE(e.unique);
      EXPECT_EQ(e.value, LiveKey(pledge.store(), pledge.kind()));
      return true;
    }
  }
  return false;
}

// The unique entry that enforces "one live pledge of a kind per store" exists exactly while the
// pledge is ACTIVE or SUSPENDED.
TEST(PledgeKeysTest, LiveEntryOnlyWhileActiveOrSuspended) {
  v1::Pledge pledge;
  pledge.set_store("merchants/91320902MA1XXXXXXX/stores/s1");
  pledge.set_kind(v1::PLEDGE_KIND_NO_REASON_RETURN);
  for (int s = v1::PledgeState_MIN; s <= v1::PledgeState_MAX; ++s) {
    pledge.set_state(static_cast<v1::PledgeState>(s));
    EXPECT_EQ(HasLiveEntry(pledge), s == v1::PLEDGE_STATE_ACTIVE || s == v1::PLEDGE_STATE_SUSPENDED)
        << v1::PledgeState_Name(pledge.state());
  }
}

TEST(PledgeKeysTest, ValuesHoldNoSlashAndKindsDiffer) {
  const std::string store = "merchants/91320902MA1XXXXXXX/stores/s1";
  EXPECT_EQ(StoreKey(store), "merchants:91320902MA1XXXXXXX:stores:s1");
  EXPECT_NE(LiveKey(store, v1::PLEDGE_KIND_NO_REASON_RETURN),
            LiveKey(store, v1::PLEDGE_KIND_ADVANCE_COMPENSATION));
  v1::Pledge pledge;
  pledge.set_store(store);
  pledge.set_state(v1::PLEDGE_STATE_ACTIVE);
  pledge.set_division("divisions/320902");
  pledge.set_township("divisions/320902001");
  pledge.set_area("areas/wanda");
  for (const storage::IndexEntry& e : PledgeIndexEntries(pledge)) {
    EXPECT_EQ(e.value.find('/'), std::string::npos) << e.index;
  }
}

}  // namespace
}  // namespace fangxin::pledge_index
