#ifndef FANGXIN_STORAGE_ROCKSDB_REGISTRY_H_
#define FANGXIN_STORAGE_ROCKSDB_REGISTRY_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "storage/catalog.h"
#include "storage/group_committer.h"
#include "storage/registry.h"

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
  absl::Status CheckConsistency() override;
  RegistryStats Stats() override;

 private:
  RocksDbRegistry(std::unique_ptr<const Catalog> catalog, std::unique_ptr<rocksdb::DB> db,
                  int64_t stored_revision);

  // Fixed at construction.
  const std::unique_ptr<const Catalog> catalog_;
  std::unique_ptr<rocksdb::DB> db_;
  // The revision found at open: what a read-only registry reports as current.
  const int64_t stored_revision_;
  // Null when read-only. Destroyed (drained) before db_ is closed.
  std::unique_ptr<GroupCommitter> committer_;
};

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_ROCKSDB_REGISTRY_H_
