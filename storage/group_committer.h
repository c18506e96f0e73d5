#ifndef FANGXIN_STORAGE_GROUP_COMMITTER_H_
#define FANGXIN_STORAGE_GROUP_COMMITTER_H_

#include <atomic>
#include <memory>
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
#include "storage/commit_replier.h"
#include "storage/compaction.h"
#include "storage/watch_hub.h"
#include "storage/registry.h"

namespace fangxin::storage {

// The single writer of a registry. Commit() queues a change set; one committer thread takes
// whatever is queued (up to max_group_size), builds one WriteBatch for all of it and writes it
// with one WAL write and at most one fsync, then publishes the revision and runs the callbacks.
// While one group is being synced the next one accumulates, so the number of fsyncs grows
// with time, not with load (as in LevelDB's and etcd's write paths). No lock is held while
// RocksDB writes. Callbacks run on a reply thread of their own (CommitReplier), in commit
// order, after the group is written and its events published.
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
    // Event retention, applied by the committer itself every compaction_interval.
    RetentionPolicy retention;
    absl::Duration compaction_interval = absl::Minutes(1);
    // Optional, not owned: receives each durable group's events.
    WatchHub* hub = nullptr;
    // Optional: the audit Merkle tree every commit extends in its own batch. Null: no tree.
    std::shared_ptr<AuditTreeWriter> audit_tree;
  };

  // `last_revision` is the latest revision stored in `db`, `oldest_revision` the oldest whose
  // events are kept.
  GroupCommitter(rocksdb::DB* db, const Catalog* catalog, const Options& options,
                 int64_t last_revision, int64_t oldest_revision);
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
  int64_t OldestRevision() const { return oldest_revision_.load(std::memory_order_acquire); }

  // Has the committer remove the events below `oldest_revision` (clamped to the current
  // revision + 1) now, regardless of the retention policy, and waits for it. For operators and
  // tests. UNAVAILABLE when closing or failed.
  absl::Status CompactEvents(int64_t oldest_revision);
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
  // Applies the retention policy when due, or a requested compaction. Committer thread only.
  // forced_oldest > 0: a CompactEvents request to answer.
  void MaybeCompact(absl::Time now, int64_t forced_oldest);
  absl::Status WriteCompaction(int64_t new_oldest);

  // Fixed at construction.
  rocksdb::DB* const db_;
  const Options options_;
  const size_t max_group_;

  absl::Mutex compact_call_mu_;  // One CompactEvents call at a time.
  absl::Mutex mu_;
  // Signalled when queue_ gains an entry, stopping_ is set or a compaction is requested.
  absl::CondVar work_;
  std::vector<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool failed_ ABSL_GUARDED_BY(mu_) = false;
  // A CompactEvents call waiting for the committer: its target and its result.
  int64_t compact_request_ ABSL_GUARDED_BY(mu_) = 0;
  bool compact_done_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status compact_status_ ABSL_GUARDED_BY(mu_);

  // Committer thread only.
  CommitBuilder builder_;
  int64_t last_revision_;
  std::vector<Pending> group_;
  std::vector<absl::StatusOr<CommitResult>> results_;
  std::vector<CommitReplier::Reply> replies_;
  absl::Time last_compaction_check_ = absl::InfinitePast();

  std::atomic<int64_t> current_revision_;
  std::atomic<int64_t> oldest_revision_;
  std::atomic<int64_t> commits_{0};
  std::atomic<int64_t> replays_{0};
  std::atomic<int64_t> refusals_{0};
  std::atomic<int64_t> groups_{0};
  std::atomic<int64_t> syncs_{0};
  std::atomic<int64_t> largest_group_{0};

  // Runs the callbacks; shut down after the committer thread, which hands it work.
  CommitReplier replier_;
  // Last, so that it starts after everything it uses is constructed.
  std::thread thread_;
};

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_GROUP_COMMITTER_H_
