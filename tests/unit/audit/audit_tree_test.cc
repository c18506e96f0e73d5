// The registry's audit tree: written in each commit's batch, equal to a recomputation from the
// audit entries, serving proofs that verify, surviving reopen, rebuilt when absent, and never
// ahead of the database after an unwritten group.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/sha256.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/audit_tree.h"
#include "storage/merkle/audit_leaf.h"
#include "storage/merkle/hash.h"
#include "storage/merkle/verify.h"
#include "tests/unit/audit/memory_node_store.h"
#include "tests/unit/storage/registry_fixture.h"

namespace fangxin::storage {
namespace {

using testing::Creating;
using testing::MakeMerchant;
using testing::RegistryTest;

class AuditTreeTest : public RegistryTest {
 protected:
  void CommitStores(int n) {
    for (int i = 0; i < n; ++i) {
      CreateStore("merchants/m/stores/s" + std::to_string(next_store_++), "320902");
    }
  }

  // Roots of sizes 0..current recomputed from the stored audit entries alone.
  std::vector<std::string> RecomputedRoots() {
    const int64_t current = registry_->CurrentRevision();
    std::vector<std::string> roots = {merkle::EmptyRoot()};
    if (current == 0) return roots;
    absl::StatusOr<std::vector<fangxin::v1::AuditEntry>> entries =
        registry_->ReadAudit(1, current);
    EXPECT_TRUE(entries.ok()) << entries.status();
    merkle::MemoryNodeStore store;
    for (const auto& entry : *entries) {
      store.Append(merkle::AuditLeafHash(entry));
      roots.push_back(store.frontier().Root());
    }
    return roots;
  }

