// EventService end to end over gRPC against a real in-process server: a watch sees every
// commit (whole, in order) and idle progress, ListEvents pages through history with signed
// tokens, GetCoverage follows the commit path, the public cannot read merchants' contact data,
// and a compacted start is an explicit OUT_OF_RANGE.

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/grpc_status.h"
#include "fangxin/v1/event_service.grpc.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/integration/server_fixture.h"

namespace fangxin::testing {
namespace {

class FeedTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    stub_ = v1::EventService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials()));
  }

  std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata("authorization", "Bearer " + token);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return ctx;
  }

  std::string TokenFor(v1::Role role) {
    v1::ApiKey key;
    key.set_display_name("feed test");
    key.set_role(role);
    auto created = admin_->CreateKey(key);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->token() : "";
  }

  v1::Store CreateStore(int merchant, const std::string& display_name) {
    auto store = admin_->CreateStore(absl::StrCat("merchants/", Uscc(merchant)),
                                     NewStore(display_name));
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *store : v1::Store();
  }

  std::unique_ptr<v1::EventService::Stub> stub_;
};

TEST_F(FeedTest, WatchDeliversEveryCommitInOrderThenProgress) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(1)).ok());
  const int64_t start = server_->registry()->CurrentRevision();
  v1::WatchEventsRequest request;
  request.set_from_revision(1);
  request.set_progress_interval_ms(100);
  auto ctx = Context(admin_token_);
  auto reader = stub_->WatchEvents(ctx.get(), request);
  for (int i = 0; i < 5; ++i) CreateStore(1, absl::StrCat("shop ", i));
  const int64_t last = server_->registry()->CurrentRevision();
  ASSERT_EQ(last, start + 5);

  int64_t expected = 1;
  int64_t progress = 0;
  bool idle_progress_seen = false;
  v1::WatchEventsResponse response;
  while (!idle_progress_seen && reader->Read(&response)) {
    EXPECT_GE(response.progress_revision(), progress);
    progress = response.progress_revision();
    // Revision 1 loaded 165 divisions: a commit's events come together, numbered 0..count-1.
    for (int i = 0; i < response.events_size();) {
      const v1::Event& first = response.events(i);
      ASSERT_EQ(first.revision(), expected) << "gap or duplicate";
      ASSERT_LE(i + first.count(), response.events_size()) << "commit split across messages";
      for (int k = 0; k < first.count(); ++k, ++i) {
        EXPECT_EQ(response.events(i).revision(), expected);
        EXPECT_EQ(response.events(i).index(), k);
      }
      ++expected;
    }
    if (response.events().empty()) {
      EXPECT_EQ(response.progress_revision(), last);
      idle_progress_seen = expected > last;
    }
  }
  EXPECT_EQ(expected, last + 1);
  EXPECT_TRUE(idle_progress_seen);
  ctx->TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(FeedTest, WatchFilterByCollectionAndBadFilterFields) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(2)).ok());
  v1::WatchEventsRequest request;
  request.set_from_revision(1);
  request.mutable_filter()->add_collections("merchants");
  request.set_progress_interval_ms(100);
  auto ctx = Context(admin_token_);
  auto reader = stub_->WatchEvents(ctx.get(), request);
  CreateStore(2, "not a merchant");
  const int64_t last = server_->registry()->CurrentRevision();
  v1::WatchEventsResponse response;
  std::vector<std::string> names;
  while (reader->Read(&response)) {
    for (const v1::Event& e : response.events()) names.push_back(e.resource_name());
    if (response.progress_revision() >= last) break;
  }
  EXPECT_EQ(names, std::vector<std::string>{absl::StrCat("merchants/", Uscc(2))});
  ctx->TryCancel();
  reader->Finish();

  v1::WatchEventsRequest bad;
  bad.set_from_revision(-1);
  bad.set_progress_interval_ms(5);
  bad.mutable_filter()->set_division("divisions/999999");
  bad.mutable_filter()->add_collections("a/b");
  auto bad_ctx = Context(admin_token_);
  auto bad_reader = stub_->WatchEvents(bad_ctx.get(), bad);
  while (bad_reader->Read(&response)) {
  }
  absl::Status status = FromGrpcStatus(bad_reader->Finish());
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  std::set<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.insert(v.field);
  EXPECT_EQ(fields, (std::set<std::string>{"from_revision", "progress_interval_ms",
                                           "filter.division", "filter.collections[0]"}));
}

