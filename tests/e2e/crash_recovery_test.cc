// kill -9 during a 20,000-row import: after a restart every acknowledged row is there, nothing is
// half-written (every store has its index entries and every index entry its store) and the
// revisions have no gaps.

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/sdk/client.h"
#include "gtest/gtest.h"
#include "services/common/uscc.h"
#include "services/schema/fangxin_schema.h"
#include "storage/registry.h"
#include "tests/testing/fangxind_process.h"
#include "tests/testing/temp_dir.h"

namespace fangxin::testing {
namespace {

constexpr int kRows = 20000;
constexpr int kMerchants = 20;

sdk::Client Connect(const FangxindProcess& server, int max_attempts) {
  sdk::ClientOptions options;
  options.endpoint = server.endpoint();
  options.token = server.admin_token();
  options.max_attempts = max_attempts;
  options.max_backoff = absl::Milliseconds(200);
  return sdk::Client(*sdk::MakeConnection(options));
}

std::string MerchantName(int i) {
  std::string first17 = absl::StrFormat("91320903%09d", 500 + i);
  return absl::StrCat("merchants/", first17, std::string(1, *UsccCheckCharacter(first17)));
}

TEST(CrashRecoveryTest, KillDuringImportLosesNoAcknowledgedRowAndHalfWritesNothing) {
  TempDir dir;
  FangxindProcess server(dir.path() + "/data");
  ASSERT_TRUE(server.Start().ok());
  sdk::Client admin = Connect(server, 3);
  for (int i = 0; i < kMerchants; ++i) {
    v1::Merchant m;
    m.set_uscc(MerchantName(i).substr(10));
    m.set_legal_name(absl::StrCat("盐都区崩溃测试商行", i));
    m.set_division("divisions/320903");
    ASSERT_TRUE(admin.CreateMerchant(m).ok());
  }
  std::vector<v1::ImportStoresRequest> rows;
  for (int i = 0; i < kRows; ++i) {
    v1::ImportStoresRequest row;
    row.set_row(i + 2);
    row.set_parent(MerchantName(i % kMerchants));
    row.set_store_id(absl::StrCat("row-", i));
    v1::Store* s = row.mutable_store();
    s->set_display_name(absl::StrCat("崩溃测试店", i));
    s->set_address("盐城市盐都区");
    s->set_division("divisions/320903");
    s->mutable_location()->set_latitude(33.34 + (i % 100) * 0.0001);
    s->mutable_location()->set_longitude(120.13);
    rows.push_back(std::move(row));
  }

  std::mutex mu;
  std::set<std::string> acknowledged;
  std::atomic<size_t> acked_count{0};
  std::thread importer([&] {
    sdk::Client client = Connect(server, 1);  // No retries: the server is about to die.
    sdk::ImportOptions options;
    options.chunk_size = 250;
    options.on_progress = [&](const sdk::ImportProgress& p) {
      std::lock_guard<std::mutex> lock(mu);
      for (const auto& r : p.chunk_results) {
        if (r.code() == 0) acknowledged.insert(r.store().name());
      }
      acked_count = acknowledged.size();
    };
    (void)client.ImportStores(rows, options);  // Fails once the server is killed.
  });
  // Kill somewhere in the middle of the import (bounded wait: 60 s).
  for (int i = 0; i < 6000 && acked_count < kRows / 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  server.Kill();
  importer.join();
  const size_t acked = acknowledged.size();
  ASSERT_GT(acked, 0u);
  ASSERT_LT(acked, static_cast<size_t>(kRows)) << "the kill came after the import finished";

  ASSERT_TRUE(server.Start().ok());
  sdk::Client after = Connect(server, 3);
  std::set<std::string> present;
  v1::ListStoresRequest by_county;
  by_county.set_division("divisions/320903");
  by_county.set_page_size(1000);
  for (auto& store : after.ListStores(by_county)) {
    ASSERT_TRUE(store.ok()) << store.status();
    present.insert(store->name());
  }
  size_t missing = 0;
  for (const std::string& name : acknowledged) missing += present.count(name) == 0;
  EXPECT_EQ(missing, 0u) << "of " << acked << " acknowledged rows";
  EXPECT_GE(present.size(), acked);  // Rows committed but not yet acknowledged may exist too.
  ASSERT_EQ(server.Stop(), 0);

  storage::RegistryOptions options;
  options.path = server.data_dir() + "/registry";
  options.read_only = true;
  auto registry = storage::Registry::Open(options, &FangxinSchema());
  ASSERT_TRUE(registry.ok()) << registry.status();
  absl::Status consistent = (*registry)->CheckConsistency();
  EXPECT_TRUE(consistent.ok()) << consistent;
  std::printf("acknowledged %zu of %d rows before kill -9; %zu present after restart; "
              "registry at revision %lld is consistent\n",
              acked, kRows, present.size(),
              static_cast<long long>((*registry)->CurrentRevision()));
}

}  // namespace
}  // namespace fangxin::testing
