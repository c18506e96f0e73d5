// FeedCore::FillResponseBytes and ToByteBuffer: a watch message in wire form has the bytes of
// FillResponse's message serialized, for every role; events no rule redacts are the committed
// group's own bytes (not copies), redacted ones are the watcher's own; and the message keeps
// its groups alive exactly as long as gRPC holds its slices.

#include <memory>
#include <string>
#include <vector>

#include "fangxin/v1/event_service.pb.h"
#include "fangxin/v1/resources.pb.h"
#include "gtest/gtest.h"
#include "services/feed/feed_core.h"
#include "services/feed/watch_response_buffer.h"
#include "storage/event_watch.h"

namespace fangxin {
namespace {

v1::Event EventOf(int index, const std::string& name, const google::protobuf::Message& resource) {
  v1::Event event;
  event.set_revision(5);
  event.set_index(index);
  event.set_count(3);
  event.set_resource_name(name);
  event.mutable_resource()->PackFrom(resource);
  return event;
}

// One commit: a merchant with contact data, a store, an API key.
std::shared_ptr<const storage::CommittedEvents> MixedCommit() {
  auto group = std::make_shared<storage::CommittedEvents>();
  group->first_revision = group->last_revision = 5;
  v1::Merchant merchant;
  merchant.set_name("merchants/91320900MA1234567X");
  merchant.set_division("divisions/320902");
  merchant.mutable_contact()->set_phone("13800000000");
  v1::Store store;
  store.set_name("merchants/91320900MA1234567X/stores/s1");
  store.set_display_name(std::string(1000, 's'));
  v1::ApiKey key;
  key.set_name("apiKeys/k1");
  key.set_role(v1::ROLE_PUBLIC);
  group->events = {EventOf(0, merchant.name(), merchant), EventOf(1, store.name(), store),
                   EventOf(2, key.name(), key)};
  for (const v1::Event& event : group->events) {
    group->scopes.emplace_back();
    group->AppendFramed(event.SerializeAsString());
  }
  return group;
}

storage::EventBatch BatchOf(const std::shared_ptr<const storage::CommittedEvents>& group) {
  storage::EventBatch batch;
  for (size_t i = 0; i < group->events.size(); ++i) {
    batch.events.push_back(&group->events[i]);
    batch.framed.push_back(group->Framed(i));
  }
  batch.progress_revision = 5;
  batch.holds.push_back(group);
  return batch;
}

bool PointsInto(absl::string_view view, const std::string& buffer) {
  return view.data() >= buffer.data() && view.data() + view.size() <= buffer.data() + buffer.size();
}

std::string Concatenated(const std::vector<absl::string_view>& pieces) {
  std::string out;
  for (absl::string_view piece : pieces) out.append(piece.data(), piece.size());
  return out;
}

Principal Of(v1::Role role) {
  Principal principal;
  principal.name = "apiKeys/watcher";
  principal.role = role;
  return principal;
}

class FeedResponseBytesTest : public ::testing::Test {
 protected:
  // FillResponseBytes uses none of the core's collaborators.
  FeedCore core_{nullptr, nullptr, nullptr};
};

TEST_F(FeedResponseBytesTest, BytesAreFillResponsesMessageForEveryRole) {
  const auto group = MixedCommit();
  for (v1::Role role : {v1::ROLE_ADMIN, v1::ROLE_CITY_SYSTEM, v1::ROLE_PUBLIC, v1::ROLE_MERCHANT,
                        v1::ROLE_UNSPECIFIED}) {
    v1::WatchEventsResponse message;
    core_.FillResponse(Of(role), BatchOf(group), &message);
    message.clear_progress_revision();  // ToByteBuffer writes it; checked below.
    WatchResponseBytes bytes;
    core_.FillResponseBytes(Of(role), BatchOf(group), &bytes);
    EXPECT_EQ(Concatenated(bytes.events), message.SerializeAsString()) << "role " << role;
    EXPECT_EQ(bytes.progress_revision, 5);
  }
}

TEST_F(FeedResponseBytesTest, OnlyRedactedEventsAreSerializedForTheWatcher) {
  const auto group = MixedCommit();
  WatchResponseBytes admin;
  core_.FillResponseBytes(Of(v1::ROLE_ADMIN), BatchOf(group), &admin);
  ASSERT_EQ(admin.events.size(), 3u);
  for (absl::string_view event : admin.events) {
    EXPECT_TRUE(PointsInto(event, group->framed_events)) << "admins need no redaction";
  }
  EXPECT_TRUE(admin.owned.empty());

  WatchResponseBytes public_bytes;
  core_.FillResponseBytes(Of(v1::ROLE_PUBLIC), BatchOf(group), &public_bytes);
  ASSERT_EQ(public_bytes.events.size(), 2u) << "API key events are for admins only";
  EXPECT_FALSE(PointsInto(public_bytes.events[0], group->framed_events))
      << "the merchant's contact must be redacted in a copy";
  EXPECT_NE(public_bytes.events[0], group->Framed(0));
  EXPECT_EQ(public_bytes.events[1].data(), group->Framed(1).data()) << "the store is shared";
  EXPECT_EQ(public_bytes.owned.size(), 1u);
}

TEST_F(FeedResponseBytesTest, EventsWithoutCommittedBytesAreSerialized) {
  const auto group = MixedCommit();
  storage::EventBatch batch = BatchOf(group);
  batch.framed.clear();  // As from a group built without its wire form.
  v1::WatchEventsResponse message;
  core_.FillResponse(Of(v1::ROLE_ADMIN), batch, &message);
  message.clear_progress_revision();
  WatchResponseBytes bytes;
  core_.FillResponseBytes(Of(v1::ROLE_ADMIN), std::move(batch), &bytes);
  EXPECT_EQ(Concatenated(bytes.events), message.SerializeAsString());
  EXPECT_EQ(bytes.owned.size(), 3u);
}

TEST_F(FeedResponseBytesTest, ByteBufferParsesAsTheResponseAndHoldsItsGroups) {
  const auto group = MixedCommit();
  for (v1::Role role : {v1::ROLE_ADMIN, v1::ROLE_PUBLIC}) {
    v1::WatchEventsResponse expected;
    core_.FillResponse(Of(role), BatchOf(group), &expected);
    expected.set_progress_revision(300);  // Two varint bytes.
    WatchResponseBytes bytes;
    core_.FillResponseBytes(Of(role), BatchOf(group), &bytes);
    bytes.progress_revision = 300;
    auto message = std::make_unique<grpc::ByteBuffer>(ToByteBuffer(std::move(bytes)));
    EXPECT_EQ(group.use_count(), 2) << "the message must hold its group";
    std::vector<grpc::Slice> slices;
    ASSERT_TRUE(message->Dump(&slices).ok());
    std::string wire;
    for (const grpc::Slice& slice : slices) {
      wire.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
    EXPECT_EQ(wire, expected.SerializeAsString()) << "role " << role;
    slices.clear();
    message.reset();
    EXPECT_EQ(group.use_count(), 1) << "the last slice released must release the group";
  }
}

TEST_F(FeedResponseBytesTest, ProgressOnlyMessage) {
  WatchResponseBytes bytes;
  bytes.progress_revision = 9;
  grpc::ByteBuffer message = ToByteBuffer(std::move(bytes));
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(message.Dump(&slices).ok());
  ASSERT_EQ(slices.size(), 1u);
  v1::WatchEventsResponse parsed;
  ASSERT_TRUE(parsed.ParseFromArray(slices[0].begin(), static_cast<int>(slices[0].size())));
  EXPECT_EQ(parsed.progress_revision(), 9);
  EXPECT_EQ(parsed.events_size(), 0);
}

}  // namespace
}  // namespace fangxin
