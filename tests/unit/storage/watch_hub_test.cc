// Registry::Watch: whole commits in order without gaps or duplicates, live and from history
// (also while writes go on), filters, the slow-watcher cut-off, compaction and closing.

#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "storage/event_watch.h"
#include "tests/unit/storage/feed_fixture.h"

namespace fangxin::storage::testing {
namespace {

// Drains a watch on the test thread, waiting for on_ready between empty batches. Records the
// revisions and events seen and the progress reported.
class Collector {
 public:
  void OnReady() {
    absl::MutexLock lock(&mu_);
    ready_ = true;
  }

  // Takes batches until `until` is reached (progress or events) or an error; bounded wait.
  absl::Status DrainUntil(EventWatch& watch, int64_t until) {
    for (int idle = 0; idle < 500;) {
      absl::StatusOr<EventBatch> batch = watch.Next(100);
      if (!batch.ok()) return batch.status();
      EXPECT_GE(batch->progress_revision, progress_) << "progress went backwards";
      progress_ = batch->progress_revision;
      for (const fangxin::v1::Event* e : batch->events) events_.push_back(*e);
      if (progress_ >= until) return absl::OkStatus();
      if (batch->events.empty()) {
        absl::MutexLock lock(&mu_);
        mu_.AwaitWithTimeout(absl::Condition(&ready_), absl::Milliseconds(10));
        ready_ = false;
        ++idle;
      }
    }
    return absl::DeadlineExceededError(absl::StrCat("progress stuck at ", progress_));
  }

  // Revisions seen, each once, and whole: every event of a commit, indexes 0..count-1.
  std::vector<int64_t> CheckedRevisions() const {
    std::vector<int64_t> revisions;
    for (size_t i = 0; i < events_.size();) {
      const int64_t revision = events_[i].revision();
      if (!revisions.empty()) EXPECT_GT(revision, revisions.back()) << "out of order or repeated";
      revisions.push_back(revision);
      const int count = events_[i].count();
      for (int k = 0; k < count; ++k, ++i) {
        EXPECT_LT(i, events_.size()) << "revision " << revision << " split";
        if (i >= events_.size()) return revisions;
        EXPECT_EQ(events_[i].revision(), revision);
        EXPECT_EQ(events_[i].index(), k);
      }
    }
    return revisions;
  }

  const std::vector<fangxin::v1::Event>& events() const { return events_; }
  int64_t progress() const { return progress_; }

