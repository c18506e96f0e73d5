#ifndef FANGXIN_TESTS_UNIT_STORAGE_REGISTRY_FIXTURE_H_
#define FANGXIN_TESTS_UNIT_STORAGE_REGISTRY_FIXTURE_H_

// Shared by the storage tests: a schema over fangxin.v1 Merchant and Store, a registry in a
// fresh directory per test, and builders for change sets.

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "fangxin/v1/resources.pb.h"
#include "gtest/gtest.h"
#include "storage/registry.h"
#include "storage/rocksdb_registry.h"
#include "storage/schema.h"

namespace fangxin::storage::testing {

using fangxin::v1::Merchant;
using fangxin::v1::Store;

// stores: non-unique "division" and "area" (when set); merchants: non-unique "division" and
// a unique "uscc". Values drop the "divisions/" / "areas/" prefix, which contains '/'.
inline Schema TestSchema() {
  Schema schema;
  CollectionSpec stores;
  stores.collection = "stores";
  stores.prototype = &Store::default_instance();
  stores.index_entries = [](const google::protobuf::Message& m) {
    const auto& store = static_cast<const Store&>(m);
    std::vector<IndexEntry> entries;
    entries.push_back({"division", std::string(absl::StripPrefix(store.division(), "divisions/"))});
    if (!store.area().empty()) {
      entries.push_back({"area", std::string(absl::StripPrefix(store.area(), "areas/"))});
    }
    return entries;
  };
  EXPECT_TRUE(schema.Register(std::move(stores)).ok());
  CollectionSpec merchants;
  merchants.collection = "merchants";
  merchants.prototype = &Merchant::default_instance();
  merchants.index_entries = [](const google::protobuf::Message& m) {
    const auto& merchant = static_cast<const Merchant&>(m);
    std::vector<IndexEntry> entries;
    entries.push_back(
        {"division", std::string(absl::StripPrefix(merchant.division(), "divisions/"))});
    if (!merchant.uscc().empty()) entries.push_back({"uscc", merchant.uscc(), /*unique=*/true});
    return entries;
  };
  EXPECT_TRUE(schema.Register(std::move(merchants)).ok());
  return schema;
}

inline std::shared_ptr<Store> MakeStore(const std::string& name, const std::string& division,
                                        const std::string& area = "") {
  auto store = std::make_shared<Store>();
  store->set_name(name);
  store->set_display_name("shop " + name);
  store->set_division("divisions/" + division);
  if (!area.empty()) store->set_area("areas/" + area);
  return store;
}

inline std::shared_ptr<Merchant> MakeMerchant(const std::string& name, const std::string& uscc,
                                              const std::string& division = "320902") {
  auto merchant = std::make_shared<Merchant>();
  merchant->set_name(name);
  merchant->set_uscc(uscc);
  merchant->set_legal_name("legal " + name);
  merchant->set_division("divisions/" + division);
  return merchant;
}

inline ChangeSet Creating(std::shared_ptr<google::protobuf::Message> resource,
                          const std::string& request_id = "") {
  ChangeSet change;
  change.writes.push_back({std::move(resource), Expect::kAbsent, 0});
  change.actor = {"apiKeys/test", fangxin::v1::ROLE_UNSPECIFIED};
  change.method = "/fangxin.v1.MerchantService/CreateStore";
  change.request_id = request_id;
  change.request_digest = request_id.empty() ? "" : "digest-of-" + request_id;
  return change;
}

inline ChangeSet Updating(std::shared_ptr<google::protobuf::Message> resource,
                          int64_t expected_mod_revision) {
  ChangeSet change;
  change.writes.push_back({std::move(resource), Expect::kModRevision, expected_mod_revision});
  change.actor = {"apiKeys/test", fangxin::v1::ROLE_UNSPECIFIED};
  change.method = "/fangxin.v1.MerchantService/UpdateStore";
  return change;
}

// A copy of a stored resource, to modify and write back.
template <typename T>
std::shared_ptr<T> Copy(const std::shared_ptr<const google::protobuf::Message>& stored) {
  auto copy = std::make_shared<T>();
  copy->CopyFrom(*stored);
  return copy;
}

class RegistryTest : public ::testing::Test {
 protected:
  static constexpr int64_t kStartSeconds = 1700000000;

  RegistryTest() : schema_(TestSchema()), clock_(absl::FromUnixSeconds(kStartSeconds)) {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/fangxin-storage-XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) dir_ = pattern;
  }

  ~RegistryTest() override {
    registry_.reset();
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }

  void SetUp() override {
    ASSERT_FALSE(dir_.empty());
    Open();
  }

  // Tests that do not measure durability skip fsync to stay fast.
  RegistryOptions Options() const {
    RegistryOptions options;
    options.path = dir_;
    options.sync = SyncPolicy::kNone;
    options.clock = const_cast<FakeClock*>(&clock_);
    options.block_cache_bytes = 8u << 20;
    return options;
  }

  void Open() { Open(Options()); }
  void Open(const RegistryOptions& options) {
    registry_.reset();
    auto opened = Registry::Open(options, &schema_);
    ASSERT_TRUE(opened.ok()) << opened.status();
    registry_ = std::move(opened).value();
  }
  void Close() { registry_.reset(); }

  // Commits and asserts success.
  CommitResult MustCommit(ChangeSet change) {
    absl::StatusOr<CommitResult> result = registry_->CommitAndWait(std::move(change));
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *std::move(result) : CommitResult{};
  }

  std::shared_ptr<Store> CreateStore(const std::string& name, const std::string& division,
                                     const std::string& area = "") {
    auto store = MakeStore(name, division, area);
    MustCommit(Creating(store));
    return store;
  }

  // Names found by scanning `index` = `value` of stores, all pages.
  std::vector<std::string> StoresIndexed(const std::string& index, const std::string& value) {
    std::vector<std::string> names;
    ScanQuery query;
    query.collection = "stores";
    query.index = index;
    query.value = value;
    query.limit = 1000;
    absl::StatusOr<ScanResult> result = registry_->Scan(query);
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return names;
    for (const auto& r : result->resources) names.push_back(static_cast<const Store&>(*r).name());
    return names;
  }

  std::string dir_;
  Schema schema_;
  FakeClock clock_;
  std::unique_ptr<Registry> registry_;
};

}  // namespace fangxin::storage::testing

#endif  // FANGXIN_TESTS_UNIT_STORAGE_REGISTRY_FIXTURE_H_
