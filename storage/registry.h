#ifndef FANGXIN_STORAGE_REGISTRY_H_
#define FANGXIN_STORAGE_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "fangxin/v1/audit.pb.h"
#include "fangxin/v1/event.pb.h"
#include "fangxin/v1/resources.pb.h"
#include "google/protobuf/message.h"
#include "storage/compaction.h"
#include "storage/event_watch.h"
#include "storage/schema.h"

namespace fangxin::storage {

// Who is making a change; recorded in the audit entry.
struct Actor {
  // `apiKeys/{id}`, or `system/{component}` for the server's own work (loading divisions).
  std::string principal;
  fangxin::v1::Role role = fangxin::v1::ROLE_UNSPECIFIED;
};

// What a write expects of the resource it replaces.
enum class Expect {
  kAbsent,       // Create: fails with ALREADY_EXISTS if the name exists.
  kModRevision,  // Update: fails with ABORTED if mod_revision differs, NOT_FOUND if absent.
};

// A new state of one resource. The commit path stamps etag, create_revision, mod_revision,
// version, create_time and update_time on `resource` (any value set by the caller is replaced;
// create_* are carried over from the stored version).
struct ResourceWrite {
  std::shared_ptr<google::protobuf::Message> resource;  // Its `name` field must be set.
  Expect expect = Expect::kAbsent;
  int64_t expected_mod_revision = 0;  // With Expect::kModRevision.
};

// A resource the change was computed from but does not modify: the commit fails with ABORTED if
// its mod_revision is no longer `mod_revision` (0: it must still be absent). This keeps rules
// like "a store's merchant must be open" true under concurrency.
struct ReadCheck {
  std::string name;
  int64_t mod_revision = 0;
};

// One atomic change: every write, its index entries, one event per write and one audit entry,
// under one new revision, or nothing at all.
struct ChangeSet {
  std::vector<ResourceWrite> writes;  // At least one; names distinct.
  std::vector<ReadCheck> checks;
  Actor actor;
  std::string method;      // Fully-qualified gRPC method, e.g. "/fangxin.v1.MerchantService/CreateStore".
  std::string reason;      // Optional, recorded in the audit entry.
  std::string request_id;  // Optional. Scoped to actor.principal.
  std::string request_digest;  // SHA-256 of the request; compared when request_id is replayed.
};

struct CommitResult {
  int64_t revision = 0;
  // The writes as stored (stamped), in ChangeSet order. On a replay: only the first.
  std::vector<std::shared_ptr<const google::protobuf::Message>> resources;
  // True when request_id had been committed before: nothing was written, and `revision` and
  // `resources` are those of the first commit.
  bool replayed = false;
  // The first resource as stored: its deterministic serialization, so an answer can go to the
  // wire as it is (ADR 0009). Empty when the registry did not have it at hand (a replay answered
  // from the group being built); serialize resources[0] then.
  std::string first_stored;
};

using CommitCallback = std::function<void(absl::StatusOr<CommitResult>)>;

enum class SyncPolicy {
  kGroup,   // One fsync per group of concurrent commits (default). Durable on ack.
  kEach,    // One fsync per commit, no batching. Durable on ack; the baseline for benchmarks.
  kNone,    // No fsync; WAL in OS buffers. Survives a process crash, not a power loss.
};

struct RegistryOptions {
  // Required. Directory of the RocksDB database; created if missing.
  std::string path;
  // Sync policy of the commit path. Default: kGroup.
  SyncPolicy sync = SyncPolicy::kGroup;
  // Largest number of commits in one group (one WriteBatch, one WAL write). Default 512: larger
  // groups add latency to the first commit without raising throughput further.
  int max_group_size = 512;
  // Block cache in bytes. Default 256 MiB.
  size_t block_cache_bytes = 256u << 20;
  // Time source for create_time/update_time and event and audit timestamps. Not owned; must
  // outlive the registry. Default: the real clock.
  Clock* clock = Clock::Real();
  // Open read-only (for offline checks). Commit then fails with FAILED_PRECONDITION.
  bool read_only = false;
  // How long events are kept, and the fewest revisions always kept (storage/compaction.h).
  RetentionPolicy event_retention;
  // How often the committer applies event_retention. Default 1 minute.
  absl::Duration compaction_interval = absl::Minutes(1);
  // Events a watcher may leave untaken before it is cancelled (WATCHER_TOO_SLOW). Default
  // 10,000: about a second of the heaviest bulk import, many minutes of ordinary traffic.
  int watch_queue_events = 10000;
  // Keep the audit log's Merkle tree (storage/audit_tree.h), extended in each commit's batch.
  // Default true; false only to measure what the tree costs. Reopening with it on rebuilds
  // the missing nodes.
  bool audit_tree = true;
};

// The counters of one scope (CollectionSpec::counters), read at one snapshot.
struct CounterValues {
  std::string scope;
  std::map<std::string, int64_t> metrics;  // Metric -> value; absent metrics are 0.
};

// Counters of the commit path since the registry opened, for tests, benchmarks and metrics.
struct RegistryStats {
  int64_t commits = 0;        // Change sets committed; each used one revision.
  int64_t replays = 0;        // Change sets answered from an earlier commit of their request_id.
  int64_t refusals = 0;       // Change sets refused with an error; they wrote nothing.
  int64_t groups = 0;         // Batches written to RocksDB: one WAL write each.
  int64_t syncs = 0;          // Of those, the ones written with fsync.
  int64_t largest_group = 0;  // Most change sets handled in one batch.
};

// A query over one collection, optionally through one of its indexes, in key order.
struct ScanQuery {
  std::string collection;  // e.g. "stores".
  // Index name from the collection's spec, or "" to walk the collection by resource name.
  std::string index;
  // With an index: the indexed value. Without: a resource-name prefix, e.g. "merchants/x/".
  std::string value;
  // Resume after this key (from ScanResult::last_key); "" to start at the beginning.
  std::string start_after;
  // At most this many resources. Must be positive.
  int limit = 50;
  // Stop after examining this many entries even if fewer than `limit` matched `filter`, so one
  // page never scans without bound. 0: 20 * limit.
  int max_examined = 0;
  // Optional. Only resources for which this returns true are returned.
  std::function<bool(const google::protobuf::Message&)> filter;
  // Optional. When set, each record examined is handed to this as its stored bytes (the
  // resource's deterministic serialization) instead of being parsed by the scan: it returns
  // true if the record matches (counts towards `limit`), false if it is filtered out, or an
  // error that ends the scan. `filter` is then not used and ScanResult::resources stays empty.
  // Lets a List call put records into its response without parsing and re-serializing them
  // (services/support/list_page.h, ListPageWire).
  std::function<absl::StatusOr<bool>(absl::string_view stored)> take_stored;
};

struct ScanResult {
  std::vector<std::shared_ptr<const google::protobuf::Message>> resources;
  // Key of the last entry examined; pass as start_after to continue. Empty when `done`.
  std::string last_key;
  // True when the scan reached the end of the range.
  bool done = false;
  // The revision the scan read at (a consistent snapshot).
  int64_t read_revision = 0;
};

// The registry: resources, indexes, events and audit entries in one store, changed only through
// Commit. All methods are thread-safe.
class Registry {
 public:
  // Opens (creating if needed) the registry at options.path. `schema` is not owned and must
  // outlive the registry. Fails with INTERNAL/UNAVAILABLE if RocksDB cannot open the directory.
  static absl::StatusOr<std::unique_ptr<Registry>> Open(const RegistryOptions& options,
                                                        const Schema* schema);

