// Scan: collection and index walks, pagination through last_key, filter and max_examined.

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "tests/unit/storage/registry_fixture.h"

namespace fangxin::storage::testing {
namespace {

using fangxin::v1::Store;

std::vector<std::string> Names(const ScanResult& result) {
  std::vector<std::string> names;
  for (const auto& r : result.resources) names.push_back(static_cast<const Store&>(*r).name());
  return names;
}

class ScanTest : public RegistryTest {
 protected:
  // 25 stores of m1 in 111111 (odd ones in area a1), 5 of m2 in 222222, and a merchant.
  void SetUp() override {
    RegistryTest::SetUp();
    MustCommit(Creating(MakeMerchant("merchants/m1", "USCC1")));
    for (int i = 0; i < 25; ++i) {
      CreateStore(absl::StrFormat("merchants/m1/stores/s%02d", i), "111111", i % 2 ? "a1" : "");
    }
    for (int i = 0; i < 5; ++i) {
      CreateStore(absl::StrFormat("merchants/m2/stores/s%02d", i), "222222");
    }
  }

  ScanResult MustScan(const ScanQuery& query) {
    absl::StatusOr<ScanResult> result = registry_->Scan(query);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *std::move(result) : ScanResult{};
  }

  ScanQuery IndexQuery(const std::string& index, const std::string& value, int limit) {
    ScanQuery query;
    query.collection = "stores";
    query.index = index;
    query.value = value;
    query.limit = limit;
    return query;
  }
};

TEST_F(ScanTest, CollectionScanByNamePrefixStaysInItsRange) {
  ScanQuery query;
  query.collection = "stores";
  query.value = "merchants/m2/";
  query.limit = 100;
  ScanResult result = MustScan(query);
  EXPECT_EQ(Names(result),
            (std::vector<std::string>{"merchants/m2/stores/s00", "merchants/m2/stores/s01",
                                      "merchants/m2/stores/s02", "merchants/m2/stores/s03",
                                      "merchants/m2/stores/s04"}));
  EXPECT_TRUE(result.done);
  EXPECT_TRUE(result.last_key.empty());

  ScanQuery merchants;
  merchants.collection = "merchants";
  merchants.limit = 100;
  ScanResult all_merchants = MustScan(merchants);
  ASSERT_EQ(all_merchants.resources.size(), 1u);  // Stores under merchants/ are not merchants.
}

TEST_F(ScanTest, IndexScanPaginatesInNameOrderWithoutDuplicates) {
  ScanQuery query = IndexQuery("division", "111111", 10);
  std::vector<std::string> seen;
  std::vector<size_t> page_sizes;
  for (int page = 0; page < 10; ++page) {
    ScanResult result = MustScan(query);
    page_sizes.push_back(result.resources.size());
    for (const std::string& name : Names(result)) seen.push_back(name);
    if (result.done) {
      EXPECT_TRUE(result.last_key.empty());
      break;
    }
    ASSERT_FALSE(result.last_key.empty());
    query.start_after = result.last_key;
  }
  EXPECT_EQ(page_sizes, (std::vector<size_t>{10, 10, 5}));
  ASSERT_EQ(seen.size(), 25u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 25u);
  EXPECT_EQ(seen.front(), "merchants/m1/stores/s00");
}

TEST_F(ScanTest, AnExactlyFullLastPageIsDone) {
  ScanResult result = MustScan(IndexQuery("division", "222222", 5));
  EXPECT_EQ(result.resources.size(), 5u);
  EXPECT_TRUE(result.done);
  EXPECT_TRUE(result.last_key.empty());
}

TEST_F(ScanTest, FilterAppliesAndMaxExaminedBoundsAPage) {
  ScanQuery query = IndexQuery("division", "111111", 100);
  query.filter = [](const google::protobuf::Message& m) {
    return static_cast<const Store&>(m).area() == "areas/a1";
  };
  ScanResult all = MustScan(query);
  EXPECT_EQ(all.resources.size(), 12u);  // s01, s03, ..., s23.
  EXPECT_TRUE(all.done);

  query.max_examined = 6;  // s00..s05: three match.
  ScanResult bounded = MustScan(query);
  EXPECT_EQ(Names(bounded),
            (std::vector<std::string>{"merchants/m1/stores/s01", "merchants/m1/stores/s03",
                                      "merchants/m1/stores/s05"}));
  EXPECT_FALSE(bounded.done);
  query.start_after = bounded.last_key;
  ScanResult next = MustScan(query);
  ASSERT_FALSE(next.resources.empty());
  EXPECT_EQ(Names(next).front(), "merchants/m1/stores/s07");

  // Without a filter, the default bound is 20 * limit: a limit is always reachable.
  ScanQuery limited = IndexQuery("division", "111111", 4);
  EXPECT_EQ(MustScan(limited).resources.size(), 4u);
}

TEST_F(ScanTest, FilteredCollectionScanStopsAtTheLimit) {
  ScanQuery query;
  query.collection = "stores";
  query.value = "merchants/m1/";
  query.limit = 2;
  query.filter = [](const google::protobuf::Message& m) {
    return static_cast<const Store&>(m).area() == "areas/a1";
  };
  ScanResult result = MustScan(query);
  EXPECT_EQ(Names(result),
            (std::vector<std::string>{"merchants/m1/stores/s01", "merchants/m1/stores/s03"}));
  EXPECT_FALSE(result.done);
  query.start_after = result.last_key;
  EXPECT_EQ(Names(MustScan(query)).front(), "merchants/m1/stores/s05");
}

TEST_F(ScanTest, ReadRevisionIsTheSnapshotRevision) {
  ScanResult result = MustScan(IndexQuery("area", "a1", 3));
  EXPECT_EQ(result.read_revision, registry_->CurrentRevision());
  EXPECT_EQ(result.read_revision, 31);
}

TEST_F(ScanTest, EmptyRangeIsDone) {
  ScanResult result = MustScan(IndexQuery("division", "333333", 10));
  EXPECT_TRUE(result.resources.empty());
  EXPECT_TRUE(result.done);
}

TEST_F(ScanTest, TakeStoredGetsEachRecordsStoredBytesAndCountsOnlyKeptOnes) {
  // Keep every other record of area a1 (12 of them): 3 kept fill a limit of 3, after 5 seen.
  ScanQuery query = IndexQuery("area", "a1", 3);
  std::vector<std::string> seen;
  query.take_stored = [&](absl::string_view stored) -> absl::StatusOr<bool> {
    seen.emplace_back(stored);
    return seen.size() % 2 == 1;
  };
  ScanResult result = MustScan(query);
  EXPECT_TRUE(result.resources.empty());  // Nothing parsed by the scan.
  EXPECT_FALSE(result.done);
  ASSERT_EQ(seen.size(), 5u);
  // Records in index order, each exactly as stored.
  EXPECT_EQ(seen[0], *registry_->ReadStoredBytes("merchants/m1/stores/s01"));
  EXPECT_EQ(seen[4], *registry_->ReadStoredBytes("merchants/m1/stores/s09"));

  // The page ends after the last record examined, so the next page starts at s11.
  query.start_after = result.last_key;
  seen.clear();
  query.take_stored = [&](absl::string_view stored) -> absl::StatusOr<bool> {
    seen.emplace_back(stored);
    return true;
  };
  MustScan(query);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen[0], *registry_->ReadStoredBytes("merchants/m1/stores/s11"));
}

TEST_F(ScanTest, TakeStoredErrorEndsTheScan) {
  ScanQuery query;
  query.collection = "stores";
  query.value = "merchants/m2/";
  query.limit = 100;
  int calls = 0;
  query.take_stored = [&](absl::string_view) -> absl::StatusOr<bool> {
    ++calls;
    return absl::DataLossError("unreadable");
  };
  EXPECT_EQ(registry_->Scan(query).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(calls, 1);
}

TEST_F(ScanTest, MalformedQueriesAreInvalidArgument) {
  auto code = [&](const ScanQuery& q) { return registry_->Scan(q).status().code(); };
  ScanQuery unknown = IndexQuery("division", "111111", 10);
  unknown.collection = "pledges";
  EXPECT_EQ(code(unknown), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(IndexQuery("division", "111111", 0)), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(IndexQuery("division", "a/b", 10)), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(IndexQuery("Division", "111111", 10)), absl::StatusCode::kInvalidArgument);
  ScanQuery foreign = IndexQuery("division", "111111", 10);
  foreign.start_after = "i/stores/division/222222/merchants/m2/stores/s00";
  EXPECT_EQ(code(foreign), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fangxin::storage::testing