  int next_store_ = 0;
};

TEST_F(AuditTreeTest, RootOfEverySizeEqualsRecomputationFromEntries) {
  CommitStores(21);
  const std::vector<std::string> roots = RecomputedRoots();
  ASSERT_EQ(roots.size(), 22u);
  for (int64_t size = 0; size <= 21; ++size) {
    absl::StatusOr<std::string> root = registry_->AuditRoot(size);
    ASSERT_TRUE(root.ok()) << root.status();
    EXPECT_EQ(merkle::ToHex(*root), merkle::ToHex(roots[size])) << "size " << size;
  }
}

TEST_F(AuditTreeTest, ProofsFromTheRegistryVerify) {
  CommitStores(13);
  absl::StatusOr<std::vector<fangxin::v1::AuditEntry>> entries = registry_->ReadAudit(1, 13);
  ASSERT_TRUE(entries.ok());
  const std::vector<std::string> roots = RecomputedRoots();
  for (int64_t size = 1; size <= 13; ++size) {
    for (int64_t index = 0; index < size; ++index) {
      absl::StatusOr<std::vector<std::string>> proof =
          registry_->AuditInclusionProof(index, size);
      ASSERT_TRUE(proof.ok()) << proof.status();
      EXPECT_TRUE(merkle::VerifyInclusion(index, size, merkle::AuditLeafHash((*entries)[index]),
                                          *proof, roots[size])
                      .ok())
          << index << " in " << size;
    }
    for (int64_t old_size = 0; old_size <= size; ++old_size) {
      absl::StatusOr<std::vector<std::string>> proof =
          registry_->AuditConsistencyProof(old_size, size);
      ASSERT_TRUE(proof.ok()) << proof.status();
      EXPECT_TRUE(
          merkle::VerifyConsistency(old_size, size, roots[old_size], roots[size], *proof).ok())
          << old_size << " -> " << size;
    }
  }
}

TEST_F(AuditTreeTest, RefusedCommitsDoNotExtendTheTree) {
  CommitStores(3);
  const std::string before = *registry_->AuditRoot(3);
  // The same name again: ALREADY_EXISTS, no revision used, no leaf added.
  absl::StatusOr<CommitResult> refused =
      registry_->CommitAndWait(Creating(testing::MakeStore("merchants/m/stores/s0", "320902")));
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists);
  CommitStores(1);
  const std::vector<std::string> roots = RecomputedRoots();
  EXPECT_EQ(*registry_->AuditRoot(3), before);
  EXPECT_EQ(*registry_->AuditRoot(4), roots[4]);
}

TEST_F(AuditTreeTest, ReopenContinuesTheTree) {
  CommitStores(5);
  Open();
  CommitStores(6);
  Open();
  CommitStores(1);
  const std::vector<std::string> roots = RecomputedRoots();
  for (int64_t size = 0; size <= 12; ++size) EXPECT_EQ(*registry_->AuditRoot(size), roots[size]);
}

TEST_F(AuditTreeTest, ReopeningWithTheTreeRebuildsWhatWasNotKept) {
  RegistryOptions without = Options();
  without.audit_tree = false;
  Open(without);
  CommitStores(9);
  EXPECT_EQ(registry_->AuditRoot(9).status().code(), absl::StatusCode::kDataLoss);
  Open();  // With the tree: rebuilt from the a/ entries.
  CommitStores(2);
  const std::vector<std::string> roots = RecomputedRoots();
  for (int64_t size = 0; size <= 11; ++size) EXPECT_EQ(*registry_->AuditRoot(size), roots[size]);
}

TEST_F(AuditTreeTest, RefusesSizesBeyondTheLogAndIndexesBeyondTheSize) {
  CommitStores(4);
  EXPECT_EQ(registry_->AuditRoot(5).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(registry_->AuditRoot(-1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(registry_->AuditInclusionProof(0, 5).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(registry_->AuditInclusionProof(4, 4).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(registry_->AuditConsistencyProof(3, 5).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(registry_->AuditConsistencyProof(4, 3).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// The writer on its own: a group whose batch was never written is dropped at the next
// BeginGroup, so the frontier is never ahead of the database.
TEST_F(AuditTreeTest, UnwrittenGroupIsDroppedFromTheFrontier) {
  Close();
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  const std::string path = dir_ + "/raw";
  ASSERT_TRUE(rocksdb::DB::Open(db_options, path, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  absl::StatusOr<std::unique_ptr<AuditTreeWriter>> writer = AuditTreeWriter::Open(db.get(), 0);
  ASSERT_TRUE(writer.ok()) << writer.status();
  fangxin::v1::AuditEntry entry;
  rocksdb::WriteBatch batch;

  (*writer)->BeginGroup(1);
  entry.set_revision(1);
  (*writer)->Append(entry, &batch);
  EXPECT_EQ((*writer)->size(), 1u);
  (*writer)->BeginGroup(1);  // The committer did not advance: the write failed.
  EXPECT_EQ((*writer)->size(), 0u);
  EXPECT_EQ((*writer)->Root(), merkle::EmptyRoot());

  batch.Clear();
  (*writer)->Append(entry, &batch);
  ASSERT_TRUE(db->Write(rocksdb::WriteOptions(), &batch).ok());
  (*writer)->BeginGroup(2);  // Written: kept.
  EXPECT_EQ((*writer)->size(), 1u);
  EXPECT_EQ((*writer)->Root(), merkle::AuditLeafHash(entry));
  DbNodeReader nodes(db.get());
  EXPECT_EQ(*nodes.Node(0, 0), merkle::AuditLeafHash(entry));
}

TEST_F(AuditTreeTest, HistoryListsEveryChangeAndTheLatestDigestMatchesTheStoredBytes) {
  CommitStores(2);  // s0, s1.
  auto s0 = testing::Copy<fangxin::v1::Store>(*registry_->Get("merchants/m/stores/s0"));
  s0->set_display_name("renamed");
  MustCommit(testing::Updating(s0, 1));
  CommitStores(1);

  std::string stored;
  absl::StatusOr<std::vector<fangxin::v1::AuditEntry>> history =
      registry_->ReadResourceHistory("merchants/m/stores/s0", 0, 10, &stored);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].revision(), 1);
  EXPECT_EQ((*history)[1].revision(), 3);
  EXPECT_EQ((*history)[1].method(), "/fangxin.v1.MerchantService/UpdateStore");
  // Paging: after revision 1.
  EXPECT_EQ(registry_->ReadResourceHistory("merchants/m/stores/s0", 1, 10, nullptr)->size(), 1u);
  EXPECT_EQ(registry_->ReadResourceHistory("merchants/m/stores/s0", 0, 1, nullptr)->size(), 1u);
  // A name that is a prefix of another resource's name does not pick up the other's history.
  EXPECT_TRUE(registry_->ReadResourceHistory("merchants/m/stores/s", 0, 10, nullptr)->empty());

  absl::StatusOr<std::string> bytes = registry_->ReadStoredBytes("merchants/m/stores/s0");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(Sha256(*bytes), (*history)[1].after_digests(0));
  EXPECT_EQ(stored, *bytes);
  EXPECT_EQ((*history)[1].before_digests(0), (*history)[0].after_digests(0));
  EXPECT_EQ(registry_->ReadStoredBytes("merchants/m/stores/nope").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(registry_->ReadResourceHistory("widgets/w", 0, 10, nullptr).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TreeNodeKeyTest, PadsLevelAndIndexSoByteOrderIsNumericOrder) {
  EXPECT_EQ(TreeNodeKey(0, 0), "t/00/00000000000000000000");
  EXPECT_EQ(TreeNodeKey(12, 345), "t/12/00000000000000000345");
}

}  // namespace
}  // namespace fangxin::storage
