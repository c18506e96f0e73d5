#include "storage/audit_tree.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "storage/audit_history.h"
#include "storage/keys.h"
#include "storage/merkle/audit_leaf.h"
#include "storage/merkle/hash.h"
#include "storage/rocksdb_util.h"

namespace fangxin::storage {
namespace {

// Entries read per batch while rebuilding: bounds memory on a large log.
constexpr int64_t kRebuildChunk = 4096;

// Rebuilds t/ from the a/ entries 1..size, one WriteBatch per chunk.
absl::StatusOr<merkle::Frontier> Rebuild(rocksdb::DB* db, int64_t size) {
  merkle::Frontier frontier;
  fangxin::v1::AuditEntry entry;
  rocksdb::WriteBatch batch;
  std::string leaf;
  const auto sink = [&batch](int level, uint64_t index, const std::string& hash) {
    batch.Put(TreeNodeKey(level, index), hash);
  };
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
  it->Seek(keys::Audit(1));
  for (int64_t revision = 1; revision <= size; ++revision, it->Next()) {
    int64_t found = 0;
    if (!it->Valid() || !keys::ParseAudit(View(it->key()), &found) || found != revision) {
      if (!it->status().ok()) return FromRocksDb(it->status(), "reading audit entries");
      return absl::DataLossError(
          absl::StrCat("audit entry ", revision, " is missing; the tree cannot be rebuilt"));
    }
    if (!entry.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return absl::DataLossError(absl::StrCat("audit entry ", revision, " is unreadable"));
    }
    merkle::EncodeAuditLeaf(entry, &leaf);
    frontier.Append(merkle::LeafHash(leaf), sink);
    for (const std::string& name : entry.resources()) {
      batch.Put(HistoryKey(name, revision), rocksdb::Slice());
    }
    if (revision % kRebuildChunk == 0 || revision == size) {
      rocksdb::Status s = db->Write(rocksdb::WriteOptions(), &batch);
      if (!s.ok()) return FromRocksDb(s, "writing audit tree nodes");
      batch.Clear();
    }
  }
  return frontier;
}

}  // namespace

std::string TreeNodeKey(int level, uint64_t index) {
  return absl::StrFormat("t/%02d/%020d", level, index);
}

absl::StatusOr<std::string> DbNodeReader::Node(int level, uint64_t index) {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), TreeNodeKey(level, index), &value);
  if (s.IsNotFound()) {
    return absl::NotFoundError(absl::StrCat("audit tree node ", level, "/", index, " is absent"));
  }
  if (!s.ok()) return FromRocksDb(s, "reading an audit tree node");
  if (value.size() != merkle::kHashSize) {
    return absl::DataLossError(
        absl::StrCat("audit tree node ", level, "/", index, " is ", value.size(), " bytes"));
  }
  return value;
}

absl::StatusOr<std::unique_ptr<AuditTreeWriter>> AuditTreeWriter::Open(rocksdb::DB* db,
                                                                        int64_t size) {
  DbNodeReader nodes(db);
  absl::StatusOr<merkle::Frontier> frontier = merkle::Frontier::Load(nodes, size);
  if (absl::IsNotFound(frontier.status())) frontier = Rebuild(db, size);
  if (!frontier.ok()) return frontier.status();
  return std::unique_ptr<AuditTreeWriter>(new AuditTreeWriter(*std::move(frontier)));
}

void AuditTreeWriter::BeginGroup(int64_t next_revision) {
  if (static_cast<int64_t>(working_.size()) == next_revision - 1) {
    durable_ = working_;
  } else {
    working_ = durable_;  // The previous group was not written.
  }
}

void AuditTreeWriter::Append(const fangxin::v1::AuditEntry& entry, rocksdb::WriteBatch* batch) {
  merkle::EncodeAuditLeaf(entry, &leaf_);
  working_.Append(merkle::LeafHash(leaf_),
                  [batch](int level, uint64_t index, const std::string& hash) {
                    batch->Put(TreeNodeKey(level, index), hash);
                  });
}

}  // namespace fangxin::storage
