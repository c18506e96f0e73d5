// Events and audit entries: one audit entry and one event per write for every commit, under
// contiguous revisions, with digests of the deterministic serializations.

#include <algorithm>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "gtest/gtest.h"
#include "tests/unit/storage/registry_fixture.h"

namespace fangxin::storage::testing {
namespace {

using fangxin::v1::AuditEntry;
using fangxin::v1::Event;
using fangxin::v1::Store;

std::string Deterministic(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

// What the test expects of one commit.
struct Expected {
  std::vector<std::string> names;
  std::vector<std::string> before;  // Digests.
  std::vector<std::string> after;
  std::vector<bool> created;
  std::vector<std::string> after_bytes;
};

class HistoryTest : public RegistryTest {
 protected:
  // Creates and updates stores at random, some commits writing two; records expectations.
  void RandomLoad(int commits) {
    std::mt19937 random(42);
    std::map<std::string, std::string> stored;  // Name -> deterministic bytes.
    for (int c = 0; c < commits; ++c) {
      clock_.Advance(absl::Milliseconds(10));
      ChangeSet change;
      change.actor = {"apiKeys/k1", fangxin::v1::ROLE_UNSPECIFIED};
      change.method = "/fangxin.v1.MerchantService/Test";
      change.reason = absl::StrCat("commit ", c);
      const int writes = random() % 3 == 0 ? 2 : 1;
      for (int w = 0; w < writes; ++w) {
        std::string name;
        do {
          name = absl::StrCat("merchants/m", random() % 3, "/stores/s", random() % 12);
        } while (std::any_of(change.writes.begin(), change.writes.end(), [&](const auto& x) {
          return static_cast<const Store&>(*x.resource).name() == name;
        }));
        auto it = stored.find(name);
        if (it == stored.end()) {
          change.writes.push_back({MakeStore(name, absl::StrCat(random() % 4)), Expect::kAbsent});
        } else {
          auto update = std::make_shared<Store>();
          ASSERT_TRUE(update->ParseFromString(it->second));
          update->set_division(absl::StrCat("divisions/", random() % 4));
          change.writes.push_back({update, Expect::kModRevision, update->mod_revision()});
        }
      }
      Expected e;
      for (const auto& w : change.writes) {
        const std::string& name = static_cast<const Store&>(*w.resource).name();
        auto it = stored.find(name);
        e.names.push_back(name);
        e.created.push_back(it == stored.end());
        e.before.push_back(it == stored.end() ? std::string(32, '\0') : Sha256(it->second));
      }
      CommitResult result = MustCommit(std::move(change));
      ASSERT_EQ(result.revision, c + 1);
      for (const auto& r : result.resources) {
        const std::string bytes = Deterministic(*r);
        stored[static_cast<const Store&>(*r).name()] = bytes;
        e.after.push_back(Sha256(bytes));
        e.after_bytes.push_back(bytes);
      }
      expected_.push_back(std::move(e));
    }
  }

  std::vector<Expected> expected_;  // By revision - 1.
};

TEST_F(HistoryTest, EventsAndAuditCoverEveryRevisionWithMatchingDigests) {
  constexpr int kCommits = 80;
  RandomLoad(kCommits);
  ASSERT_EQ(registry_->CurrentRevision(), kCommits);

  absl::StatusOr<std::vector<Event>> events = registry_->ReadEvents(1, kCommits + 10);
  ASSERT_TRUE(events.ok()) << events.status();
  size_t next = 0;
  for (int64_t revision = 1; revision <= kCommits; ++revision) {
    const Expected& e = expected_[revision - 1];
    for (size_t i = 0; i < e.names.size(); ++i, ++next) {
      ASSERT_LT(next, events->size());
      const Event& event = (*events)[next];
      EXPECT_EQ(event.revision(), revision);
      EXPECT_EQ(event.index(), static_cast<int>(i));
      EXPECT_EQ(event.count(), static_cast<int>(e.names.size()));
      EXPECT_EQ(event.type(),
                e.created[i] ? fangxin::v1::EVENT_TYPE_CREATED : fangxin::v1::EVENT_TYPE_UPDATED);
      EXPECT_EQ(event.resource_name(), e.names[i]);
      EXPECT_EQ(event.method(), "/fangxin.v1.MerchantService/Test");
      EXPECT_EQ(event.commit_time().seconds(), kStartSeconds);
      Store unpacked;
      ASSERT_TRUE(event.resource().UnpackTo(&unpacked));
      EXPECT_EQ(Deterministic(unpacked), e.after_bytes[i]);
    }
  }
  EXPECT_EQ(next, events->size());

  absl::StatusOr<std::vector<AuditEntry>> audit = registry_->ReadAudit(1, kCommits);
  ASSERT_TRUE(audit.ok()) << audit.status();
  ASSERT_EQ(audit->size(), static_cast<size_t>(kCommits));
  for (int64_t revision = 1; revision <= kCommits; ++revision) {
    const AuditEntry& entry = (*audit)[revision - 1];
    const Expected& e = expected_[revision - 1];
    EXPECT_EQ(entry.revision(), revision);
    EXPECT_EQ(entry.actor(), "apiKeys/k1");
    EXPECT_EQ(entry.method(), "/fangxin.v1.MerchantService/Test");
    EXPECT_EQ(entry.reason(), absl::StrCat("commit ", revision - 1));
    EXPECT_EQ(std::vector<std::string>(entry.resources().begin(), entry.resources().end()),
              e.names);
    EXPECT_EQ(
        std::vector<std::string>(entry.before_digests().begin(), entry.before_digests().end()),
        e.before);
    EXPECT_EQ(std::vector<std::string>(entry.after_digests().begin(), entry.after_digests().end()),
              e.after);
  }
  EXPECT_TRUE(registry_->CheckConsistency().ok()) << registry_->CheckConsistency();
}

TEST_F(HistoryTest, AuditRecordsActorRoleRequestAndReason) {
  ChangeSet change = Creating(MakeStore("merchants/m1/stores/s1", "320902"), "req-7");
  change.actor = {"system/loader", fangxin::v1::ROLE_UNSPECIFIED};
  change.reason = "initial load";
  MustCommit(std::move(change));
  auto audit = registry_->ReadAudit(1, 1);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].actor(), "system/loader");
  EXPECT_EQ((*audit)[0].request_id(), "req-7");
  EXPECT_EQ((*audit)[0].reason(), "initial load");
  EXPECT_EQ((*audit)[0].commit_time().seconds(), kStartSeconds);
  EXPECT_EQ((*audit)[0].before_digests(0), std::string(32, '\0'));
}

TEST_F(HistoryTest, ReadEventsCountsCommitsAndNeverSplitsOne) {
  RandomLoad(30);
  for (int64_t from = 1; from <= 28; from += 3) {
    auto events = registry_->ReadEvents(from, 3);
    ASSERT_TRUE(events.ok()) << events.status();
    std::set<int64_t> revisions;
    for (const Event& e : *events) revisions.insert(e.revision());
    EXPECT_EQ(revisions, (std::set<int64_t>{from, from + 1, from + 2}));
    size_t expected_events = 0;
    for (int64_t r = from; r < from + 3; ++r) expected_events += expected_[r - 1].names.size();
    EXPECT_EQ(events->size(), expected_events);
  }
  auto tail = registry_->ReadEvents(29, 100);
  ASSERT_TRUE(tail.ok());
  EXPECT_EQ(tail->back().revision(), 30);
  EXPECT_TRUE(registry_->ReadEvents(31, 10)->empty());
  EXPECT_EQ(registry_->ReadEvents(1, 0).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(HistoryTest, ReadAuditReturnsAnInclusiveRange) {
  RandomLoad(10);
  auto middle = registry_->ReadAudit(4, 6);
  ASSERT_TRUE(middle.ok());
  ASSERT_EQ(middle->size(), 3u);
  EXPECT_EQ((*middle)[0].revision(), 4);
  EXPECT_EQ((*middle)[2].revision(), 6);
  EXPECT_EQ(registry_->ReadAudit(0, 2)->size(), 2u);
  EXPECT_TRUE(registry_->ReadAudit(6, 4)->empty());
  EXPECT_EQ(registry_->ReadAudit(9, std::numeric_limits<int64_t>::max())->size(), 2u);
}

}  // namespace
}  // namespace fangxin::storage::testing
