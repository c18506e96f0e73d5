#ifndef FANGXIN_STORAGE_AUDIT_TREE_H_
#define FANGXIN_STORAGE_AUDIT_TREE_H_

// The audit log's RFC 6962 Merkle tree in RocksDB (docs/audit-format.md). Leaf i is the audit
// entry of revision i + 1 (every commit has exactly one), hashed over its canonical layout
// (storage/merkle/audit_leaf.h). Every complete subtree node is stored when its last leaf is
// committed, in the same WriteBatch:
//
//   t/<level %02d>/<index %020d>   32-byte hash of leaves [index * 2^level, (index+1) * 2^level)
//
// so any root or proof is O(log n) point reads and never changes once written.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "fangxin/v1/audit.pb.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/merkle/frontier.h"
#include "storage/merkle/node_reader.h"

namespace fangxin::storage {

// t/<level>/<index>.
std::string TreeNodeKey(int level, uint64_t index);

// Reads stored tree nodes. Nodes never change once written, so no snapshot is needed as long
// as the caller asks only about sizes up to the current revision. Thread-safe; `db` must
// outlive it.
class DbNodeReader final : public merkle::NodeReader {
 public:
  explicit DbNodeReader(rocksdb::DB* db) : db_(db) {}
  absl::StatusOr<std::string> Node(int level, uint64_t index) override;

 private:
  rocksdb::DB* const db_;
};

// Extends the tree as the committer stages commits. Owned by the committer; not thread-safe.
//
// The frontier is staged per group and becomes durable lazily: the committer moves
// next_revision past a group only once its batch is written, so BeginGroup(next_revision) can
// tell whether the previous group's appends reached the disk, and otherwise drops them. The
// frontier is thus never ahead of the database.
class AuditTreeWriter {
 public:
  // The writer for a log of `size` entries in `db`. Rebuilds the stored nodes (and the h/
  // history index, storage/audit_history.h) from the a/ entries when some are missing (a database written before the tree existed, or with it
  // turned off); that rebuild writes RocksDB directly, before the committer starts.
  static absl::StatusOr<std::unique_ptr<AuditTreeWriter>> Open(rocksdb::DB* db, int64_t size);

  // Starts a group whose first commit is revision `next_revision`.
  void BeginGroup(int64_t next_revision);

  // Adds `entry` as the next leaf: puts every node it completes into `batch`.
  void Append(const fangxin::v1::AuditEntry& entry, rocksdb::WriteBatch* batch);

  // Size and root including the staged appends.
  uint64_t size() const { return working_.size(); }
  std::string Root() const { return working_.Root(); }

 private:
  explicit AuditTreeWriter(merkle::Frontier frontier)
      : durable_(frontier), working_(std::move(frontier)) {}

  merkle::Frontier durable_;  // As of the last written group.
  merkle::Frontier working_;  // Plus the current group's appends.
  std::string leaf_;          // Scratch: the leaf bytes of one entry.
};

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_AUDIT_TREE_H_
