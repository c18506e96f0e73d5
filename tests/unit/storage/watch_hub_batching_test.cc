// WatchHub batching: a watcher that lags behind the committer gets everything queued for it in
// one batch (one WatchEventsResponse), bounded in size, in revision order, with no gap, no
// duplicate and no commit split; a watcher that keeps up gets each commit as it comes.
//
// Drives the hub directly with hand-built commit groups, so the lag is exact, not timed.

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/event_watch.h"
#include "storage/watch_hub.h"

namespace fangxin::storage {
namespace {

// One group of one commit at `revision` with `events` events.
std::shared_ptr<const CommittedEvents> Commit(int64_t revision, int events) {
  auto group = std::make_shared<CommittedEvents>();
  group->first_revision = revision;
  group->last_revision = revision;
  for (int i = 0; i < events; ++i) {
    fangxin::v1::Event& e = group->events.emplace_back();
    e.set_revision(revision);
    e.set_index(i);
    e.set_count(events);
    e.set_resource_name(absl::StrCat("merchants/m/stores/s", revision, "-", i));
    group->scopes.emplace_back();
  }
  return group;
}

// A hub whose watchers start live (from the next commit), so history is never read.
class BatchingTest : public ::testing::Test {
 protected:
  BatchingTest()
      : hub_(
            [](int64_t from, int64_t, int) -> absl::StatusOr<std::shared_ptr<const CommittedEvents>> {
              return absl::InternalError(absl::StrCat("history read from ", from, " unexpected"));
            },
            WatchHub::Options{}, /*current_revision=*/0) {}

  std::unique_ptr<EventWatch> WatchFromNow() {
    return hub_.Watch(0, WatchFilter{}, [this] { ++ready_calls_; });
  }

  // (revision, index) of every event of `batch`, checked against what `expected_next` says
  // comes next: consecutive revisions, each commit whole.
  static void ExpectWholeCommitsFrom(const EventBatch& batch, int64_t* expected_next) {
    for (size_t i = 0; i < batch.events.size();) {
      const fangxin::v1::Event& first = *batch.events[i];
      EXPECT_EQ(first.revision(), *expected_next) << "gap, duplicate or reordering";
      for (int k = 0; k < first.count(); ++k, ++i) {
        ASSERT_LT(i, batch.events.size()) << "revision " << first.revision() << " split";
        EXPECT_EQ(batch.events[i]->revision(), first.revision());
        EXPECT_EQ(batch.events[i]->index(), k);
      }
      *expected_next = first.revision() + 1;
    }
  }

  WatchHub hub_;
  int ready_calls_ = 0;
};

TEST_F(BatchingTest, LaggingWatcherGetsEveryQueuedCommitInOneBatchInOrder) {
  auto watch = WatchFromNow();
  ASSERT_TRUE(watch->Next(256).ok());  // Nothing yet: the watcher now waits for on_ready.
  for (int64_t r = 1; r <= 10; ++r) hub_.Publish(Commit(r, 2));
  EXPECT_EQ(ready_calls_, 1) << "one wake-up for the whole backlog";

  absl::StatusOr<EventBatch> batch = watch->Next(256);
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ(batch->events.size(), 20u) << "all ten queued commits in one batch";
  EXPECT_EQ(batch->progress_revision, 10);
  int64_t next = 1;
  ExpectWholeCommitsFrom(*batch, &next);
  EXPECT_EQ(next, 11);

  absl::StatusOr<EventBatch> empty = watch->Next(256);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->events.empty()) << "nothing handed over twice";
  EXPECT_EQ(empty->progress_revision, 10);
}

TEST_F(BatchingTest, SizeBoundEndsABatchBetweenCommitsNeverInsideOne) {
  auto watch = WatchFromNow();
  ASSERT_TRUE(watch->Next(4).ok());
  for (int64_t r = 1; r <= 10; ++r) hub_.Publish(Commit(r, 3));

  // With a bound of 4 events, each batch holds two whole commits of 3 (the second crosses the
  // bound rather than being split) and the backlog drains over five batches.
  int64_t next = 1;
  int64_t progress = 0;
  std::vector<size_t> sizes;
  for (int i = 0; i < 6; ++i) {
    absl::StatusOr<EventBatch> batch = watch->Next(4);
    ASSERT_TRUE(batch.ok()) << batch.status();
    if (batch->events.empty()) break;
    sizes.push_back(batch->events.size());
    ExpectWholeCommitsFrom(*batch, &next);
    EXPECT_GE(batch->progress_revision, progress);
    progress = batch->progress_revision;
    EXPECT_EQ(progress, next - 1) << "progress covers exactly what was handed over";
  }
  EXPECT_EQ(sizes, std::vector<size_t>(5, 6));
  EXPECT_EQ(next, 11);
}

TEST_F(BatchingTest, WatcherThatKeepsUpGetsEachCommitAsItComes) {
  auto watch = WatchFromNow();
  ASSERT_TRUE(watch->Next(256).ok());
  int64_t next = 1;
  for (int64_t r = 1; r <= 5; ++r) {
    hub_.Publish(Commit(r, 2));
    EXPECT_EQ(ready_calls_, r);
    absl::StatusOr<EventBatch> batch = watch->Next(256);
    ASSERT_TRUE(batch.ok()) << batch.status();
    EXPECT_EQ(batch->events.size(), 2u);
    ExpectWholeCommitsFrom(*batch, &next);
    ASSERT_TRUE(watch->Next(256).ok());  // Drained: re-arms on_ready.
  }
  EXPECT_EQ(next, 6);
}

}  // namespace
}  // namespace fangxin::storage