TEST_F(FeedTest, CompactedStartIsOutOfRangeWithTheOldestRevision) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(3)).ok());
  for (int i = 0; i < 3; ++i) CreateStore(3, absl::StrCat("shop ", i));
  const int64_t oldest = server_->registry()->CurrentRevision() - 1;
  ASSERT_TRUE(server_->registry()->CompactEvents(oldest).ok());

  v1::WatchEventsRequest request;
  request.set_from_revision(1);
  auto ctx = Context(admin_token_);
  auto reader = stub_->WatchEvents(ctx.get(), request);
  v1::WatchEventsResponse response;
  EXPECT_FALSE(reader->Read(&response)) << "no event may precede the error";
  absl::Status status = FromGrpcStatus(reader->Finish());
  EXPECT_EQ(status.code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(ErrorReasonOf(status), "REVISION_COMPACTED");

  v1::ListEventsRequest list;
  list.set_from_revision(1);
  v1::ListEventsResponse page;
  auto list_ctx = Context(admin_token_);
  EXPECT_EQ(stub_->ListEvents(list_ctx.get(), list, &page).error_code(),
            grpc::StatusCode::OUT_OF_RANGE);
}

TEST_F(FeedTest, ListEventsPagesThroughWholeCommits) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(4)).ok());
  for (int i = 0; i < 7; ++i) CreateStore(4, absl::StrCat("shop ", i));
  const int64_t last = server_->registry()->CurrentRevision();
  v1::ListEventsRequest request;
  request.set_page_size(3);
  std::vector<int64_t> revisions;
  for (int page = 0; page < 100; ++page) {
    v1::ListEventsResponse response;
    auto ctx = Context(admin_token_);
    ASSERT_TRUE(stub_->ListEvents(ctx.get(), request, &response).ok());
    EXPECT_EQ(response.oldest_revision(), 1);
    EXPECT_GE(response.read_revision(), last);
    std::set<int64_t> in_page;
    for (const v1::Event& e : response.events()) {
      if (e.index() == 0) revisions.push_back(e.revision());
      in_page.insert(e.revision());
    }
    // Only a single commit larger than the page (the 165 divisions) may exceed it.
    if (response.events_size() > 3) EXPECT_EQ(in_page.size(), 1u);
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  ASSERT_EQ(static_cast<int64_t>(revisions.size()), last);
  for (int64_t r = 1; r <= last; ++r) EXPECT_EQ(revisions[r - 1], r);

  // A token belongs to its filter.
  request.mutable_filter()->add_collections("stores");
  v1::ListEventsResponse response;
  auto ctx = Context(admin_token_);
  EXPECT_EQ(stub_->ListEvents(ctx.get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(FeedTest, PublicWatchersDoNotSeeMerchantContacts) {
  const std::string public_token = TokenFor(v1::ROLE_PUBLIC);
  v1::Merchant merchant = NewMerchant(5);
  merchant.mutable_contact()->set_phone("13800000000");
  ASSERT_TRUE(admin_->CreateMerchant(merchant).ok());
  const int64_t last = server_->registry()->CurrentRevision();
  for (const auto& [role, visible] :
       std::vector<std::pair<v1::Role, bool>>{{v1::ROLE_PUBLIC, false}, {v1::ROLE_ADMIN, true}}) {
    v1::ListEventsRequest request;
    request.set_from_revision(last);
    v1::ListEventsResponse response;
    auto ctx = Context(role == v1::ROLE_ADMIN ? admin_token_ : public_token);
    ASSERT_TRUE(stub_->ListEvents(ctx.get(), request, &response).ok());
    ASSERT_EQ(response.events_size(), 1);
    v1::Merchant seen;
    ASSERT_TRUE(response.events(0).resource().UnpackTo(&seen));
    EXPECT_EQ(seen.contact().phone().empty(), !visible) << "role " << role;
  }
  // Revision 2 made the bootstrap admin key: only admins see key events.
  for (const auto& [token, visible] :
       std::vector<std::pair<std::string, bool>>{{public_token, false}, {admin_token_, true}}) {
    v1::ListEventsRequest request;
    request.set_from_revision(2);
    request.set_page_size(1);
    v1::ListEventsResponse response;
    auto ctx = Context(token);
    ASSERT_TRUE(stub_->ListEvents(ctx.get(), request, &response).ok());
    const bool key_seen = response.events_size() > 0 &&
                          absl::StartsWith(response.events(0).resource_name(), "apiKeys/");
    EXPECT_EQ(key_seen, visible);
  }
}

// The stream writes events that need no redaction as the bytes committed once for every
// watcher, and redacts the others per watcher: a public and an admin watch over the same
// commits, read by the generated client, differ exactly where the rules say.
TEST_F(FeedTest, PublicAndAdminWatchersShareUnredactedBytesOnly) {
  const std::string public_token = TokenFor(v1::ROLE_PUBLIC);
  const int64_t start = server_->registry()->CurrentRevision();
  v1::WatchEventsRequest request;
  request.set_from_revision(start + 1);
  request.set_progress_interval_ms(100);
  auto public_ctx = Context(public_token);
  auto public_reader = stub_->WatchEvents(public_ctx.get(), request);
  auto admin_ctx = Context(admin_token_);
  auto admin_reader = stub_->WatchEvents(admin_ctx.get(), request);

  v1::Merchant merchant = NewMerchant(8);
  merchant.mutable_contact()->set_phone("13800000008");
  ASSERT_TRUE(admin_->CreateMerchant(merchant).ok());
  const v1::Store store = CreateStore(8, "shared");
  TokenFor(v1::ROLE_PUBLIC);  // An API key change.
  const int64_t last = server_->registry()->CurrentRevision();
  ASSERT_EQ(last, start + 3);

  auto read_all = [last](grpc::ClientReader<v1::WatchEventsResponse>* reader) {
    std::vector<v1::Event> events;
    v1::WatchEventsResponse response;
    while (reader->Read(&response)) {
      for (const v1::Event& e : response.events()) events.push_back(e);
      if (response.progress_revision() >= last) break;
    }
    return events;
  };
  const std::vector<v1::Event> seen_by_public = read_all(public_reader.get());
  const std::vector<v1::Event> seen_by_admin = read_all(admin_reader.get());

  ASSERT_EQ(seen_by_admin.size(), 3u);
  ASSERT_EQ(seen_by_public.size(), 2u) << "the public must not see the API key change";
  EXPECT_TRUE(absl::StartsWith(seen_by_admin[2].resource_name(), "apiKeys/"));
  v1::Merchant public_merchant, admin_merchant;
  ASSERT_TRUE(seen_by_public[0].resource().UnpackTo(&public_merchant));
  ASSERT_TRUE(seen_by_admin[0].resource().UnpackTo(&admin_merchant));
  EXPECT_EQ(public_merchant.name(), admin_merchant.name());
  EXPECT_TRUE(public_merchant.contact().phone().empty()) << "contact not redacted for public";
  EXPECT_EQ(admin_merchant.contact().phone(), "13800000008");
  EXPECT_EQ(seen_by_public[1].resource_name(), store.name());
  EXPECT_EQ(seen_by_public[1].SerializeAsString(), seen_by_admin[1].SerializeAsString())
      << "the store event must reach both as the same bytes";
  for (const auto& [ctx, reader] :
       {std::make_pair(public_ctx.get(), public_reader.get()),
        std::make_pair(admin_ctx.get(), admin_reader.get())}) {
    ctx->TryCancel();
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
}

// WatchEvents parses its request itself: bytes that are no WatchEventsRequest end the stream
// with INVALID_ARGUMENT naming the request.
TEST_F(FeedTest, MalformedWatchRequestIsInvalidArgument) {
  grpc::GenericStub generic(grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                                grpc::InsecureChannelCredentials()));
  grpc::CompletionQueue cq;
  auto ctx = Context(admin_token_);
  auto wait = [&cq](intptr_t expected) {
    void* tag = nullptr;
    bool ok = false;
    EXPECT_TRUE(cq.Next(&tag, &ok));
    EXPECT_EQ(reinterpret_cast<intptr_t>(tag), expected);
    return ok;
  };
  auto call = generic.PrepareCall(ctx.get(), "/fangxin.v1.EventService/WatchEvents", &cq);
  call->StartCall(reinterpret_cast<void*>(1));
  ASSERT_TRUE(wait(1));
  // Field 1 (filter) claims 5 bytes; 2 follow.
  const std::string truncated = std::string("\x0a\x05") + "ab";
  grpc::Slice slice(truncated.data(), truncated.size());
  call->WriteLast(grpc::ByteBuffer(&slice, 1), grpc::WriteOptions(), reinterpret_cast<void*>(2));
  wait(2);
  grpc::ByteBuffer response;
  call->Read(&response, reinterpret_cast<void*>(3));
  EXPECT_FALSE(wait(3)) << "no message may precede the error";
  grpc::Status grpc_status;
  call->Finish(&grpc_status, reinterpret_cast<void*>(4));
  ASSERT_TRUE(wait(4));
  absl::Status status = FromGrpcStatus(grpc_status);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  std::set<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.insert(v.field);
  EXPECT_EQ(fields, std::set<std::string>{"request"});
  cq.Shutdown();
  void* tag;
  bool ok;
  while (cq.Next(&tag, &ok)) {
  }
}

TEST_F(FeedTest, CoverageFollowsTheCommitPath) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(6)).ok());
  v1::Store a = CreateStore(6, "a");
  CreateStore(6, "b");
  auto closed = admin_->CloseStore(a.name(), a.etag(), "moved away");
  ASSERT_TRUE(closed.ok()) << closed.status();

  for (const char* name : {"divisions/320902", "divisions/320902001", "divisions/320900"}) {
    v1::GetCoverageRequest request;
    request.set_name(name);
    v1::Coverage coverage;
    auto ctx = Context(admin_token_);
    ASSERT_TRUE(stub_->GetCoverage(ctx.get(), request, &coverage).ok()) << name;
    EXPECT_EQ(coverage.open_stores(), 1) << name;
    EXPECT_EQ(coverage.pledged_stores(), 0) << name;
    EXPECT_EQ(coverage.coverage_ratio(), 0.0) << name;
    EXPECT_EQ(coverage.read_revision(), server_->registry()->CurrentRevision());
    if (std::string(name) == "divisions/320900") {
      EXPECT_EQ(coverage.main_urban_open_stores(), 1);  // 亭湖区 is main-urban.
    }
  }
  v1::GetCoverageRequest unknown;
  unknown.set_name("divisions/999999");
  v1::Coverage coverage;
  auto ctx = Context(admin_token_);
  EXPECT_EQ(stub_->GetCoverage(ctx.get(), unknown, &coverage).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(server_->registry()->CheckConsistency().ok());
}

TEST_F(FeedTest, MainUrbanCoverageFollowsTheTownshipFlag) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(7)).ok());
  const std::string parent = absl::StrCat("merchants/", Uscc(7));
  v1::Store street = NewStore("街道店");  // 五星街道: main-urban.
  v1::Store town = NewStore("镇上店");
  town.set_township("divisions/320902100");  // 南洋镇: a town inside 亭湖区, not main-urban.
  v1::Store unplaced = NewStore("未定位店");
  unplaced.clear_township();  // Only the county is known: 亭湖区 is main-urban.
  for (const v1::Store& s : {street, town, unplaced}) ASSERT_TRUE(admin_->CreateStore(parent, s).ok());

  v1::GetCoverageRequest request;
  request.set_name("divisions/320900");
  v1::Coverage coverage;
  auto ctx = Context(admin_token_);
  ASSERT_TRUE(stub_->GetCoverage(ctx.get(), request, &coverage).ok());
  EXPECT_EQ(coverage.open_stores(), 3);
  EXPECT_EQ(coverage.main_urban_open_stores(), 2);
}

}  // namespace
}  // namespace fangxin::testing
