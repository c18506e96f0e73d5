// CommittedEvents' wire form (framed_events): every event a watch hands over carries, in
// EventBatch::framed, exactly the bytes protobuf writes for it as an element of
// WatchEventsResponse.events, both for live groups built by the committer and for history read
// back from storage.

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fangxin/v1/event_service.pb.h"
#include "gtest/gtest.h"
#include "storage/event_watch.h"
#include "tests/unit/storage/feed_fixture.h"

namespace fangxin::storage::testing {
namespace {

// What protobuf writes for `event` inside a response: a response holding only that event
// (progress_revision 0 is not written) serializes to exactly its field-1 element.
std::string ExpectedFramed(const fangxin::v1::Event& event) {
  fangxin::v1::WatchEventsResponse response;
  *response.add_events() = event;
  return response.SerializeAsString();
}

class FramedEventsTest : public FeedRegistryTest {
 protected:
  // Commits a single store, one whose event is over 1 KB (a two-byte length) and a commit of
  // a merchant and a store; returns the revision of the last.
  int64_t CommitMixed() {
    MustCommit(Creating(OpenStore("merchants/m/stores/small", "1")));
    auto large = OpenStore("merchants/m/stores/large", "1");
    large->set_display_name(std::string(1500, 'x'));
    MustCommit(Creating(large));
    ChangeSet pair = Creating(MakeMerchant("merchants/m2", "91320900MA1234567X"));
    pair.writes.push_back({OpenStore("merchants/m2/stores/s", "1"), Expect::kAbsent, 0});
    return MustCommit(std::move(pair)).revision;
  }

  // Takes batches until progress reaches `last`; checks every event's framed bytes and
  // returns how many events were checked.
  int CheckFramedUntil(EventWatch& watch, int64_t last) {
    int checked = 0;
    for (int batches = 0; batches < 100; ++batches) {
      absl::StatusOr<EventBatch> batch = watch.Next(1000);
      EXPECT_TRUE(batch.ok()) << batch.status();
      if (!batch.ok()) return checked;
      EXPECT_EQ(batch->framed.size(), batch->events.size());
      if (batch->framed.size() != batch->events.size()) return checked;
      for (size_t i = 0; i < batch->events.size(); ++i) {
        const fangxin::v1::Event& event = *batch->events[i];
        EXPECT_EQ(std::string(batch->framed[i]), ExpectedFramed(event))
            << "revision " << event.revision() << " index " << event.index();
        ++checked;
      }
      if (batch->progress_revision >= last) return checked;
    }
    ADD_FAILURE() << "progress never reached " << last;
    return checked;
  }
};

TEST_F(FramedEventsTest, LiveGroupsCarryEachEventsWireForm) {
  auto watch = registry_->Watch(0, WatchFilter{}, [] {});
  const int64_t last = CommitMixed();
  // The committer publishes a group before answering its commits, so all are queued by now.
  EXPECT_EQ(CheckFramedUntil(*watch, last), 4);
}

TEST_F(FramedEventsTest, HistoryReadsCarryEachEventsWireForm) {
  const int64_t first = registry_->CurrentRevision() + 1;
  const int64_t last = CommitMixed();
  auto watch = registry_->Watch(first, WatchFilter{}, [] {});
  EXPECT_EQ(CheckFramedUntil(*watch, last), 4);
}

TEST_F(FramedEventsTest, FilteredEventsKeepTheirOwnBytes) {
  // A filter that skips the merchant in the middle of a commit must not shift the store's
  // bytes onto the merchant's.
  WatchFilter stores_only;
  stores_only.collections = {"stores"};
  auto live = registry_->Watch(0, stores_only, [] {});
  const int64_t first = registry_->CurrentRevision() + 1;
  const int64_t last = CommitMixed();
  EXPECT_EQ(CheckFramedUntil(*live, last), 3);
  auto history = registry_->Watch(first, stores_only, [] {});
  EXPECT_EQ(CheckFramedUntil(*history, last), 3);
}

TEST_F(FramedEventsTest, GroupsBuiltWithoutWireFormHaveNone) {
  CommittedEvents group;
  group.events.resize(2);
  EXPECT_TRUE(group.Framed(0).empty());
  EXPECT_TRUE(group.Framed(1).empty());
}

TEST(AppendFramedEventTest, MatchesProtobufAcrossVarintLengths) {
  // Event sizes on both sides of the one-, two- and three-byte length boundaries (127, 16383).
  std::set<size_t> length_bytes;
  for (size_t name :
       {0u, 1u, 120u, 124u, 125u, 126u, 127u, 130u, 16376u, 16380u, 16381u, 16382u, 16400u}) {
    fangxin::v1::Event event;
    event.set_resource_name(std::string(name, 'a'));
    const std::string bytes = event.SerializeAsString();
    std::string framed = "prefix";  // Appends; never replaces.
    AppendFramedEvent(bytes, &framed);
    fangxin::v1::WatchEventsResponse response;
    *response.add_events() = event;
    EXPECT_EQ(framed, "prefix" + response.SerializeAsString()) << "event of " << bytes.size();
    length_bytes.insert(framed.size() - 6 - 1 - bytes.size());
  }
  EXPECT_EQ(length_bytes, (std::set<size_t>{1, 2, 3}));
}

}  // namespace
}  // namespace fangxin::storage::testing
