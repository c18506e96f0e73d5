// The committer: grouping of concurrent commits, order and isolation inside a group, sync
// policies, draining on close and refusal after a storage failure.

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "storage/rocksdb_registry.h"
#include "tests/unit/storage/registry_fixture.h"

namespace fangxin::storage::testing {
namespace {

using fangxin::v1::Store;

// Collects the results of asynchronous commits.
class Results {
 public:
  CommitCallback Callback(int i) {
    return [this, i](absl::StatusOr<CommitResult> r) {
      absl::MutexLock lock(&mu_);
      results_[i] = std::move(r);
      ++done_;
    };
  }
  explicit Results(int n) : results_(n, absl::UnknownError("pending")) {}
  void WaitForAll() {
    absl::MutexLock lock(&mu_);
    auto all_done = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return done_ == static_cast<int>(results_.size());
    };
    mu_.Await(absl::Condition(&all_done));
  }
  absl::StatusOr<CommitResult> operator[](int i) {
    absl::MutexLock lock(&mu_);
    return results_[i];
  }

 private:
  absl::Mutex mu_;
  std::vector<absl::StatusOr<CommitResult>> results_ ABSL_GUARDED_BY(mu_);
  int done_ ABSL_GUARDED_BY(mu_) = 0;
};

// The WAL under the tests' control: Hold blocks every write to it, so that a test can stop the
// committer thread inside a group's write (holding a commit's callback no longer holds the
// committer: callbacks run on the reply thread); `fail` fails every write and sync while set.
class ControlledWalFs : public rocksdb::FileSystemWrapper {
 public:
  explicit ControlledWalFs(std::shared_ptr<rocksdb::FileSystem> target)
      : FileSystemWrapper(std::move(target)) {}
  const char* Name() const override { return "ControlledWalFs"; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override {
    rocksdb::IOStatus s = target()->NewWritableFile(name, options, result, dbg);
    if (s.ok() && absl::EndsWith(name, ".log")) {
      *result = std::make_unique<File>(std::move(*result), this);
    }
    return s;
  }

  void Hold() {
    absl::MutexLock lock(&mu_);
    held_ = true;
  }
  // Waits until a WAL write is blocked by the hold.
  void WaitUntilBlocked() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&blocked_));
  }
  void Release() {
    absl::MutexLock lock(&mu_);
    held_ = false;
  }

  std::atomic<bool> fail{false};

 private:
  class File : public rocksdb::FSWritableFileOwnerWrapper {
   public:
    File(std::unique_ptr<rocksdb::FSWritableFile> target, ControlledWalFs* fs)
        : FSWritableFileOwnerWrapper(std::move(target)), fs_(fs) {}
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             rocksdb::IODebugContext* dbg) override {
      fs_->WaitWhileHeld();
      if (fs_->fail) return Injected();
      return FSWritableFileOwnerWrapper::Append(data, options, dbg);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                             const rocksdb::DataVerificationInfo& info,
                             rocksdb::IODebugContext* dbg) override {
      fs_->WaitWhileHeld();
      if (fs_->fail) return Injected();
      return FSWritableFileOwnerWrapper::Append(data, options, info, dbg);
    }
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
      if (fs_->fail) return Injected();
      return FSWritableFileOwnerWrapper::Sync(options, dbg);
    }

   private:
    static rocksdb::IOStatus Injected() {
      return rocksdb::IOStatus::IOError("injected WAL failure");
    }
    ControlledWalFs* const fs_;
  };

  bool Released() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !held_; }
  void WaitWhileHeld() {
    absl::MutexLock lock(&mu_);
    if (!held_) return;
    blocked_ = true;
    mu_.Await(absl::Condition(this, &ControlledWalFs::Released));
    blocked_ = false;
  }

  absl::Mutex mu_;
  bool held_ ABSL_GUARDED_BY(mu_) = false;
  bool blocked_ ABSL_GUARDED_BY(mu_) = false;
};

class GroupCommitTest : public RegistryTest {
 protected:
  GroupCommitTest()
      : fs_(std::make_shared<ControlledWalFs>(rocksdb::FileSystem::Default())),
        env_(rocksdb::NewCompositeEnv(fs_)) {}
  // The registry must close before env_ goes.
  ~GroupCommitTest() override { Close(); }

