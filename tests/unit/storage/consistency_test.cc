// CheckConsistency: OK after a random load; DATA_LOSS once a record is removed behind the
// registry's back.

#include <memory>
#include <random>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/keys.h"
#include "tests/unit/storage/registry_fixture.h"

namespace fangxin::storage::testing {
namespace {

using fangxin::v1::Merchant;
using fangxin::v1::Store;

class ConsistencyTest : public RegistryTest {
 protected:
  void SetUp() override {
    RegistryTest::SetUp();
    std::mt19937 random(7);
    for (int m = 0; m < 5; ++m) {
      MustCommit(Creating(MakeMerchant(absl::StrCat("merchants/m", m), absl::StrCat("U", m))));
    }
    for (int i = 0; i < 150; ++i) {
      const std::string name =
          absl::StrCat("merchants/m", random() % 5, "/stores/s", random() % 40);
      auto current = registry_->Get(name);
      if (current.ok()) {
        auto update = Copy<Store>(*current);
        update->set_division(absl::StrCat("divisions/", random() % 6));
        update->set_area(random() % 2 ? absl::StrCat("areas/a", random() % 3) : "");
        MustCommit(Updating(update, update->mod_revision()));
      } else {
        CreateStore(name, absl::StrCat(random() % 6), random() % 2 ? "a1" : "");
      }
    }
    // A unique value moving between merchants.
    auto m0 = Copy<Merchant>(*registry_->Get("merchants/m0"));
    m0->set_uscc("U-moved");
    MustCommit(Updating(m0, m0->mod_revision()));
    MustCommit(Creating(MakeMerchant("merchants/m9", "U0")));
  }

  // Deletes `key` directly in RocksDB while the registry is closed, then reopens it.
  void DeleteBehindTheRegistrysBack(const std::string& key) {
    Close();
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), dir_, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    std::string value;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), key, &value).ok()) << key;
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), key).ok());
    ASSERT_TRUE(db->Close().ok());
    db.reset();
    Open();
  }

  std::string FirstStoreOf(const std::string& division) {
    ScanQuery query;
    query.collection = "stores";
    query.index = "division";
    query.value = division;
    query.limit = 1;
    auto result = registry_->Scan(query);
    EXPECT_TRUE(result.ok() && !result->resources.empty());
    return static_cast<const Store&>(*result->resources[0]).name();
  }
};

TEST_F(ConsistencyTest, RandomLoadIsConsistent) {
  EXPECT_TRUE(registry_->CheckConsistency().ok()) << registry_->CheckConsistency();
  Close();
  Open();
  EXPECT_TRUE(registry_->CheckConsistency().ok()) << registry_->CheckConsistency();
}

TEST_F(ConsistencyTest, MissingIndexEntryIsDataLoss) {
  const std::string name = FirstStoreOf("3");
  const std::string key = keys::Index("stores", "division", "3", name);
  DeleteBehindTheRegistrysBack(key);
  absl::Status status = registry_->CheckConsistency();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "missing index entry " + key)) << status;
}

TEST_F(ConsistencyTest, MissingResourceIsDataLoss) {
  const std::string name = FirstStoreOf("2");
  DeleteBehindTheRegistrysBack(keys::Resource("stores", name));
  absl::Status status = registry_->CheckConsistency();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_TRUE(absl::StrContains(status.message(),
                                keys::Index("stores", "division", "2", name) + " has no resource"))
      << status;
}

TEST_F(ConsistencyTest, MissingUniqueEntryIsDataLoss) {
  DeleteBehindTheRegistrysBack(keys::Unique("merchants", "uscc", "U0"));
  absl::Status status = registry_->CheckConsistency();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "missing unique entry u/merchants/uscc/U0"))
      << status;
}

TEST_F(ConsistencyTest, MissingEventIsDataLoss) {
  DeleteBehindTheRegistrysBack(keys::Event(42, 0));
  absl::Status status = registry_->CheckConsistency();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "no events for revisions 42..42")) << status;
}

TEST_F(ConsistencyTest, MissingAuditEntryIsDataLoss) {
  DeleteBehindTheRegistrysBack(keys::Audit(17));
  absl::Status status = registry_->CheckConsistency();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "no audit entries for revisions 17..17"))
      << status;
}

}  // namespace
}  // namespace fangxin::storage::testing
