// The cost of the audit Merkle tree, for the closing note of issue 6:
//   1. commit throughput through the real registry with and without the tree, same run,
//      alternating, so the machine's state affects both alike;
//   2. a 1,000,000-leaf tree built through the real storage code (AuditTreeWriter into
//      RocksDB, 1,000 leaves per batch like a full commit group), then proof sizes, proof
//      read time, and the verifier's time: inclusion checks and a full recomputation of the
//      root from all entries.
// `--quick` shrinks everything for a CI smoke run.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/notification.h"
#include "common/clock.h"
#include "fangxin/v1/audit.pb.h"
#include "fangxin/v1/resources.pb.h"
#include "rocksdb/db.h"
#include "services/common/uscc.h"
#include "services/schema/fangxin_schema.h"
#include "storage/audit_tree.h"
#include "storage/merkle/audit_leaf.h"
#include "storage/merkle/frontier.h"
#include "storage/merkle/hash.h"
#include "storage/merkle/proof_builder.h"
#include "storage/merkle/verify.h"
#include "storage/registry.h"

namespace fangxin {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

std::string TempDir(const std::string& tag) {
  std::string pattern = "/tmp/fangxin-audit-bench-" + tag + "-XXXXXX";
  return ::mkdtemp(pattern.data());
}

std::string MerchantName() {
  const std::string first17 = "91320902000000777";
  return absl::StrCat("merchants/", first17, std::string(1, *UsccCheckCharacter(first17)));
}

// Commits `n` store creations as fast as the registry takes them; returns commits/s.
double CommitThroughput(bool tree, int n) {
  const std::string dir = TempDir(tree ? "tree" : "plain");
  storage::RegistryOptions options;
  options.path = dir;
  options.audit_tree = tree;
  options.sync = storage::SyncPolicy::kGroup;
  auto registry = storage::Registry::Open(options, &FangxinSchema());
  if (!registry.ok()) {
    std::fprintf(stderr, "open: %s\n", registry.status().ToString().c_str());
    std::exit(1);
  }
  std::atomic<int> left{n};
  absl::Notification done;
  const auto start = Clock::now();
  for (int i = 0; i < n; ++i) {
    auto store = std::make_shared<v1::Store>();
    store->set_name(absl::StrCat(MerchantName(), "/stores/s", i));
    store->set_display_name(absl::StrCat("门店", i));
    store->set_division("divisions/320902");
    store->set_township("divisions/320902001");
    storage::ChangeSet change;
    change.writes.push_back({store, storage::Expect::kAbsent, 0});
    change.actor = {"apiKeys/bench", v1::ROLE_ADMIN};
    change.method = "/fangxin.v1.MerchantService/CreateStore";
    (*registry)->Commit(std::move(change), [&](absl::StatusOr<storage::CommitResult> r) {
      if (!r.ok()) std::fprintf(stderr, "commit: %s\n", r.status().ToString().c_str());
      if (left.fetch_sub(1) == 1) done.Notify();
    });
  }
  done.WaitForNotification();
  const double rate = n / Seconds(start);
  registry->reset();
  std::filesystem::remove_all(dir);
  return rate;
}

void ThroughputSection(bool quick) {
  const int n = quick ? 2000 : 50000;
  const int rounds = quick ? 1 : 3;
  double with = 0, without = 0;
  for (int round = 0; round < rounds; ++round) {
    without += CommitThroughput(false, n);
    with += CommitThroughput(true, n);
  }
  std::printf("commit throughput (%d commits x %d rounds, group fsync, one process):\n", n, rounds);
  std::printf("  without tree  %9.0f commits/s\n", without / rounds);
  std::printf("  with tree     %9.0f commits/s  (%.1f%% of without)\n", with / rounds,
              100.0 * with / without);
}

void MillionSection(bool quick) {
  const int64_t n = quick ? 20000 : 1000000;
  const std::string dir = TempDir("million");
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(db_options, dir, &raw).ok()) std::exit(1);
  std::unique_ptr<rocksdb::DB> db(raw);
  auto writer = storage::AuditTreeWriter::Open(db.get(), 0);
  if (!writer.ok()) std::exit(1);

  // Entries shaped like real ones: one resource, two digests.
  auto entry_for = [](int64_t revision) {
    v1::AuditEntry e;
    e.set_revision(revision);
    e.mutable_commit_time()->set_seconds(1764300000 + revision / 100);
    e.set_actor("apiKeys/k1");
    e.set_role(v1::ROLE_REGULATOR);
    e.set_method("/fangxin.v1.MerchantService/UpdateStore");
    e.add_resources(absl::StrCat("merchants/91320902000000777X/stores/s", revision % 50000));
    e.set_request_id(absl::StrCat("req-", revision));
    e.add_before_digests(std::string(32, '\1'));
    e.add_after_digests(std::string(32, '\2'));
    return e;
  };
  auto start = Clock::now();
  rocksdb::WriteBatch batch;
  for (int64_t revision = 1; revision <= n; ++revision) {
    if ((revision - 1) % 1000 == 0) (*writer)->BeginGroup(revision);
    (*writer)->Append(entry_for(revision), &batch);
    if (revision % 1000 == 0 || revision == n) {
      db->Write(rocksdb::WriteOptions(), &batch);
      batch.Clear();
    }
  }
  const double build = Seconds(start);
  const std::string root = (*writer)->Root();
  std::printf("tree of %lld leaves built through AuditTreeWriter in %.2f s (%.0f leaves/s)\n",
              static_cast<long long>(n), build, n / build);

  storage::DbNodeReader nodes(db.get());
  const auto inclusion = storage::merkle::InclusionProof(nodes, n / 3, n);
  const auto consistency = storage::merkle::ConsistencyProof(nodes, n / 2 + 1, n);
  std::printf("  inclusion proof:   %zu hashes = %zu bytes\n", inclusion->size(),
              inclusion->size() * 32);
  std::printf("  consistency proof: %zu hashes = %zu bytes (%lld -> %lld)\n", consistency->size(),
              consistency->size() * 32, static_cast<long long>(n / 2 + 1),
              static_cast<long long>(n));

  const int proofs = 1000;
  start = Clock::now();
  for (int i = 0; i < proofs; ++i) {
    (void)storage::merkle::InclusionProof(nodes, (i * 7919) % n, n);
  }
  std::printf("  inclusion proof from RocksDB: %.1f us each\n", 1e6 * Seconds(start) / proofs);
  start = Clock::now();
  for (int i = 0; i < proofs; ++i) {
    const int64_t index = (i * 7919) % n;
    auto proof = storage::merkle::InclusionProof(nodes, index, n);
    absl::Status s = storage::merkle::VerifyInclusion(
        index, n, storage::merkle::AuditLeafHash(entry_for(index + 1)), *proof, root);
    if (!s.ok()) std::exit(2);
  }
  std::printf("  read + verify one inclusion: %.1f us each\n", 1e6 * Seconds(start) / proofs);

  // The verifier's --full: every entry's leaf hash, folded into a frontier.
  start = Clock::now();
  storage::merkle::Frontier frontier;
  for (int64_t revision = 1; revision <= n; ++revision) {
    frontier.Append(storage::merkle::AuditLeafHash(entry_for(revision)),
                    [](int, uint64_t, const std::string&) {});
  }
  const double full = Seconds(start);
  if (frontier.Root() != root) std::exit(3);
  std::printf("  full recomputation of the root from %lld entries: %.2f s (CPU only, "
              "entries in memory)\n",
              static_cast<long long>(n), full);
  db.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fangxin

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  fangxin::ThroughputSection(quick);
  fangxin::MillionSection(quick);
  return 0;
}