 private:
  absl::Mutex mu_;
  bool ready_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<fangxin::v1::Event> events_;
  int64_t progress_ = 0;
};

std::vector<int64_t> Range(int64_t from, int64_t to) {
  std::vector<int64_t> out;
  for (int64_t r = from; r <= to; ++r) out.push_back(r);
  return out;
}

class WatchTest : public FeedRegistryTest {
 protected:
  std::unique_ptr<EventWatch> Watch(int64_t from, Collector* collector, WatchFilter filter = {}) {
    return registry_->Watch(from, std::move(filter), [collector] { collector->OnReady(); });
  }
  void CommitStores(int n, const std::string& division = "1", const std::string& area = "") {
    for (int i = 0; i < n; ++i) {
      MustCommit(
          Creating(OpenStore(absl::StrCat("merchants/m/stores/w", next_++), division, area)));
    }
  }
  // A commit of two stores.
  void CommitPair() {
    ChangeSet change = Creating(OpenStore(absl::StrCat("merchants/m/stores/w", next_++), "1"));
    change.writes.push_back(
        {OpenStore(absl::StrCat("merchants/m/stores/w", next_++), "1"), Expect::kAbsent, 0});
    MustCommit(std::move(change));
  }
  int next_ = 0;
};

TEST_F(WatchTest, FromNowSeesOnlyLaterCommitsWhole) {
  CommitStores(3);
  Collector c;
  auto watch = Watch(0, &c);
  CommitPair();
  CommitStores(2);
  ASSERT_TRUE(c.DrainUntil(*watch, 6).ok());
  EXPECT_EQ(c.CheckedRevisions(), Range(4, 6));
  EXPECT_EQ(c.events().size(), 4u);
}

TEST_F(WatchTest, FromThePastReadsHistoryThenLive) {
  CommitStores(300);  // More than one history chunk.
  Collector c;
  auto watch = Watch(2, &c);
  CommitPair();
  ASSERT_TRUE(c.DrainUntil(*watch, 301).ok());
  EXPECT_EQ(c.CheckedRevisions(), Range(2, 301));
}

// History is read while commits keep arriving: the switch to live must neither lose nor repeat
// a revision.
TEST_F(WatchTest, CatchUpDuringWritesHasNoGapsOrDuplicates) {
  CommitStores(200);
  std::thread writer([&] { CommitStores(300, "2"); });
  Collector c;
  auto watch = Watch(1, &c);
  const absl::Status drained = c.DrainUntil(*watch, 500);
  writer.join();
  ASSERT_TRUE(drained.ok()) << drained;
  EXPECT_EQ(c.CheckedRevisions(), Range(1, 500));
}

TEST_F(WatchTest, FiltersByCollectionAndScopeButProgressCoversEverything) {
  Collector by_area;
  WatchFilter area_filter;
  area_filter.scopes = {"areas/mall"};
  auto area_watch = Watch(0, &by_area, area_filter);
  Collector by_collection;
  WatchFilter merchants_only;
  merchants_only.collections = {"merchants"};
  auto merchant_watch = Watch(0, &by_collection, merchants_only);

  CommitStores(1, "1", "mall");                      // 1: in the mall
  CommitStores(1, "1");                              // 2: not
  MustCommit(Creating(MakeMerchant("merchants/m", "91320900MA1MXXXXX0")));  // 3
  CommitStores(1, "2", "mall");                      // 4: in the mall
  ASSERT_TRUE(by_area.DrainUntil(*area_watch, 4).ok());
  ASSERT_TRUE(by_collection.DrainUntil(*merchant_watch, 4).ok());
  EXPECT_EQ(by_area.CheckedRevisions(), (std::vector<int64_t>{1, 4}));
  EXPECT_EQ(by_collection.CheckedRevisions(), (std::vector<int64_t>{3}));
  EXPECT_EQ(by_area.progress(), 4);
}

TEST_F(WatchTest, SlowWatcherIsCutOffWhileOthersAndWritersGoOn) {
  RegistryOptions options = Options();
  options.watch_queue_events = 10;
  Open(options);
  Collector stalled, healthy;
  auto stalled_watch = Watch(0, &stalled);
  auto healthy_watch = Watch(0, &healthy);
  ASSERT_TRUE(stalled.DrainUntil(*stalled_watch, 0).ok());
  for (int i = 0; i < 30; ++i) {
    CommitStores(1);
    ASSERT_TRUE(healthy.DrainUntil(*healthy_watch, i + 1).ok());
  }
  EXPECT_EQ(healthy.CheckedRevisions(), Range(1, 30));
  absl::StatusOr<EventBatch> cut = stalled_watch->Next(100);
  EXPECT_EQ(cut.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrorReasonOf(cut.status()), "WATCHER_TOO_SLOW");
  EXPECT_EQ(ErrorMetadata(cut.status(), "last_delivered_revision"), "0");
  // It resumes from its last delivered revision + 1 and misses nothing.
  Collector resumed;
  auto again = Watch(1, &resumed);
  ASSERT_TRUE(resumed.DrainUntil(*again, 30).ok());
  EXPECT_EQ(resumed.CheckedRevisions(), Range(1, 30));
}

TEST_F(WatchTest, CompactedStartIsAnErrorNotASkip) {
  CommitStores(10);
  ASSERT_TRUE(registry_->CompactEvents(6).ok());
  Collector c;
  auto watch = Watch(3, &c);
  absl::Status status = c.DrainUntil(*watch, 10);
  EXPECT_EQ(status.code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(ErrorMetadata(status, "oldest_revision"), "6");
  EXPECT_TRUE(c.events().empty());
}

TEST_F(WatchTest, CloseWatchesEndsThemUnavailable) {
  Collector c;
  auto watch = Watch(0, &c);
  registry_->CloseWatches();
  EXPECT_EQ(c.DrainUntil(*watch, 1).code(), absl::StatusCode::kUnavailable);
  Collector later;
  auto late = Watch(0, &later);
  EXPECT_EQ(later.DrainUntil(*late, 1).code(), absl::StatusCode::kUnavailable);
  CommitStores(1);  // Commits go on.
}

}  // namespace
}  // namespace fangxin::storage::testing
