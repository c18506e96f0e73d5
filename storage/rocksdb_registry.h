#ifndef FANGXIN_STORAGE_ROCKSDB_REGISTRY_H_
#define FANGXIN_STORAGE_ROCKSDB_REGISTRY_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "storage/catalog.h"
#include "storage/group_committer.h"
#include "storage/registry.h"
#include "storage/watch_hub.h"

namespace fangxin::storage {

// The Registry over an embedded RocksDB database (key layout in storage/keys.h). Reads go
// straight to RocksDB (snapshots where several keys must agree); every write goes through the
// GroupCommitter. Thread-safe.
class RocksDbRegistry final : public Registry {
 public:
  // Registry::Open, with the RocksDB Env to use (nullptr: the default), so tests can inject
  // I/O failures. `env`, like `schema`, must outlive the registry.
  static absl::StatusOr<std::unique_ptr<RocksDbRegistry>> Open(const RegistryOptions& options,
                                                               const Schema* schema,
                                                               rocksdb::Env* env = nullptr);

  ~RocksDbRegistry() override;

  absl::StatusOr<std::shared_ptr<const google::protobuf::Message>> Get(
      const std::string& name) override;
  absl::StatusOr<std::vector<std::shared_ptr<const google::protobuf::Message>>> GetMany(
      const std::vector<std::string>& names) override;
  absl::StatusOr<ScanResult> Scan(const ScanQuery& query) override;
  absl::StatusOr<std::string> LookupUnique(const std::string& collection,
                                           const IndexEntry& entry) override;
  absl::StatusOr<std::optional<CommitResult>> LookupRequest(
      const std::string& principal, const std::string& request_id,
      const std::string& request_digest) override;
  void Commit(ChangeSet change, CommitCallback done) override;
  int64_t CurrentRevision() override;
  absl::StatusOr<std::vector<fangxin::v1::Event>> ReadEvents(int64_t from_revision,
                                                             int limit) override;
  absl::StatusOr<std::vector<fangxin::v1::AuditEntry>> ReadAudit(int64_t from_revision,
                                                                 int64_t to_revision) override;
  std::unique_ptr<EventWatch> Watch(int64_t from_revision, WatchFilter filter,
                                    std::function<void()> on_ready) override;
  void CloseWatches() override;
  int64_t OldestRevision() override;
  absl::Status CompactEvents(int64_t oldest_revision) override;
  absl::StatusOr<std::vector<CounterValues>> ReadCounters(const std::vector<std::string>& scopes,
                                                          int64_t* read_revision) override;
  absl::Status CheckConsistency() override;
  RegistryStats Stats() override;
  // In storage/audit_registry.cc.
  absl::StatusOr<std::string> AuditRoot(int64_t tree_size) override;
  absl::StatusOr<std::vector<std::string>> AuditInclusionProof(int64_t index,
                                                               int64_t tree_size) override;
  absl::StatusOr<std::vector<std::string>> AuditConsistencyProof(int64_t old_size,
                                                                 int64_t new_size) override;
  absl::StatusOr<std::vector<fangxin::v1::AuditEntry>> ReadResourceHistory(
      const std::string& name, int64_t after_revision, int limit,
      std::string* stored_bytes) override;
  absl::StatusOr<std::string> ReadStoredBytes(const std::string& name) override;

  // The watch hub, for tests and metrics (watcher counts).
  const WatchHub& hub() const { return *hub_; }

 private:
  RocksDbRegistry(std::unique_ptr<const Catalog> catalog, std::unique_ptr<rocksdb::DB> db,
                  int64_t stored_revision, int64_t stored_oldest);

  // Events of whole commits from revision `from` (0 or less: the oldest kept) through `to`, at
  // most `max_commits` commits, read under one snapshot: `visit` gets each event and its stored
  // bytes. OUT_OF_RANGE (REVISION_COMPACTED) when `from` was compacted.
  absl::Status ScanEvents(int64_t from, int64_t to, int max_commits,
                          absl::FunctionRef<void(fangxin::v1::Event, absl::string_view)> visit);

  // The watch hub's history: events of revisions [from, to], at most max_commits of them,
  // with their scopes and wire form.
  absl::StatusOr<std::shared_ptr<const CommittedEvents>> ReadCommitted(int64_t from, int64_t to,
                                                                       int max_commits);

  // Fixed at construction.
  const std::unique_ptr<const Catalog> catalog_;
  std::unique_ptr<rocksdb::DB> db_;
  // The revision found at open: what a read-only registry reports as current.
  const int64_t stored_revision_;
  const int64_t stored_oldest_;
  // Created before and closed after the committer, which publishes to it.
  std::unique_ptr<WatchHub> hub_;
  // Null when read-only. Destroyed (drained) before db_ is closed.
  std::unique_ptr<GroupCommitter> committer_;
};

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_ROCKSDB_REGISTRY_H_