  void SetUp() override { Open(); }
  // RegistryTest's Open, over the holding file system.
  void Open() { Open(Options()); }
  void Open(const RegistryOptions& options) {
    Close();
    auto opened = RocksDbRegistry::Open(options, &schema_, env_.get());
    ASSERT_TRUE(opened.ok()) << opened.status();
    registry_ = std::move(opened).value();
  }

  // Stops the committer inside the write of a first commit's group until Release(), so that
  // the commits queued meanwhile form the next group, deterministically.
  void HoldCommitter() {
    fs_->Hold();
    registry_->Commit(Creating(MakeStore("merchants/hold/stores/h", "1")),
                      [](absl::StatusOr<CommitResult> r) { EXPECT_TRUE(r.ok()) << r.status(); });
    fs_->WaitUntilBlocked();
  }
  void Release() { fs_->Release(); }

  std::shared_ptr<ControlledWalFs> fs_;
  std::unique_ptr<rocksdb::Env> env_;
};

TEST_F(GroupCommitTest, ConcurrentCommittersShareWritesAndSyncs) {
  RegistryOptions options = Options();
  options.sync = SyncPolicy::kGroup;
  Open(options);
  constexpr int kThreads = 64;
  constexpr int kPerThread = 8;
  std::vector<std::thread> threads;
  std::vector<std::vector<int64_t>> revisions(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto result = registry_->CommitAndWait(
            Creating(MakeStore(absl::StrCat("merchants/m", t, "/stores/s", i), "320902")));
        ASSERT_TRUE(result.ok()) << result.status();
        revisions[t].push_back(result->revision);
      }
    });
  }
  for (auto& thread : threads) thread.join();

  constexpr int kCommits = kThreads * kPerThread;
  std::set<int64_t> all;
  for (const auto& r : revisions) all.insert(r.begin(), r.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kCommits));
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), kCommits);
  EXPECT_EQ(registry_->CurrentRevision(), kCommits);

  RegistryStats stats = registry_->Stats();
  EXPECT_EQ(stats.commits, kCommits);
  EXPECT_EQ(stats.syncs, stats.groups);
  EXPECT_LT(stats.groups, kCommits / 4) << "groups " << stats.groups;
  EXPECT_GT(stats.largest_group, 8);
  EXPECT_TRUE(registry_->CheckConsistency().ok()) << registry_->CheckConsistency();
}

TEST_F(GroupCommitTest, ReplayIsDetectedWhenTheFirstIsEarlierInTheSameGroup) {
  HoldCommitter();
  const int64_t groups_before = registry_->Stats().groups;
  Results results(3);
  registry_->Commit(Creating(MakeStore("merchants/m1/stores/s1", "320902"), "r1"),
                    results.Callback(0));
  registry_->Commit(Creating(MakeStore("merchants/m1/stores/s1", "320902"), "r1"),
                    results.Callback(1));
  ChangeSet reused = Creating(MakeStore("merchants/m1/stores/s2", "320902"), "r1");
  reused.request_digest = "something else";
  registry_->Commit(std::move(reused), results.Callback(2));
  Release();
  results.WaitForAll();

  ASSERT_TRUE(results[0].ok()) << results[0].status();
  ASSERT_TRUE(results[1].ok()) << results[1].status();
  EXPECT_FALSE(results[0]->replayed);
  EXPECT_TRUE(results[1]->replayed);
  EXPECT_EQ(results[1]->revision, results[0]->revision);
  // A replay from the group being built has no stored bytes at hand: answers serialize it.
  EXPECT_FALSE(results[0]->first_stored.empty());
  EXPECT_TRUE(results[1]->first_stored.empty());
  EXPECT_EQ(ErrorReasonOf(results[2].status()), "REQUEST_ID_REUSED");
  // The holder's group (still inside its write when groups_before was read), then all three
  // in one group.
  EXPECT_EQ(registry_->Stats().groups, groups_before + 2);
  EXPECT_EQ(registry_->CurrentRevision(), 2);
  EXPECT_EQ(registry_->ReadEvents(2, 10)->size(), 1u);
}

