#ifndef FANGXIN_STORAGE_GROUP_COMMITTER_H_
#define FANGXIN_STORAGE_GROUP_COMMITTER_H_

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/clock.h"
#include "rocksdb/db.h"
#include "storage/catalog.h"
#include "storage/commit_builder.h"
#include "storage/registry.h"

namespace fangxin::storage {

// The single writer of a registry. Commit() queues a change set; one committer thread takes
// whatever is queued (up to max_group_size), builds one WriteBatch for all of it and writes it
// with one WAL write and at most one fsync, then publishes the revision and runs the callbacks.
// While one group is being synced the next one accumulates, so the number of fsyncs grows
// with time, not with load (as in LevelDB's and etcd's write paths). No lock is held while
// RocksDB writes, and callbacks run without the queue lock.
//
// After a failed write the committer refuses everything with UNAVAILABLE: RocksDB's state
// after a failed WAL write is unknown until reopened, and revisions must never be reused.
//
// Commit, CurrentRevision and Stats are thread-safe. `db` and `catalog` must outlive the
// committer.
class GroupCommitter {
 public:
  struct Options {
    SyncPolicy sync = SyncPolicy::kGroup;
    int max_group_size = 512;
    Clock* clock = nullptr;
  };

  // `last_revision` is the latest revision stored in `db`.
  GroupCommitter(rocksdb::DB* db, const Catalog* catalog, const Options& options,
                 int64_t last_revision);
  ~GroupCommitter();

  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // See Registry::Commit. When the committer is closing or failed, `done` runs at once on the
  // calling thread with UNAVAILABLE.
  void Commit(ChangeSet change, CommitCallback done);

  // Stops accepting commits (they get UNAVAILABLE), finishes the queued ones and joins the
  // committer thread. Idempotent; the destructor calls it. Must not be called from a callback
  // or concurrently with itself.
  void Shutdown();

  int64_t CurrentRevision() const { return current_revision_.load(std::memory_order_acquire); }
  RegistryStats Stats() const;

 private:
  struct Pending {
    ChangeSet change;
    CommitCallback done;
  };

  void Run();
  // Builds, writes and completes one group. Committer thread only.
  void RunGroup(bool failed);
  // Builds the batch; returns true if there is something to write.
  bool BuildGroup();

  // Fixed at construction.
  rocksdb::DB* const db_;
  const Options options_;
  const size_t max_group_;

  absl::Mutex mu_;
  absl::CondVar work_;  // Signalled when queue_ gains an entry or stopping_ is set.
  std::vector<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool failed_ ABSL_GUARDED_BY(mu_) = false;

  // Committer thread only.
  CommitBuilder builder_;
  int64_t last_revision_;
  std::vector<Pending> group_;
  std::vector<absl::StatusOr<CommitResult>> results_;

  std::atomic<int64_t> current_revision_;
  std::atomic<int64_t> commits_{0};
  std::atomic<int64_t> replays_{0};
  std::atomic<int64_t> refusals_{0};
  std::atomic<int64_t> groups_{0};
  std::atomic<int64_t> syncs_{0};
  std::atomic<int64_t> largest_group_{0};

  // Last, so that it starts after everything it uses is constructed.
  std::thread thread_;
};

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_GROUP_COMMITTER_H_
