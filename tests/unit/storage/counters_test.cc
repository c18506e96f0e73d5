// Counters kept by the commit path: deltas of one write, groups of concurrent commits adding
// up, and agreement with a from-scratch recount after a random load.

#include <stdlib.h>

#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "gtest/gtest.h"
#include "storage/counters.h"
#include "tests/unit/storage/feed_fixture.h"

namespace fangxin::storage::testing {
namespace {

using fangxin::v1::STORE_STATE_CLOSED;

TEST(CounterKeyTest, RoundTripsScopeAndMetric) {
  const std::string key = CounterKey("divisions/320902", "certified/brand/provincial");
  EXPECT_EQ(key, "c/divisions/320902#certified/brand/provincial");
  absl::string_view scope, metric;
  ASSERT_TRUE(ParseCounterKey(key, &scope, &metric));
  EXPECT_EQ(scope, "divisions/320902");
  EXPECT_EQ(metric, "certified/brand/provincial");
  EXPECT_TRUE(absl::StartsWith(key, CounterPrefix("divisions/320902")));
  EXPECT_FALSE(absl::StartsWith(key, CounterPrefix("divisions/32090")));
  for (const char* bad : {"c/x", "c/#m", "c/x#", "r/x#m"}) {
    EXPECT_FALSE(ParseCounterKey(bad, &scope, &metric)) << bad;
  }
}

TEST(CounterKeyTest, EncodingRoundTripsNegativeAndLargeValues) {
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{1} << 40, -(int64_t{1} << 62)}) {
    int64_t decoded = 7;
    ASSERT_TRUE(DecodeCounter(EncodeCounter(v), &decoded));
    EXPECT_EQ(decoded, v);
  }
  int64_t ignored;
  EXPECT_FALSE(DecodeCounter("1234567", &ignored));
}

TEST(CounterDeltasTest, EveryTransitionOfOneStore) {
  const Schema schema = FeedSchema();
  const CollectionSpec& spec = *schema.Find("stores");
  auto open_a = OpenStore("merchants/m/stores/s", "1", "mall");
  auto open_b = OpenStore("merchants/m/stores/s", "2", "mall");
  auto closed_a = OpenStore("merchants/m/stores/s", "1", "mall");
  closed_a->set_state(STORE_STATE_CLOSED);
  using Deltas = std::map<std::string, int64_t>;
  struct Case {
    const char* what;
    const Store* before;
    const Store* after;
    Deltas want;
  };
  const Case cases[] = {
      {"create open", nullptr, open_a.get(),
       {{"c/divisions/1#open", 1}, {"c/areas/mall#open", 1}}},
      {"create closed", nullptr, closed_a.get(), {}},
      {"close", open_a.get(), closed_a.get(),
       {{"c/divisions/1#open", -1}, {"c/areas/mall#open", -1}}},
      {"reopen", closed_a.get(), open_a.get(),
       {{"c/divisions/1#open", 1}, {"c/areas/mall#open", 1}}},
      // Moving divisions within the same area leaves the area's count alone.
      {"move", open_a.get(), open_b.get(), {{"c/divisions/1#open", -1}, {"c/divisions/2#open", 1}}},
      {"unchanged", open_a.get(), open_a.get(), {}},
      {"closed stays closed", closed_a.get(), closed_a.get(), {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CounterDeltas(spec, c.before, c.after), c.want) << c.what;
  }
}

class CountersTest : public FeedRegistryTest {
 protected:
  std::map<std::string, int64_t> Counters(const std::string& scope) {
    absl::StatusOr<std::vector<CounterValues>> read = registry_->ReadCounters({scope}, nullptr);
    EXPECT_TRUE(read.ok()) << read.status();
    return read.ok() ? (*read)[0].metrics : std::map<std::string, int64_t>();
  }
};

// The group's counters reach the batch once each, with the sum of its change sets; a counter
// that ends the group at zero is deleted.
TEST(CounterStagerTest, FlushWritesEachMovedCounterOnceWithTheGroupsSum) {
  std::string dir = ::testing::TempDir() + "counter_stager_XXXXXX";
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, dir, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), CounterKey("gone", "open"), EncodeCounter(2)).ok());

  CollectionSpec spec;
  spec.counters = [](const google::protobuf::Message& m) {
    const auto& store = static_cast<const fangxin::v1::Store&>(m);
    return std::vector<CounterContribution>{{"city", "open", 1}, {store.division(), "open", 1}};
  };
  fangxin::v1::Store a, b, gone;
  a.set_division("divisions/1");
  b.set_division("divisions/2");
  gone.set_division("gone");

  CounterStager stager(db.get());
  stager.BeginGroup();
  for (const fangxin::v1::Store* store : {&a, &b, &a}) {
    stager.BeginChangeSet();
    ASSERT_TRUE(stager.Plan(spec, nullptr, store).ok());
    stager.Stage();
  }
  // A refused change set: planned, never staged.
  stager.BeginChangeSet();
  ASSERT_TRUE(stager.Plan(spec, nullptr, &b).ok());
  // Two closings of the "gone" scope's stores take it to zero.
  for (int i = 0; i < 2; ++i) {
    stager.BeginChangeSet();
    ASSERT_TRUE(stager.Plan(spec, &gone, nullptr).ok());
    stager.Stage();
  }
  rocksdb::WriteBatch batch;
  stager.Flush(&batch);
  EXPECT_EQ(batch.Count(), 4u);  // city, divisions/1, divisions/2, gone: once each.
  ASSERT_TRUE(db->Write(rocksdb::WriteOptions(), &batch).ok());
  auto read = [&](const std::string& scope) {
    std::string bytes;
    int64_t value = -1;
    rocksdb::Status s = db->Get(rocksdb::ReadOptions(), CounterKey(scope, "open"), &bytes);
    if (s.IsNotFound()) return int64_t{0};
    EXPECT_TRUE(DecodeCounter(bytes, &value));
    return value;
  };
  EXPECT_EQ(read("city"), 3 - 2);
  EXPECT_EQ(read("divisions/1"), 2);
  EXPECT_EQ(read("divisions/2"), 1);
  std::string bytes;
  EXPECT_TRUE(db->Get(rocksdb::ReadOptions(), CounterKey("gone", "open"), &bytes).IsNotFound());
  // Flushing again writes nothing: the group's counters were written.
  rocksdb::WriteBatch again;
  stager.Flush(&again);
  EXPECT_EQ(again.Count(), 0u);
  db.reset();
  rocksdb::DestroyDB(dir, options).PermitUncheckedError();
}