TEST_F(GroupCommitTest, ChecksInAGroupSeeEarlierCommitsAndRefusalsUseNoRevision) {
  auto existing = CreateStore("merchants/m1/stores/s0", "1");  // Revision 1.
  HoldCommitter();                                             // Revision 2.
  Results results(6);
  auto update = Copy<Store>(*registry_->Get("merchants/m1/stores/s0"));
  update->set_division("divisions/2");
  auto stale = Copy<Store>(*registry_->Get("merchants/m1/stores/s0"));
  stale->set_division("divisions/3");
  registry_->Commit(Creating(MakeStore("merchants/m1/stores/s1", "1")), results.Callback(0));
  registry_->Commit(Creating(MakeStore("merchants/m1/stores/s1", "9")), results.Callback(1));
  registry_->Commit(Updating(update, 1), results.Callback(2));
  registry_->Commit(Updating(stale, 1), results.Callback(3));
  registry_->Commit(Creating(MakeMerchant("merchants/a", "U1")), results.Callback(4));
  registry_->Commit(Creating(MakeMerchant("merchants/b", "U1")), results.Callback(5));
  Release();
  results.WaitForAll();

  EXPECT_EQ(results[0]->revision, 3);
  EXPECT_EQ(results[1].status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(results[2]->revision, 4);
  EXPECT_EQ(results[3].status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(results[4]->revision, 5);
  EXPECT_EQ(results[5].status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(registry_->CurrentRevision(), 5);
  EXPECT_EQ(static_cast<const Store&>(*registry_->Get("merchants/m1/stores/s1").value()).division(),
            "divisions/1");
  EXPECT_EQ(StoresIndexed("division", "2"), std::vector<std::string>{"merchants/m1/stores/s0"});
  EXPECT_TRUE(StoresIndexed("division", "3").empty());
  EXPECT_TRUE(StoresIndexed("division", "9").empty());
  EXPECT_TRUE(registry_->CheckConsistency().ok()) << registry_->CheckConsistency();
}

// ReadChecks are answered from the committer's memory of what earlier groups wrote; each commit
// here is a group of its own, so every check depends on that memory being kept up to date.
TEST_F(GroupCommitTest, ReadChecksSeeTheWritesOfEarlierGroups) {
  auto merchant = MakeMerchant("merchants/m1", "U1");
  const std::string kAbsent = "merchants/m2";
  auto checking = [&](const std::string& store, const std::string& name, int64_t revision) {
    ChangeSet change = Creating(MakeStore(store, "1"));
    change.checks.push_back({name, revision});
    return registry_->CommitAndWait(std::move(change)).status().code();
  };
  EXPECT_EQ(checking("merchants/m1/stores/s0", kAbsent, 0), absl::StatusCode::kOk);
  MustCommit(Creating(merchant));  // Revision 2.
  EXPECT_EQ(checking("merchants/m1/stores/s1", "merchants/m1", 0), absl::StatusCode::kAborted);
  EXPECT_EQ(checking("merchants/m1/stores/s1", "merchants/m1", 2), absl::StatusCode::kOk);
  auto renamed = Copy<Merchant>(*registry_->Get("merchants/m1"));
  renamed->set_legal_name("renamed");
  MustCommit(Updating(renamed, 2));  // Revision 4.
  EXPECT_EQ(checking("merchants/m1/stores/s2", "merchants/m1", 2), absl::StatusCode::kAborted);
  EXPECT_EQ(checking("merchants/m1/stores/s2", "merchants/m1", 4), absl::StatusCode::kOk);
  // After a reopen the memory starts empty and is filled from the database.
  Open();
  EXPECT_EQ(checking("merchants/m1/stores/s3", "merchants/m1", 2), absl::StatusCode::kAborted);
  EXPECT_EQ(checking("merchants/m1/stores/s3", "merchants/m1", 4), absl::StatusCode::kOk);
  EXPECT_EQ(checking("merchants/m1/stores/s4", kAbsent, 0), absl::StatusCode::kOk);
  const int64_t created = MustCommit(Creating(MakeMerchant(kAbsent, "U2"))).revision;
  EXPECT_EQ(checking("merchants/m1/stores/s5", kAbsent, 0), absl::StatusCode::kAborted);
  EXPECT_EQ(checking("merchants/m1/stores/s5", kAbsent, created), absl::StatusCode::kOk);
}

TEST_F(GroupCommitTest, CallbacksRunInQueueOrderAfterTheRevisionIsPublished) {
  HoldCommitter();
  std::vector<int64_t> order;  // Touched only on the reply thread.
  Results results(20);
  for (int i = 0; i < 20; ++i) {
    registry_->Commit(Creating(MakeStore(absl::StrCat("merchants/m1/stores/s", i), "1")),
                      [&, i, cb = results.Callback(i)](absl::StatusOr<CommitResult> r) mutable {
                        EXPECT_GE(registry_->CurrentRevision(), r->revision);
                        order.push_back(r->revision);
                        cb(std::move(r));
                      });
  }
  Release();
  results.WaitForAll();
  ASSERT_EQ(order.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(order[i], i + 2);
}

TEST_F(GroupCommitTest, MaxGroupSizeBoundsAGroup) {
  RegistryOptions options = Options();
  options.max_group_size = 4;
  Open(options);
  HoldCommitter();
  Results results(10);
  for (int i = 0; i < 10; ++i) {
    registry_->Commit(Creating(MakeStore(absl::StrCat("merchants/m1/stores/s", i), "1")),
                      results.Callback(i));
  }
  Release();
  results.WaitForAll();
  RegistryStats stats = registry_->Stats();
  EXPECT_EQ(stats.largest_group, 4);
  EXPECT_EQ(stats.groups, 1 + 3);  // The holder, then 4 + 4 + 2.
}

TEST_F(GroupCommitTest, SyncEachWritesEveryCommitAlone) {
  RegistryOptions options = Options();
  options.sync = SyncPolicy::kEach;
  Open(options);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(registry_
                        ->CommitAndWait(Creating(
                            MakeStore(absl::StrCat("merchants/m", t, "/stores/s", i), "1")))
                        .ok());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  RegistryStats stats = registry_->Stats();
  EXPECT_EQ(stats.commits, 24);
  EXPECT_EQ(stats.groups, 24);
  EXPECT_EQ(stats.syncs, 24);
  EXPECT_EQ(stats.largest_group, 1);
}

TEST_F(GroupCommitTest, SyncNoneNeverSyncs) {
  CreateStore("merchants/m1/stores/s1", "1");
  CreateStore("merchants/m1/stores/s2", "1");
  EXPECT_EQ(registry_->Stats().groups, 2);
  EXPECT_EQ(registry_->Stats().syncs, 0);
}

TEST_F(GroupCommitTest, ClosingFinishesQueuedCommits) {
  HoldCommitter();
  Results results(30);
  for (int i = 0; i < 30; ++i) {
    registry_->Commit(Creating(MakeStore(absl::StrCat("merchants/m1/stores/s", i), "1")),
                      results.Callback(i));
  }
  std::thread closer([&] { Close(); });
  Release();
  closer.join();
  for (int i = 0; i < 30; ++i) EXPECT_TRUE(results[i].ok()) << results[i].status();
  Open();
  EXPECT_EQ(registry_->CurrentRevision(), 31);
  EXPECT_TRUE(registry_->CheckConsistency().ok());
}

TEST_F(GroupCommitTest, StorageFailureFailsTheGroupAndEveryLaterCommit) {
  Close();
  auto fs = std::make_shared<ControlledWalFs>(rocksdb::FileSystem::Default());
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  RegistryOptions options = Options();
  options.sync = SyncPolicy::kGroup;
  auto opened = RocksDbRegistry::Open(options, &schema_, env.get());
  ASSERT_TRUE(opened.ok()) << opened.status();
  registry_ = std::move(opened).value();
  CreateStore("merchants/m1/stores/s1", "1");

  fs->fail = true;
  auto failed = registry_->CommitAndWait(Creating(MakeStore("merchants/m1/stores/s2", "1")));
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable) << failed.status();
  EXPECT_EQ(registry_->CurrentRevision(), 1);
  fs->fail = false;
  // The registry must be reopened: it refuses even commits that would now succeed.
  auto later = registry_->CommitAndWait(Creating(MakeStore("merchants/m1/stores/s3", "1")));
  EXPECT_EQ(later.status().code(), absl::StatusCode::kUnavailable) << later.status();
  EXPECT_EQ(registry_->CurrentRevision(), 1);
  Close();
  env.reset();

  Open();
  EXPECT_EQ(registry_->CurrentRevision(), 1);
  EXPECT_EQ(registry_->Get("merchants/m1/stores/s2").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(CreateStore("merchants/m1/stores/s2", "1")->mod_revision(), 2);
  EXPECT_TRUE(registry_->CheckConsistency().ok()) << registry_->CheckConsistency();
}

}  // namespace
}  // namespace fangxin::storage::testing
