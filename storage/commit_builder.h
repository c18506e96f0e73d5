#ifndef FANGXIN_STORAGE_COMMIT_BUILDER_H_
#define FANGXIN_STORAGE_COMMIT_BUILDER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "fangxin/storage/v1/records.pb.h"
#include "fangxin/v1/audit.pb.h"
#include "fangxin/v1/event.pb.h"
#include "google/protobuf/message.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/audit_tree.h"
#include "storage/catalog.h"
#include "storage/counters.h"
#include "storage/event_watch.h"
#include "storage/registry.h"
#include "storage/sorted_batch.h"

namespace fangxin::storage {

// Turns the change sets of one group into one WriteBatch, in order, with the outcome each would
// have had if committed alone: every read goes to an overlay of the group's earlier change sets
// before the database (the committer is the only writer, so the database plus the overlay is
// the exact current state). All checks run before anything is staged, so a refused change set
// leaves nothing in the batch or the overlay and uses no revision.
//
// Not thread-safe: owned and used by the committer thread only. Scratch buffers and the batch
// are reused across change sets and groups to keep allocation off the commit path.
class CommitBuilder {
 public:
  // `audit_tree` (optional, not owned) is extended by every staged commit's audit entry.
  CommitBuilder(rocksdb::DB* db, const Catalog* catalog, AuditTreeWriter* audit_tree = nullptr);

  CommitBuilder(const CommitBuilder&) = delete;
  CommitBuilder& operator=(const CommitBuilder&) = delete;

  // Starts an empty group whose first commit will get `next_revision`.
  void BeginGroup(int64_t next_revision, absl::Time commit_time);

  // Stages `change` (stamping its resources) and returns its result, or refuses it with the
  // status Registry::Commit documents. A replay stages nothing.
  absl::StatusOr<CommitResult> Add(ChangeSet& change);

  // Adds the group's m/revision. Returns false when the group committed nothing (only
  // replays and refusals), so there is nothing to write.
  bool FinishGroup();

  // The group's batch, its operations in key order (storage/sorted_batch.h). After FinishGroup.
  rocksdb::WriteBatch* batch() { return ready_; }
  // The events of the group's staged commits, with their scopes, for the watch hub; call after
  // FinishGroup. The builder starts a new list at the next BeginGroup.
  std::shared_ptr<const CommittedEvents> TakeEvents();
  // The revision of the group's last staged commit (next_revision - 1 if none).
  int64_t last_revision() const { return next_revision_ - 1; }

 private:
  // A resource as an earlier change set of the group left it.
  struct Staged {
    std::shared_ptr<const google::protobuf::Message> message;
    std::string digest;  // SHA-256 of its stored bytes.
    int64_t mod_revision = 0;
  };
  struct StagedRequest {
    int64_t revision = 0;
    std::string digest;
    std::shared_ptr<const google::protobuf::Message> resource;
  };
  // Everything computed for one write before anything is staged.
  struct Plan {
    const Catalog::Collection* collection = nullptr;
    std::shared_ptr<const google::protobuf::Message> old;  // nullptr: absent.
    std::string before_digest;
    std::vector<IndexEntry> old_entries;
    std::vector<IndexEntry> new_entries;
    // The stamped resource, serialized once for its record, its event and the request record.
    std::string bytes;
    std::string after_digest;
  };

  absl::Status Validate(const ChangeSet& change);
  // The resource's state as of the group so far. `digest` may be null.
  absl::Status ReadCurrent(const Catalog::Collection& collection, const std::string& name,
                           std::shared_ptr<const google::protobuf::Message>* message,
                           std::string* digest);
  absl::Status CheckPreconditions(const ChangeSet& change);
  // The mod_revision of `name` as of the group so far (0: absent), for a ReadCheck.
  absl::StatusOr<int64_t> CurrentModRevision(const std::string& name);
  absl::Status PlanIndexes(const ChangeSet& change);
  absl::Status CheckUnique(const ChangeSet& change);
  absl::StatusOr<std::string> UniqueOwner(const std::string& key);
  // Loads the counters the change set moves (CollectionSpec::counters); may read RocksDB.
  absl::Status PlanCounters(const ChangeSet& change);
  // Keeps a copy of event_ (just staged) with its resource's scopes, for TakeEvents.
  void RecordEvent(const Plan& plan, const google::protobuf::Message& resource);
  void Stamp(ChangeSet& change, int64_t revision);
  void Stage(const ChangeSet& change, int64_t revision, const std::string& request_key);

  // Fixed at construction.
  rocksdb::DB* const db_;
  const Catalog* const catalog_;
  AuditTreeWriter* const audit_tree_;

  rocksdb::WriteBatch batch_;   // Staged in commit order.
  rocksdb::WriteBatch sorted_;  // batch_ in key order, built by FinishGroup.
  rocksdb::WriteBatch* ready_ = &batch_;
  BatchSorter sorter_;
  CounterStager counters_;
  std::shared_ptr<CommittedEvents> events_;
  int64_t next_revision_ = 1;
  int64_t first_revision_ = 1;
  absl::Time commit_time_;

  // The group's overlay, cleared by BeginGroup.
  absl::flat_hash_map<std::string, Staged> resources_;           // By resource name.
  absl::flat_hash_map<std::string, std::string> unique_owners_;  // u/ key -> owner, "" released.
  absl::flat_hash_map<std::string, StagedRequest> requests_;     // q/ key.

  // The mod_revision of resources as written to RocksDB (by earlier groups, or read from it),
  // so that a ReadCheck (most commits check their parent, and many commits share one) costs a
  // hash lookup instead of a read and a parse. Exact because the committer is the only writer:
  // BeginGroup adds the previous group's writes once it knows they were written, and forgets
  // everything after a failed write. Bounded by kMaxKnownModRevisions (then emptied).
  absl::flat_hash_map<std::string, int64_t> known_mod_revisions_;

  // Per-change-set scratch.
  std::vector<Plan> plans_;
  absl::flat_hash_set<absl::string_view> names_;
  absl::flat_hash_map<std::string, const std::string*> released_;  // u/ key -> releasing name.
  absl::flat_hash_map<std::string, const std::string*> claimed_;   // u/ key -> claiming name.
  std::string key_;
  std::string value_;
  rocksdb::PinnableSlice pinned_;
  fangxin::v1::Event event_;
  fangxin::v1::AuditEntry audit_;
  fangxin::storage::v1::RequestRecord record_;
};

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_COMMIT_BUILDER_H_