  // Stops accepting commits, finishes those already queued, and closes the database.
  virtual ~Registry() = default;

  // Reads the resource called `name`. NOT_FOUND if absent; INVALID_ARGUMENT if its collection is
  // not in the schema.
  virtual absl::StatusOr<std::shared_ptr<const google::protobuf::Message>> Get(
      const std::string& name) = 0;

  // Reads several resources at one snapshot; absent ones are nullptr.
  virtual absl::StatusOr<std::vector<std::shared_ptr<const google::protobuf::Message>>> GetMany(
      const std::vector<std::string>& names) = 0;

  // Walks a collection or an index from a consistent snapshot.
  virtual absl::StatusOr<ScanResult> Scan(const ScanQuery& query) = 0;

  // Which resource holds a unique index entry, or "" if none.
  virtual absl::StatusOr<std::string> LookupUnique(const std::string& collection,
                                                   const IndexEntry& entry) = 0;

  // The stored result of a committed request, if `request_id` was committed by `principal`.
  // FAILED_PRECONDITION (REQUEST_ID_REUSED) if it was committed for a different request_digest.
  virtual absl::StatusOr<std::optional<CommitResult>> LookupRequest(
      const std::string& principal, const std::string& request_id,
      const std::string& request_digest) = 0;

  // Queues `change` for the committer and returns at once. `done` runs exactly once, on the
  // registry's reply thread after the group's write, in commit order (so it must not block),
  // with:
  //   OK                   committed (durable per the sync policy) or replayed;
  //   ALREADY_EXISTS       a kAbsent write's name exists;
  //   NOT_FOUND            a kModRevision write's resource is absent;
  //   ABORTED              a stale expected_mod_revision or ReadCheck;
  //   FAILED_PRECONDITION  a unique index entry is taken (reason UNIQUE_CONSTRAINT), or a
  //                        request id reused for another request (REQUEST_ID_REUSED);
  //   INVALID_ARGUMENT     a malformed change set (no writes, unnamed or unknown resource);
  //   UNAVAILABLE          the registry is closing or its storage failed.
  // A refused change writes nothing and uses no revision.
  virtual void Commit(ChangeSet change, CommitCallback done) = 0;

  // Commit, waiting for the result. Never call it on a gRPC callback thread.
  absl::StatusOr<CommitResult> CommitAndWait(ChangeSet change);

