// RocksDbRegistry's reads of the audit Merkle tree: kept apart from rocksdb_registry.cc so the
// tree's code stays in one place (storage/audit_tree.h for the layout and the writer).

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "storage/audit_history.h"
#include "storage/audit_tree.h"
#include "storage/keys.h"
#include "storage/merkle/proof_builder.h"
#include "storage/rocksdb_registry.h"
#include "storage/rocksdb_util.h"

namespace fangxin::storage {
namespace {

absl::Status CheckSize(absl::string_view what, int64_t size, int64_t current) {
  if (size < 0) return absl::InvalidArgumentError(absl::StrCat(what, " ", size, " is negative"));
  if (size > current) {
    return absl::OutOfRangeError(
        absl::StrCat(what, " ", size, " is beyond the log's current size ", current));
  }
  return absl::OkStatus();
}

// A node that should exist but does not is lost data, not an absent resource.
absl::Status NodeError(const absl::Status& status) {
  if (absl::IsNotFound(status)) {
    return absl::DataLossError(
        absl::StrCat(status.message(), " (was the registry opened without its audit tree?)"));
  }
  return status;
}

template <typename T>
absl::StatusOr<T> WithNodeError(absl::StatusOr<T> result) {
  if (result.ok()) return result;
  return NodeError(result.status());
}

}  // namespace

absl::StatusOr<std::string> RocksDbRegistry::AuditRoot(int64_t tree_size) {
  if (absl::Status s = CheckSize("tree size", tree_size, CurrentRevision()); !s.ok()) return s;
  DbNodeReader nodes(db_.get());
  return WithNodeError(merkle::RootHash(nodes, static_cast<uint64_t>(tree_size)));
}

absl::StatusOr<std::vector<std::string>> RocksDbRegistry::AuditInclusionProof(int64_t index,
                                                                              int64_t tree_size) {
  if (absl::Status s = CheckSize("tree size", tree_size, CurrentRevision()); !s.ok()) return s;
  if (index < 0 || index >= tree_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("leaf index ", index, " is not below tree size ", tree_size));
  }
  DbNodeReader nodes(db_.get());
  return WithNodeError(merkle::InclusionProof(nodes, static_cast<uint64_t>(index),
                                              static_cast<uint64_t>(tree_size)));
}

absl::StatusOr<std::vector<std::string>> RocksDbRegistry::AuditConsistencyProof(
    int64_t old_size, int64_t new_size) {
  if (absl::Status s = CheckSize("new tree size", new_size, CurrentRevision()); !s.ok()) return s;
  if (old_size < 0 || old_size > new_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("old tree size ", old_size, " is not within 0..", new_size));
  }
  DbNodeReader nodes(db_.get());
  return WithNodeError(merkle::ConsistencyProof(nodes, static_cast<uint64_t>(old_size),
                                                static_cast<uint64_t>(new_size)));
}

absl::StatusOr<std::vector<fangxin::v1::AuditEntry>> RocksDbRegistry::ReadResourceHistory(
    const std::string& name, int64_t after_revision, int limit, std::string* stored_bytes) {
  const Catalog::Collection* collection = catalog_->ForName(name);
  if (collection == nullptr) {
    return InvalidFieldError(
        "name", absl::StrCat("\"", name, "\" is not a resource name of a known collection"));
  }
  if (limit <= 0) return InvalidFieldError("limit", "must be positive");
  const std::string prefix = HistoryPrefix(name);
  const std::string upper = keys::PrefixSuccessor(prefix);
  const rocksdb::Slice upper_bound(upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper_bound;
  // One snapshot, so every history key found has its audit entry.
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  read_options.snapshot = snapshot;
  std::vector<fangxin::v1::AuditEntry> entries;
  absl::Status status;
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options));
    std::string value;
    for (it->Seek(HistoryKey(name, after_revision + 1));
         it->Valid() && static_cast<int>(entries.size()) < limit; it->Next()) {
      int64_t revision = 0;
      if (!ParseHistoryKey(View(it->key()), prefix, &revision)) {
        status = absl::DataLossError(absl::StrCat("malformed history key ", View(it->key())));
        break;
      }
      rocksdb::Status s = db_->Get(read_options, keys::Audit(revision), &value);
      if (!s.ok()) {
        status = s.IsNotFound() ? absl::DataLossError(absl::StrCat(
                                      "audit entry ", revision, " of ", name, " is missing"))
                                : FromRocksDb(s, "reading an audit entry");
        break;
      }
      if (!entries.emplace_back().ParseFromString(value)) {
        status = absl::DataLossError(absl::StrCat("audit entry ", revision, " is unreadable"));
        break;
      }
    }
    if (status.ok()) status = FromRocksDb(it->status(), "reading resource history");
  }
  if (status.ok() && stored_bytes != nullptr) {
    rocksdb::Status s =
        db_->Get(read_options, keys::Resource(collection->spec->collection, name), stored_bytes);
    if (s.IsNotFound()) {
      stored_bytes->clear();
    } else if (!s.ok()) {
      status = FromRocksDb(s, absl::StrCat("reading ", name));
    }
  }
  db_->ReleaseSnapshot(snapshot);
  if (!status.ok()) return status;
  return entries;
}

absl::StatusOr<std::string> RocksDbRegistry::ReadStoredBytes(const std::string& name) {
  const Catalog::Collection* collection = catalog_->ForName(name);
  if (collection == nullptr) {
    return InvalidFieldError(
        "name", absl::StrCat("\"", name, "\" is not a resource name of a known collection"));
  }
  std::string value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), keys::Resource(collection->spec->collection, name), &value);
  if (s.IsNotFound()) return NotFoundError(collection->spec->collection, name);
  RETURN_IF_ERROR(FromRocksDb(s, absl::StrCat("reading ", name)));
  return value;
}

}  // namespace fangxin::storage
