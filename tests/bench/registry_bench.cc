// registry_bench: the durable write path through gRPC, measured in one run.
//
// Starts a real fangxind (in process, 127.0.0.1, RocksDB in a temp dir) per configuration and
// drives it with SDK clients: durable store creates with 1 and 64 concurrent clients, and a
// chunked ImportStores. The baseline, in the same run, is the same load with one fsync per
// commit (--sync=each), so the table shows what group commit buys. Client and server share this
// machine's cores.
//
//   registry_bench [--quick] [--json=FILE]

#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "clients/sdk/client.h"
#include "services/common/uscc.h"
#include "services/server/server.h"
#include "tests/testing/temp_dir.h"

namespace fangxin::bench {
namespace {

// Every failed call, across configurations; any makes the run exit non-zero.
std::atomic<int> g_failures{0};

struct Result {
  std::string name;
  double per_second = 0;
  double ops = 0;
  double seconds = 0;
};

std::string MerchantName(int i) {
  std::string first17 = absl::StrFormat("91320902%09d", 700000 + i);
  return absl::StrCat("merchants/", first17, std::string(1, *UsccCheckCharacter(first17)));
}

v1::Store BenchStore(int i) {
  v1::Store s;
  // About 1 KB stored, like a real store record with its address and notes.
  std::string padding;
  for (int k = 0; k < 80; ++k) padding += "盐";  // 240 bytes of UTF-8.
  s.set_display_name(absl::StrCat("基准测试店", i));
  s.set_address(absl::StrCat("盐城市亭湖区解放南路", i, "号", padding, padding, padding));
  s.set_division("divisions/320902");
  s.set_township("divisions/320902001");
  s.mutable_location()->set_latitude(33.38 + (i % 1000) * 1e-5);
  s.mutable_location()->set_longitude(120.13);
  s.set_industry("retail");
  return s;
}

class Bench {
 public:
  explicit Bench(storage::SyncPolicy sync) {
    Server::Options options;
    options.data_dir = dir_.path() + "/data";
    options.listen = "127.0.0.1:0";
    options.allow_plaintext = true;
    options.divisions_csv = testing::SourcePath("deploy/data/yancheng-divisions.csv");
    options.sync = sync;
    server_ = std::make_unique<Server>(options);
    absl::Status s = server_->Start();
    if (!s.ok()) {
      std::fprintf(stderr, "cannot start server: %s\n", s.ToString().c_str());
      std::exit(1);
    }
    for (int i = 0; i < 64; ++i) {
      v1::Merchant m;
      m.set_uscc(MerchantName(i).substr(10));
      m.set_legal_name(absl::StrCat("基准商户", i));
      m.set_division("divisions/320902");
      (void)NewClient().CreateMerchant(m);
    }
  }

  sdk::Client NewClient() {
    sdk::ClientOptions options;
    options.endpoint = absl::StrCat("127.0.0.1:", server_->port());
    options.token = server_->bootstrap_admin_token();
    return sdk::Client(*sdk::MakeConnection(options));
  }

  // `clients` threads, each with its own channel, creating `per_client` stores.
  Result Creates(const std::string& name, int clients, int per_client) {
    std::vector<sdk::Client> pool;
    for (int c = 0; c < clients; ++c) pool.push_back(NewClient());
    std::atomic<int> failures{0};
    absl::Time start = absl::Now();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
      threads.emplace_back([&, c] {
        for (int i = 0; i < per_client; ++i) {
          auto created = pool[c].CreateStore(MerchantName(c), BenchStore(i));
          if (!created.ok() && failures++ == 0) {
            std::fprintf(stderr, "%s\n", created.status().ToString().c_str());
          }
        }
      });
    }
    for (auto& t : threads) t.join();
    double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    if (failures > 0) std::fprintf(stderr, "%s: %d failures\n", name.c_str(), failures.load());
    g_failures += failures.load();
    double ops = static_cast<double>(clients) * per_client;
    return {name, ops / seconds, ops, seconds};
  }

  Result Import(const std::string& name, int rows_count) {
    std::vector<v1::ImportStoresRequest> rows;
    for (int i = 0; i < rows_count; ++i) {
      v1::ImportStoresRequest row;
      row.set_row(i + 2);
      row.set_parent(MerchantName(i % 64));
      *row.mutable_store() = BenchStore(i);
      rows.push_back(std::move(row));
    }
    sdk::ImportOptions options;
    options.chunk_size = 1000;
    absl::Time start = absl::Now();
    auto results = NewClient().ImportStores(std::move(rows), options);
    double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    if (!results.ok()) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), results.status().ToString().c_str());
      ++g_failures;
    } else {
      for (const auto& r : *results) g_failures += r.code() != 0;
    }
    return {name, rows_count / seconds, static_cast<double>(rows_count), seconds};
  }

 private:
  testing::TempDir dir_;
  std::unique_ptr<Server> server_;
};

}  // namespace
}  // namespace fangxin::bench

int main(int argc, char** argv) {
  using fangxin::bench::Bench;
  using fangxin::bench::Result;
  bool quick = false;
  std::string json_path;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--quick") quick = true;
    if (absl::StartsWith(arg, "--json=")) json_path = arg.substr(7);
  }
  const int single = quick ? 200 : 1000;
  const int per_client = quick ? 20 : 100;
  const int import_rows = quick ? 5000 : 20000;

  std::vector<Result> results;
  {
    Bench group(fangxin::storage::SyncPolicy::kGroup);
    results.push_back(group.Creates("create, 1 client, group commit", 1, single));
    results.push_back(group.Creates("create, 64 clients, group commit", 64, per_client));
    results.push_back(group.Import("import rows, group commit", import_rows));
  }
  {
    Bench each(fangxin::storage::SyncPolicy::kEach);
    results.push_back(each.Creates("create, 1 client, fsync per commit", 1, single));
    results.push_back(each.Creates("create, 64 clients, fsync per commit", 64, per_client));
  }
  std::printf("\nfangxin registry_bench%s (client and server share this %u-core machine)\n",
              quick ? " --quick" : "", std::thread::hardware_concurrency());
  std::printf("%-40s %12s %10s %8s\n", "workload", "per second", "ops", "seconds");
  for (const Result& r : results) {
    std::printf("%-40s %12.0f %10.0f %8.2f\n", r.name.c_str(), r.per_second, r.ops, r.seconds);
  }
  std::printf("group commit / fsync per commit, 64 clients: %.2fx\n",
              results[1].per_second / results[4].per_second);
  std::printf("64 clients / 1 client, group commit:         %.2fx\n",
              results[1].per_second / results[0].per_second);
  if (!json_path.empty()) {
    std::ofstream out(json_path);
    out << "[";
    for (size_t i = 0; i < results.size(); ++i) {
      out << (i ? "," : "") << "{\"workload\":\"" << results[i].name
          << "\",\"per_second\":" << results[i].per_second << ",\"ops\":" << results[i].ops
          << ",\"seconds\":" << results[i].seconds << "}";
    }
    out << "]\n";
  }
  if (fangxin::bench::g_failures > 0) {
    std::fprintf(stderr, "%d calls failed\n", fangxin::bench::g_failures.load());
    return 1;
  }
  return 0;
}
