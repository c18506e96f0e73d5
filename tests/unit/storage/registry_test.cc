// Commit semantics of the registry: stamping, preconditions, request ids, unique entries,
// index maintenance, reopening.

#include <atomic>
#include <thread>
#include <vector>

#include "common/errors.h"
#include "gtest/gtest.h"
#include "tests/unit/storage/registry_fixture.h"

namespace fangxin::storage::testing {
namespace {

using fangxin::v1::Merchant;
using fangxin::v1::Store;

const Store& AsStore(const std::shared_ptr<const google::protobuf::Message>& m) {
  return static_cast<const Store&>(*m);
}

// Nothing of a refused commit may be visible: revision, events, audit, index entries.
void ExpectNothingWrittenAfter(Registry& registry, int64_t revision) {
  EXPECT_EQ(registry.CurrentRevision(), revision);
  auto events = registry.ReadEvents(revision + 1, 10);
  ASSERT_TRUE(events.ok());
  EXPECT_TRUE(events->empty());
  auto audit = registry.ReadAudit(revision + 1, revision + 10);
  ASSERT_TRUE(audit.ok());
  EXPECT_TRUE(audit->empty());
  EXPECT_TRUE(registry.CheckConsistency().ok()) << registry.CheckConsistency();
}

TEST_F(RegistryTest, EmptyRegistryIsAtRevisionZero) {
  EXPECT_EQ(registry_->CurrentRevision(), 0);
  EXPECT_EQ(registry_->Get("merchants/m1/stores/s1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(registry_->CheckConsistency().ok());
}

TEST_F(RegistryTest, CreateStampsBookkeepingFields) {
  auto store = MakeStore("merchants/m1/stores/s1", "320902");
  store->set_etag("ignored");
  store->set_version(42);
  CommitResult result = MustCommit(Creating(store));

  EXPECT_EQ(result.revision, 1);
  EXPECT_FALSE(result.replayed);
  ASSERT_EQ(result.resources.size(), 1u);
  const Store& stamped = AsStore(result.resources[0]);
  EXPECT_EQ(stamped.etag(), "1");
  EXPECT_EQ(stamped.mod_revision(), 1);
  EXPECT_EQ(stamped.create_revision(), 1);
  EXPECT_EQ(stamped.version(), 1);
  EXPECT_EQ(stamped.create_time().seconds(), kStartSeconds);
  EXPECT_EQ(stamped.update_time().seconds(), kStartSeconds);
  EXPECT_EQ(registry_->CurrentRevision(), 1);

  auto stored = registry_->Get("merchants/m1/stores/s1");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(AsStore(*stored).SerializeAsString(), stamped.SerializeAsString());
}

TEST_F(RegistryTest, UpdateIncrementsVersionAndCarriesCreateFieldsOver) {
  auto store = CreateStore("merchants/m1/stores/s1", "320902");
  CreateStore("merchants/m1/stores/s2", "320902");  // Revision 2: revisions are registry-wide.
  clock_.Advance(absl::Seconds(30));

  auto update = Copy<Store>(*registry_->Get(store->name()));
  update->set_display_name("renamed");
  update->set_create_revision(999);  // Caller values are replaced.
  update->mutable_create_time()->set_seconds(1);
  CommitResult result = MustCommit(Updating(update, 1));

  EXPECT_EQ(result.revision, 3);
  const Store& stamped = AsStore(result.resources[0]);
  EXPECT_EQ(stamped.display_name(), "renamed");
  EXPECT_EQ(stamped.etag(), "3");
  EXPECT_EQ(stamped.mod_revision(), 3);
  EXPECT_EQ(stamped.create_revision(), 1);
  EXPECT_EQ(stamped.version(), 2);
  EXPECT_EQ(stamped.create_time().seconds(), kStartSeconds);
  EXPECT_EQ(stamped.update_time().seconds(), kStartSeconds + 30);
  EXPECT_EQ(AsStore(*registry_->Get(store->name())).version(), 2);
}

TEST_F(RegistryTest, CreatingTwiceIsAlreadyExistsAndWritesNothing) {
  CreateStore("merchants/m1/stores/s1", "320902");
  auto again = MakeStore("merchants/m1/stores/s1", "999999", "a9");

  absl::StatusOr<CommitResult> result = registry_->CommitAndWait(Creating(again));
  ASSERT_EQ(result.status().code(), absl::StatusCode::kAlreadyExists) << result.status();
  EXPECT_TRUE(absl::StrContains(result.status().message(), "merchants/m1/stores/s1"));
  ExpectNothingWrittenAfter(*registry_, 1);
  EXPECT_TRUE(StoresIndexed("division", "999999").empty());
  EXPECT_TRUE(StoresIndexed("area", "a9").empty());
  EXPECT_EQ(AsStore(*registry_->Get("merchants/m1/stores/s1")).division(), "divisions/320902");
}

TEST_F(RegistryTest, StaleEtagIsAbortedAndWritesNothing) {
  auto store = CreateStore("merchants/m1/stores/s1", "320902");
  auto first = Copy<Store>(*registry_->Get(store->name()));
  first->set_display_name("first");
  MustCommit(Updating(first, 1));

  auto stale = Copy<Store>(*registry_->Get(store->name()));
  stale->set_division("divisions/999999");
  absl::StatusOr<CommitResult> result = registry_->CommitAndWait(Updating(stale, 1));
  ASSERT_EQ(result.status().code(), absl::StatusCode::kAborted) << result.status();
  EXPECT_EQ(ErrorReasonOf(result.status()), "ETAG_MISMATCH");
  EXPECT_TRUE(absl::StrContains(result.status().message(), "etag mismatch: expected 1, stored 2"))
      << result.status();
  ExpectNothingWrittenAfter(*registry_, 2);
  EXPECT_TRUE(StoresIndexed("division", "999999").empty());
  EXPECT_EQ(AsStore(*registry_->Get(store->name())).display_name(), "first");
}

TEST_F(RegistryTest, UpdatingAnAbsentResourceIsNotFound) {
  absl::StatusOr<CommitResult> result =
      registry_->CommitAndWait(Updating(MakeStore("merchants/m1/stores/s1", "320902"), 1));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound) << result.status();
  ExpectNothingWrittenAfter(*registry_, 0);
}

TEST_F(RegistryTest, ConcurrentUpdatesWithTheSameEtagHaveExactlyOneWinner) {
  CreateStore("merchants/m1/stores/s1", "320902");
  constexpr int kThreads = 16;
  std::atomic<int> ok{0}, aborted{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto update = MakeStore("merchants/m1/stores/s1", "320902");
      update->set_display_name("writer " + std::to_string(t));
      auto result = registry_->CommitAndWait(Updating(update, 1));
      if (result.ok()) {
        ++ok;
      } else if (result.status().code() == absl::StatusCode::kAborted) {
        ++aborted;
      } else {
        ++other;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(aborted.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(registry_->CurrentRevision(), 2);
  EXPECT_EQ(AsStore(*registry_->Get("merchants/m1/stores/s1")).version(), 2);
}

TEST_F(RegistryTest, ReplayedRequestIdReturnsTheFirstResult) {
  CommitResult first = MustCommit(Creating(MakeStore("merchants/m1/stores/s1", "320902"), "r1"));
  CreateStore("merchants/m1/stores/other", "320902");

  // A retry, even one whose change would now be refused, gets the first answer.
  CommitResult retry = MustCommit(Creating(MakeStore("merchants/m1/stores/s1", "320902"), "r1"));
  EXPECT_TRUE(retry.replayed);
  EXPECT_EQ(retry.revision, first.revision);
  ASSERT_EQ(retry.resources.size(), 1u);
  EXPECT_EQ(AsStore(retry.resources[0]).SerializeAsString(),
            AsStore(first.resources[0]).SerializeAsString());

  // Both answers carry the record as stored, the replay's from the request record.
  absl::StatusOr<std::string> stored = registry_->ReadStoredBytes("merchants/m1/stores/s1");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(first.first_stored, *stored);
  EXPECT_EQ(retry.first_stored, *stored);

  // A retry carrying a different change creates nothing new either.
  CommitResult different = MustCommit(Creating(MakeStore("merchants/m1/stores/s9", "1"), "r1"));
  EXPECT_TRUE(different.replayed);
  EXPECT_EQ(different.revision, 1);
  EXPECT_EQ(registry_->Get("merchants/m1/stores/s9").status().code(), absl::StatusCode::kNotFound);
  ExpectNothingWrittenAfter(*registry_, 2);

  auto looked_up = registry_->LookupRequest("apiKeys/test", "r1", "digest-of-r1");
  ASSERT_TRUE(looked_up.ok()) << looked_up.status();
  ASSERT_TRUE(looked_up->has_value());
  EXPECT_EQ((*looked_up)->revision, 1);
  EXPECT_TRUE((*looked_up)->replayed);
  auto absent = registry_->LookupRequest("apiKeys/test", "r2", "digest-of-r2");
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
  auto stats = registry_->Stats();
  EXPECT_EQ(stats.commits, 2);
  EXPECT_EQ(stats.replays, 2);
}

TEST_F(RegistryTest, RequestIdReusedForAnotherRequestIsFailedPrecondition) {
  MustCommit(Creating(MakeStore("merchants/m1/stores/s1", "320902"), "r1"));
  ChangeSet reuse = Creating(MakeStore("merchants/m1/stores/s2", "320902"), "r1");
  reuse.request_digest = "another request";
  auto result = registry_->CommitAndWait(std::move(reuse));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition) << result.status();
  EXPECT_EQ(ErrorReasonOf(result.status()), "REQUEST_ID_REUSED");
  ExpectNothingWrittenAfter(*registry_, 1);

  auto looked_up = registry_->LookupRequest("apiKeys/test", "r1", "another request");
  EXPECT_EQ(looked_up.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(looked_up.status()), "REQUEST_ID_REUSED");
}

TEST_F(RegistryTest, RequestIdsAreScopedToThePrincipal) {
  MustCommit(Creating(MakeStore("merchants/m1/stores/s1", "320902"), "r1"));
  ChangeSet other = Creating(MakeStore("merchants/m1/stores/s2", "320902"), "r1");
  other.actor.principal = "apiKeys/other";
  CommitResult result = MustCommit(std::move(other));
  EXPECT_FALSE(result.replayed);
  EXPECT_EQ(result.revision, 2);
}

TEST_F(RegistryTest, UniqueIndexEntryBelongsToOneResource) {
  MustCommit(Creating(MakeMerchant("merchants/a", "USCC1")));
  auto taken = registry_->CommitAndWait(Creating(MakeMerchant("merchants/b", "USCC1")));
  ASSERT_EQ(taken.status().code(), absl::StatusCode::kFailedPrecondition) << taken.status();
  EXPECT_EQ(ErrorReasonOf(taken.status()), "UNIQUE_CONSTRAINT");
  ExpectNothingWrittenAfter(*registry_, 1);
  EXPECT_EQ(*registry_->LookupUnique("merchants", {"uscc", "USCC1", true}), "merchants/a");

  // Releasing the value lets another resource take it.
  auto a = Copy<Merchant>(*registry_->Get("merchants/a"));
  a->set_uscc("USCC2");
  MustCommit(Updating(a, 1));
  EXPECT_EQ(*registry_->LookupUnique("merchants", {"uscc", "USCC1", true}), "");
  EXPECT_EQ(*registry_->LookupUnique("merchants", {"uscc", "USCC2", true}), "merchants/a");
  MustCommit(Creating(MakeMerchant("merchants/b", "USCC1")));
  EXPECT_EQ(*registry_->LookupUnique("merchants", {"uscc", "USCC1", true}), "merchants/b");
  // Keeping one's own value is not a conflict.
  auto b = Copy<Merchant>(*registry_->Get("merchants/b"));
  b->set_legal_name("renamed");
  MustCommit(Updating(b, 3));
  EXPECT_TRUE(registry_->CheckConsistency().ok()) << registry_->CheckConsistency();
}

TEST_F(RegistryTest, UniqueValueCanMoveBetweenResourcesInOneCommit) {
  MustCommit(Creating(MakeMerchant("merchants/a", "USCC1")));
  auto a = Copy<Merchant>(*registry_->Get("merchants/a"));
  a->set_uscc("USCC2");
  ChangeSet swap = Updating(a, 1);
  swap.writes.push_back({MakeMerchant("merchants/b", "USCC1"), Expect::kAbsent, 0});
  MustCommit(std::move(swap));
  EXPECT_EQ(*registry_->LookupUnique("merchants", {"uscc", "USCC1", true}), "merchants/b");
  EXPECT_EQ(*registry_->LookupUnique("merchants", {"uscc", "USCC2", true}), "merchants/a");

  // Two writes of one commit cannot both take a value.
  ChangeSet both = Creating(MakeMerchant("merchants/c", "USCC3"));
  both.writes.push_back({MakeMerchant("merchants/d", "USCC3"), Expect::kAbsent, 0});
  auto result = registry_->CommitAndWait(std::move(both));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(result.status()), "UNIQUE_CONSTRAINT");
  ExpectNothingWrittenAfter(*registry_, 2);
}

TEST_F(RegistryTest, ReadChecksRefuseAChangedOrCreatedResource) {
  MustCommit(Creating(MakeMerchant("merchants/m1", "USCC1")));

  ChangeSet current = Creating(MakeStore("merchants/m1/stores/s1", "320902"));
  current.checks.push_back({"merchants/m1", 1});
  current.checks.push_back({"merchants/absent", 0});
  MustCommit(std::move(current));

  ChangeSet stale = Creating(MakeStore("merchants/m1/stores/s2", "320902"));
  stale.checks.push_back({"merchants/m1", 7});
  auto result = registry_->CommitAndWait(std::move(stale));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kAborted) << result.status();
  EXPECT_EQ(ErrorReasonOf(result.status()), "ETAG_MISMATCH");

  ChangeSet expected_absent = Creating(MakeStore("merchants/m1/stores/s2", "320902"));
  expected_absent.checks.push_back({"merchants/m1", 0});
  EXPECT_EQ(registry_->CommitAndWait(std::move(expected_absent)).status().code(),
            absl::StatusCode::kAborted);

  ChangeSet deleted = Creating(MakeStore("merchants/m1/stores/s2", "320902"));
  deleted.checks.push_back({"merchants/gone", 1});
  EXPECT_EQ(registry_->CommitAndWait(std::move(deleted)).status().code(),
            absl::StatusCode::kAborted);
  ExpectNothingWrittenAfter(*registry_, 2);
}

TEST_F(RegistryTest, UpdateMovesIndexEntries) {
  CreateStore("merchants/m1/stores/s1", "111111", "a1");
  CreateStore("merchants/m1/stores/s2", "111111", "a1");
  EXPECT_EQ(StoresIndexed("division", "111111").size(), 2u);

  auto moved = Copy<Store>(*registry_->Get("merchants/m1/stores/s1"));
  moved->set_division("divisions/222222");
  moved->clear_area();
  MustCommit(Updating(moved, 1));

  EXPECT_EQ(StoresIndexed("division", "111111"),
            std::vector<std::string>{"merchants/m1/stores/s2"});
  EXPECT_EQ(StoresIndexed("division", "222222"),
            std::vector<std::string>{"merchants/m1/stores/s1"});
  EXPECT_EQ(StoresIndexed("area", "a1"), std::vector<std::string>{"merchants/m1/stores/s2"});
  EXPECT_TRUE(registry_->CheckConsistency().ok()) << registry_->CheckConsistency();
}

TEST_F(RegistryTest, MalformedChangeSetsAreInvalidArgument) {
  CreateStore("merchants/m1/stores/s1", "320902");
  auto code = [&](ChangeSet change) {
    return registry_->CommitAndWait(std::move(change)).status().code();
  };
  EXPECT_EQ(code(ChangeSet{}), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(Creating(nullptr)), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(Creating(MakeStore("", "320902"))), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(Creating(MakeStore("merchants/m1/pledges/p1", "320902"))),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(Creating(MakeStore("merchants/m1/stores", "320902"))),
            absl::StatusCode::kInvalidArgument);
  // A Store under a merchant's name: the type does not match the collection.
  EXPECT_EQ(code(Creating(MakeStore("merchants/m2", "320902"))),
            absl::StatusCode::kInvalidArgument);
  // A message type no collection holds.
  EXPECT_EQ(code(Creating(std::make_shared<fangxin::v1::Area>())),
            absl::StatusCode::kInvalidArgument);
  ChangeSet twice = Creating(MakeStore("merchants/m1/stores/s2", "320902"));
  twice.writes.push_back({MakeStore("merchants/m1/stores/s2", "320902"), Expect::kAbsent, 0});
  EXPECT_EQ(code(std::move(twice)), absl::StatusCode::kInvalidArgument);
  ChangeSet bad_check = Creating(MakeStore("merchants/m1/stores/s3", "320902"));
  bad_check.checks.push_back({"nonsense", 0});
  EXPECT_EQ(code(std::move(bad_check)), absl::StatusCode::kInvalidArgument);
  // An index value with '/' would corrupt the key layout.
  auto slash = MakeStore("merchants/m1/stores/s4", "320902");
  slash->set_area("areas/a/b");
  EXPECT_EQ(code(Creating(slash)), absl::StatusCode::kInvalidArgument);
  ExpectNothingWrittenAfter(*registry_, 1);
}

TEST_F(RegistryTest, OneCommitWritesSeveralResourcesUnderOneRevision) {
  ChangeSet change = Creating(MakeMerchant("merchants/m1", "USCC1"));
  change.writes.push_back({MakeStore("merchants/m1/stores/s1", "320902"), Expect::kAbsent, 0});
  CommitResult result = MustCommit(std::move(change));
  EXPECT_EQ(result.revision, 1);
  ASSERT_EQ(result.resources.size(), 2u);
  EXPECT_EQ(static_cast<const Merchant&>(*result.resources[0]).name(), "merchants/m1");
  EXPECT_EQ(AsStore(result.resources[1]).name(), "merchants/m1/stores/s1");
  EXPECT_EQ(AsStore(result.resources[1]).mod_revision(), 1);
  auto events = registry_->ReadEvents(1, 10);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].count(), 2);
  EXPECT_EQ((*events)[1].index(), 1);
}

TEST_F(RegistryTest, GetAndGetMany) {
  CreateStore("merchants/m1/stores/s1", "320902");
  CreateStore("merchants/m1/stores/s3", "320902");
  EXPECT_EQ(registry_->Get("not a name").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(registry_->Get("merchants/m1/pledges/p1").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(registry_->Get("merchants/m1/stores/s2").status().code(), absl::StatusCode::kNotFound);

  auto many = registry_->GetMany(
      {"merchants/m1/stores/s1", "merchants/m1/stores/s2", "merchants/m1/stores/s3"});
  ASSERT_TRUE(many.ok()) << many.status();
  ASSERT_EQ(many->size(), 3u);
  ASSERT_NE((*many)[0], nullptr);
  EXPECT_EQ(AsStore((*many)[0]).name(), "merchants/m1/stores/s1");
  EXPECT_EQ((*many)[1], nullptr);
  ASSERT_NE((*many)[2], nullptr);
  EXPECT_EQ(AsStore((*many)[2]).mod_revision(), 2);
  EXPECT_EQ(registry_->GetMany({"merchants/m1/stores/s1", "bad"}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(RegistryTest, ReopeningKeepsResourcesIndexesAndRevision) {
  MustCommit(Creating(MakeMerchant("merchants/m1", "USCC1")));
  CreateStore("merchants/m1/stores/s1", "320902", "a1");
  MustCommit(Creating(MakeStore("merchants/m1/stores/s2", "320902"), "r1"));
  Close();
  Open();

  EXPECT_EQ(registry_->CurrentRevision(), 3);
  EXPECT_EQ(AsStore(*registry_->Get("merchants/m1/stores/s1")).area(), "areas/a1");
  EXPECT_EQ(StoresIndexed("division", "320902").size(), 2u);
  EXPECT_EQ(*registry_->LookupUnique("merchants", {"uscc", "USCC1", true}), "merchants/m1");
  CommitResult replay = MustCommit(Creating(MakeStore("merchants/m1/stores/s2", "320902"), "r1"));
  EXPECT_TRUE(replay.replayed);
  EXPECT_EQ(replay.revision, 3);
  EXPECT_EQ(CreateStore("merchants/m1/stores/s4", "320902")->mod_revision(), 4);
  EXPECT_TRUE(registry_->CheckConsistency().ok()) << registry_->CheckConsistency();
}

TEST_F(RegistryTest, ReadOnlyRegistryReadsButRefusesCommits) {
  CreateStore("merchants/m1/stores/s1", "320902");
  Close();
  RegistryOptions options = Options();
  options.read_only = true;
  Open(options);
  EXPECT_EQ(registry_->CurrentRevision(), 1);
  EXPECT_TRUE(registry_->Get("merchants/m1/stores/s1").ok());
  EXPECT_EQ(
      registry_->CommitAndWait(Creating(MakeStore("merchants/m1/stores/s2", "1"))).status().code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(registry_->CheckConsistency().ok());
}

TEST_F(RegistryTest, OpenRefusesAMissingPath) {
  RegistryOptions options = Options();
  options.path = "";
  EXPECT_EQ(Registry::Open(options, &schema_).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace fangxin::storage::testing
