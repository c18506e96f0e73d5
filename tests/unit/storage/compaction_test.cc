// Event compaction: the retention rule, the committer's DeleteRange, the compacted-history
// error, and a consistency check that accepts compacted history.

#include <chrono>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/compaction.h"
#include "tests/unit/storage/feed_fixture.h"

namespace fangxin::storage::testing {
namespace {

// Revision r was committed at t0 + r minutes.
absl::StatusOr<absl::Time> MinutePerRevision(int64_t revision) {
  return absl::FromUnixSeconds(0) + absl::Minutes(revision);
}

TEST(ChooseOldestRevisionTest, Table) {
  struct Case {
    const char* what;
    absl::Duration retention;
    int64_t min_revisions;
    int64_t oldest;
    int64_t current;
    int64_t now_minutes;
    int64_t want;
  };
  const Case cases[] = {
      {"nothing old enough", absl::Minutes(100), 1, 1, 50, 60, 1},
      {"time decides", absl::Minutes(10), 1, 1, 50, 60, 50},
      {"cutoff mid-history", absl::Minutes(30), 1, 1, 50, 60, 30},
      {"min revisions decide", absl::Minutes(1), 20, 1, 50, 60, 31},
      {"never fewer than min", absl::Minutes(0), 50, 1, 50, 60, 1},
      {"never moves back", absl::Minutes(30), 1, 40, 50, 60, 40},
      {"empty registry", absl::Minutes(0), 1, 1, 0, 60, 1},
      {"keeps the last revision", absl::Minutes(0), 1, 1, 50, 1000, 50},
  };
  for (const Case& c : cases) {
    RetentionPolicy policy;
    policy.retention = c.retention;
    policy.min_revisions = c.min_revisions;
    absl::StatusOr<int64_t> got =
        ChooseOldestRevision(policy, c.oldest, c.current,
                             absl::FromUnixSeconds(0) + absl::Minutes(c.now_minutes),
                             MinutePerRevision);
    ASSERT_TRUE(got.ok()) << c.what << ": " << got.status();
    EXPECT_EQ(*got, c.want) << c.what;
  }
}

TEST(ChooseOldestRevisionTest, ReadErrorsPropagate) {
  RetentionPolicy policy;
  policy.retention = absl::ZeroDuration();
  policy.min_revisions = 1;
  auto failing = [](int64_t) -> absl::StatusOr<absl::Time> {
    return absl::UnavailableError("disk");
  };
  EXPECT_EQ(ChooseOldestRevision(policy, 1, 10, absl::Now(), failing).status().code(),
            absl::StatusCode::kUnavailable);
}

class CompactionTest : public FeedRegistryTest {
 protected:
  void CommitStores(int n) {
    for (int i = 0; i < n; ++i) {
      clock_.Advance(absl::Minutes(1));
      MustCommit(Creating(OpenStore(absl::StrCat("merchants/m/stores/c", next_++), "1")));
    }
  }
  int next_ = 0;
};

TEST_F(CompactionTest, CompactedRevisionsAreAnExplicitError) {
  CommitStores(20);
  ASSERT_TRUE(registry_->CompactEvents(11).ok());
  EXPECT_EQ(registry_->OldestRevision(), 11);

  absl::StatusOr<std::vector<fangxin::v1::Event>> old = registry_->ReadEvents(5, 10);
  EXPECT_EQ(old.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(ErrorReasonOf(old.status()), "REVISION_COMPACTED");
  EXPECT_EQ(ErrorMetadata(old.status(), "oldest_revision"), "11");

  absl::StatusOr<std::vector<fangxin::v1::Event>> from_oldest = registry_->ReadEvents(0, 100);
  ASSERT_TRUE(from_oldest.ok()) << from_oldest.status();
  ASSERT_EQ(from_oldest->size(), 10u);
  EXPECT_EQ(from_oldest->front().revision(), 11);
  EXPECT_EQ(from_oldest->back().revision(), 20);
  // Audit entries stay: they are the audit log's leaves.
  EXPECT_EQ(registry_->ReadAudit(1, 20)->size(), 20u);
  EXPECT_TRUE(registry_->CheckConsistency().ok()) << registry_->CheckConsistency();
}

TEST_F(CompactionTest, SurvivesReopenAndNeverMovesBack) {
  CommitStores(10);
  ASSERT_TRUE(registry_->CompactEvents(6).ok());
  ASSERT_TRUE(registry_->CompactEvents(3).ok());
  EXPECT_EQ(registry_->OldestRevision(), 6);
  Open();
  EXPECT_EQ(registry_->OldestRevision(), 6);
  EXPECT_EQ(registry_->ReadEvents(5, 1).status().code(), absl::StatusCode::kOutOfRange);
  CommitStores(1);
  EXPECT_TRUE(registry_->CheckConsistency().ok()) << registry_->CheckConsistency();
}

TEST_F(CompactionTest, CompactingBeyondTheCurrentRevisionStopsAfterIt) {
  CommitStores(5);
  ASSERT_TRUE(registry_->CompactEvents(1000).ok());
  EXPECT_EQ(registry_->OldestRevision(), 6);
  EXPECT_TRUE(registry_->ReadEvents(0, 10)->empty());
  CommitStores(1);
  EXPECT_EQ(registry_->ReadEvents(0, 10)->size(), 1u);
  EXPECT_TRUE(registry_->CheckConsistency().ok()) << registry_->CheckConsistency();
}

TEST_F(CompactionTest, TheCommitterAppliesTheRetentionPolicy) {
  RegistryOptions options = Options();
  options.event_retention.retention = absl::Minutes(5);
  options.event_retention.min_revisions = 3;
  options.compaction_interval = absl::ZeroDuration();
  Open(options);
  CommitStores(20);  // One minute apart: revision r at start + r minutes.
  // The committer checks retention after it has answered a group, so the check that follows
  // the last commit may still be running when the commit returns: wait for it (bounded).
  for (int i = 0; i < 500 && registry_->OldestRevision() < 15; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // Revisions committed in the last 5 minutes are kept, and nothing newer is dropped.
  EXPECT_EQ(registry_->OldestRevision(), 15);
  EXPECT_TRUE(registry_->CheckConsistency().ok()) << registry_->CheckConsistency();
}

}  // namespace
}  // namespace fangxin::storage::testing