TEST_F(CountersTest, ConcurrentCommitsInOneGroupAddUp) {
  constexpr int kStores = 200;
  absl::BlockingCounter done(kStores);
  for (int i = 0; i < kStores; ++i) {
    registry_->Commit(Creating(OpenStore(absl::StrCat("merchants/m/stores/s", i), "1", "mall")),
                      [&done](absl::StatusOr<CommitResult> result) {
                        EXPECT_TRUE(result.ok()) << result.status();
                        done.DecrementCount();
                      });
  }
  done.Wait();
  EXPECT_GT(registry_->Stats().largest_group, 1) << "the test needs grouped commits";
  EXPECT_EQ(Counters("divisions/1"), (std::map<std::string, int64_t>{{"open", kStores}}));
  EXPECT_EQ(Counters("areas/mall"), (std::map<std::string, int64_t>{{"open", kStores}}));
  EXPECT_TRUE(registry_->CheckConsistency().ok());
}

TEST_F(CountersTest, ReadCountersReportsTheRevisionAndZeroCountersAreGone) {
  auto store = OpenStore("merchants/m/stores/s", "1");
  const CommitResult created = MustCommit(Creating(store));
  int64_t revision = 0;
  ASSERT_TRUE(registry_->ReadCounters({"divisions/1"}, &revision).ok());
  EXPECT_EQ(revision, created.revision);
  auto closed = Copy<Store>(created.resources[0]);
  closed->set_state(STORE_STATE_CLOSED);
  MustCommit(Updating(closed, created.revision));
  EXPECT_TRUE(Counters("divisions/1").empty());
}

// Random creates, moves, closes and reopens in concurrent groups; then every counter must equal
// a recount (CheckConsistency recounts) and the test's own model.
TEST_F(CountersTest, AgreeWithRecountAfterRandomLoad) {
  std::mt19937 random(7);
  std::map<std::string, std::shared_ptr<const google::protobuf::Message>> stored;
  for (int round = 0; round < 30; ++round) {
    // One round: up to 10 commits on distinct stores, issued together so they share groups.
    std::map<std::string, ChangeSet> changes;
    for (int c = 0; c < 10; ++c) {
      const std::string name = absl::StrCat("merchants/m/stores/s", random() % 25);
      if (changes.count(name)) continue;
      auto it = stored.find(name);
      std::shared_ptr<Store> next =
          OpenStore(name, absl::StrCat(random() % 3), random() % 2 ? "mall" : "");
      if (random() % 3 == 0) next->set_state(STORE_STATE_CLOSED);
      if (it == stored.end()) {
        changes.emplace(name, Creating(next));
      } else {
        changes.emplace(name, Updating(next, static_cast<const Store&>(*it->second).mod_revision()));
      }
    }
    absl::BlockingCounter done(static_cast<int>(changes.size()));
    absl::Mutex mu;
    for (auto& [name, change] : changes) {
      registry_->Commit(std::move(change), [&, name = name](absl::StatusOr<CommitResult> result) {
        EXPECT_TRUE(result.ok()) << result.status();
        if (result.ok()) {
          absl::MutexLock lock(&mu);
          stored[name] = result->resources[0];
        }
        done.DecrementCount();
      });
    }
    done.Wait();
  }
  ASSERT_TRUE(registry_->CheckConsistency().ok()) << registry_->CheckConsistency();
  std::map<std::string, std::map<std::string, int64_t>> model;
  for (const auto& [name, resource] : stored) {
    const auto& store = static_cast<const Store&>(*resource);
    if (store.state() != fangxin::v1::STORE_STATE_OPEN) continue;
    for (const std::string& scope : StoreScopesForTest(store)) ++model[scope]["open"];
  }
  for (const char* scope : {"divisions/0", "divisions/1", "divisions/2", "areas/mall"}) {
    EXPECT_EQ(Counters(scope), model[scope]) << scope;
  }
}

}  // namespace
}  // namespace fangxin::storage::testing