  // The revision of the latest durable commit (0 for an empty registry).
  virtual int64_t CurrentRevision() = 0;

  // Events with revision >= from_revision, in order, at most `limit` commits' worth (a commit's
  // events are never split). OUT_OF_RANGE (REVISION_COMPACTED, metadata oldest_revision) when
  // 0 < from_revision < OldestRevision(); from_revision 0 reads from the oldest retained.
  virtual absl::StatusOr<std::vector<fangxin::v1::Event>> ReadEvents(int64_t from_revision,
                                                                     int limit) = 0;

  // Every event from `from_revision` on (0: the oldest retained), then every new commit's as it
  // becomes durable: whole commits, in revision order, each revision once, without gaps (see
  // EventWatch::Next for the errors that end a watch). `on_ready` runs, on the committer's
  // thread and without blocking, whenever Next has something new. The watch must be destroyed
  // before the registry. A read-only registry returns a watch of the stored history only.
  virtual std::unique_ptr<EventWatch> Watch(int64_t from_revision, WatchFilter filter,
                                            std::function<void()> on_ready) = 0;

  // Ends every watch, current and future, with UNAVAILABLE: the server is stopping. Commits
  // go on. Idempotent.
  virtual void CloseWatches() = 0;

  // The oldest revision whose events are retained (1 if nothing was compacted).
  virtual int64_t OldestRevision() = 0;

  // Removes the events below `oldest_revision` now, whatever the retention policy says
  // (clamped to CurrentRevision() + 1). For operators and tests; blocks until done.
  // FAILED_PRECONDITION when read-only, UNAVAILABLE when closing.
  virtual absl::Status CompactEvents(int64_t oldest_revision) = 0;

  // The counters of each of `scopes` at one snapshot, in the same order, and the revision they
  // were read at in *read_revision (may be null).
  virtual absl::StatusOr<std::vector<CounterValues>> ReadCounters(
      const std::vector<std::string>& scopes, int64_t* read_revision) = 0;

  // Audit entries with revision in [from_revision, to_revision].
  virtual absl::StatusOr<std::vector<fangxin::v1::AuditEntry>> ReadAudit(int64_t from_revision,
                                                                        int64_t to_revision) = 0;

  // The audit log's RFC 6962 Merkle tree (docs/audit-format.md). Leaf i is the audit entry of
  // revision i + 1, so the tree of size n covers revisions 1..n. Each answer costs O(log n)
  // point reads. Errors: OUT_OF_RANGE when a size exceeds CurrentRevision(); INVALID_ARGUMENT
  // when index >= tree_size or old_size > new_size; DATA_LOSS when a stored node is absent or
  // malformed (also when the registry was opened without the tree). Implementations without a
  // tree return UNIMPLEMENTED.
  //
  // The root of the tree of `tree_size` entries (SHA-256 of "" for 0).
  virtual absl::StatusOr<std::string> AuditRoot(int64_t tree_size) {
    return absl::UnimplementedError("this registry keeps no audit tree");
  }
  // The inclusion proof of leaf `index` in the tree of `tree_size`.
  virtual absl::StatusOr<std::vector<std::string>> AuditInclusionProof(int64_t index,
                                                                       int64_t tree_size) {
    return absl::UnimplementedError("this registry keeps no audit tree");
  }
  // The consistency proof from the tree of `old_size` to the tree of `new_size`.
  virtual absl::StatusOr<std::vector<std::string>> AuditConsistencyProof(int64_t old_size,
                                                                         int64_t new_size) {
    return absl::UnimplementedError("this registry keeps no audit tree");
  }
  // The audit entries that changed resource `name` with revision > after_revision, oldest
  // first, at most `limit` (positive), and, when `stored_bytes` is not null, the resource's
  // stored bytes from the same snapshot ("" if absent), so that a verifier can compare them
  // with the latest after-digest without a race. INVALID_ARGUMENT for an unknown collection.
  virtual absl::StatusOr<std::vector<fangxin::v1::AuditEntry>> ReadResourceHistory(
      const std::string& name, int64_t after_revision, int limit, std::string* stored_bytes) {
    return absl::UnimplementedError("this registry keeps no resource history");
  }
  // The resource's stored bytes verbatim (its deterministic serialization, whose SHA-256 the
  // audit after-digests record). NOT_FOUND if absent; INVALID_ARGUMENT for an unknown
  // collection.
  virtual absl::StatusOr<std::string> ReadStoredBytes(const std::string& name) {
    return absl::UnimplementedError("this registry cannot read stored bytes");
  }

  // Full offline consistency check: every resource has exactly its index entries, every index
  // entry has its resource, events exist for every revision OldestRevision()..current and audit
  // entries for 1..current with no gaps, and every counter equals a recount of the resources'
  // contributions. OK or DATA_LOSS describing the first problems found.
  virtual absl::Status CheckConsistency() = 0;

  // Counters of the commit path. Implementations that do not count return zeros.
  virtual RegistryStats Stats() { return {}; }
};

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_REGISTRY_H_
