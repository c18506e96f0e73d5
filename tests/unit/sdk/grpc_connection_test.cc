// The gRPC Connection against a real server on 127.0.0.1: retries, request ids, metadata,
// deadlines and error details.

#include <cstdlib>
#include <set>

#include "clients/sdk/client.h"
#include "clients/sdk/connection.h"
#include "common/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/sdk/fake_merchant_service.h"

namespace fangxin::sdk {
namespace {

using ::fangxin::testing::FakeServer;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::SizeIs;

class GrpcConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()); }

  ClientOptions Options() const {
    ClientOptions options;
    options.endpoint = server_.endpoint();
    options.token = "fx_k1_secret";
    options.timeout = absl::Seconds(5);
    options.initial_backoff = absl::Milliseconds(1);
    options.max_backoff = absl::Milliseconds(5);
    return options;
  }

  Client MakeClient(const ClientOptions& options) {
    absl::StatusOr<std::shared_ptr<Connection>> connection = MakeConnection(options);
    EXPECT_TRUE(connection.ok()) << connection.status();
    return Client(*connection);
  }

  v1::Store SomeStore() const {
    v1::Store store;
    store.set_display_name("示例便利店");
    store.set_address("建军东路1号");
    store.set_division("divisions/320902");
    return store;
  }

  FakeServer server_;
};

TEST_F(GrpcConnectionTest, RetriesUnavailableWithTheSameRequestIdAndBearerToken) {
  server_.service().FailNext(2, absl::UnavailableError("committer restarting"));
  Client client = MakeClient(Options());

  absl::StatusOr<v1::Store> store =
      client.CreateStore("merchants/91320902MA1EXAMPLE", SomeStore(), "s9");

  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(store->name(), "merchants/91320902MA1EXAMPLE/stores/s9");
  const auto attempts = server_.service().attempts();
  ASSERT_THAT(attempts, SizeIs(3));
  EXPECT_EQ(attempts[0].request_id.size(), 32u) << "a generated 128-bit hex id";
  for (const auto& a : attempts) {
    EXPECT_EQ(a.method, "CreateStore");
    EXPECT_EQ(a.request_id, attempts[0].request_id);
    EXPECT_EQ(a.authorization, "Bearer fx_k1_secret");
  }
}

TEST_F(GrpcConnectionTest, KeepsTheCallersRequestId) {
  server_.service().FailNext(1, absl::UnavailableError("try again"));
  Client client = MakeClient(Options());
  v1::CreateStoreRequest request;
  request.set_parent("merchants/91320902MA1EXAMPLE");
  *request.mutable_store() = SomeStore();
  request.set_request_id("my-id-1");

  ASSERT_TRUE(client.CreateStore(request).ok());

  EXPECT_THAT(server_.service().attempts(),
              ElementsAre(Field(&fangxin::testing::FakeMerchantService::Attempt::request_id,
                                "my-id-1"),
                          Field(&fangxin::testing::FakeMerchantService::Attempt::request_id,
                                "my-id-1")));
}

TEST_F(GrpcConnectionTest, EachCallGetsItsOwnRequestId) {
  Client client = MakeClient(Options());
  ASSERT_TRUE(client.CreateStore("merchants/91320902MA1EXAMPLE", SomeStore()).ok());
  ASSERT_TRUE(client.CreateStore("merchants/91320902MA1EXAMPLE", SomeStore()).ok());
  const auto attempts = server_.service().attempts();
  ASSERT_THAT(attempts, SizeIs(2));
  EXPECT_NE(attempts[0].request_id, attempts[1].request_id);
}

TEST_F(GrpcConnectionTest, DoesNotRetryInvalidArgumentAndKeepsFieldViolations) {
  server_.service().FailNext(
      1, InvalidArgumentError({{"store.location.latitude", "must be between -90 and 90"},
                               {"store.display_name", "is required"}}));
  Client client = MakeClient(Options());

  absl::StatusOr<v1::Store> store = client.CreateStore("merchants/X", SomeStore());

  EXPECT_EQ(store.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(server_.service().attempts(), SizeIs(1));
  std::vector<FieldViolation> violations = FieldViolationsOf(store.status());
  ASSERT_THAT(violations, SizeIs(2));
  EXPECT_EQ(violations[0].field, "store.location.latitude");
  EXPECT_EQ(violations[0].description, "must be between -90 and 90");
  EXPECT_EQ(violations[1].field, "store.display_name");
}

TEST_F(GrpcConnectionTest, KeepsTheErrorInfoReason) {
  server_.service().FailNext(1, ErrorWithReason(absl::StatusCode::kFailedPrecondition,
                                                "MERCHANT_CLOSED", "merchant is closed"));
  Client client = MakeClient(Options());
  absl::StatusOr<v1::Store> store = client.CreateStore("merchants/X", SomeStore());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(store.status()), "MERCHANT_CLOSED");
  EXPECT_THAT(server_.service().attempts(), SizeIs(1));
}

TEST_F(GrpcConnectionTest, GivesUpAfterMaxAttemptsWithUnavailable) {
  server_.service().FailNext(10, absl::UnavailableError("storage failing"));
  ClientOptions options = Options();
  options.max_attempts = 3;
  Client client = MakeClient(options);

  absl::StatusOr<v1::Store> store = client.GetStore("merchants/X/stores/s1");

  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(store.status().message(), "storage failing");
  EXPECT_THAT(server_.service().attempts(), SizeIs(3));
}

TEST_F(GrpcConnectionTest, RetriesReads) {
  server_.service().FailNext(4, absl::UnavailableError("x"));
  Client client = MakeClient(Options());  // 5 attempts
  absl::StatusOr<v1::Store> store = client.GetStore("merchants/X/stores/s1");
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_THAT(server_.service().attempts(), SizeIs(5));
  for (const auto& a : server_.service().attempts()) EXPECT_EQ(a.request_id, "");
}

TEST_F(GrpcConnectionTest, NoAuthorizationHeaderWithoutToken) {
  ClientOptions options = Options();
  options.token = "";
  unsetenv("FANGXIN_TOKEN");
  Client client = MakeClient(options);
  ASSERT_TRUE(client.GetStore("merchants/X/stores/s1").ok());
  EXPECT_EQ(server_.service().attempts().at(0).authorization, "");
}

TEST_F(GrpcConnectionTest, TokenDefaultsToTheEnvironment) {
  ClientOptions options = Options();
  options.token = "";
  setenv("FANGXIN_TOKEN", "fx_env_token", 1);
  Client client = MakeClient(options);
  unsetenv("FANGXIN_TOKEN");
  ASSERT_TRUE(client.GetStore("merchants/X/stores/s1").ok());
  EXPECT_EQ(server_.service().attempts().at(0).authorization, "Bearer fx_env_token");
}

TEST_F(GrpcConnectionTest, DeadlineExceededIsNotRetried) {
  server_.service().SetGetDivisionDelay(absl::Milliseconds(300));
  ClientOptions options = Options();
  options.timeout = absl::Milliseconds(50);
  Client client = MakeClient(options);
  absl::StatusOr<v1::Division> d = client.GetDivision("divisions/320902");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(server_.service().attempts(), SizeIs(1));
}

TEST_F(GrpcConnectionTest, TheTimeoutBoundsRetriesToo) {
  server_.service().FailNext(1000, absl::UnavailableError("down"));
  ClientOptions options = Options();
  options.max_attempts = 1000;
  options.initial_backoff = absl::Milliseconds(40);
  options.max_backoff = absl::Milliseconds(40);
  options.backoff_multiplier = 1.0;
  options.timeout = absl::Milliseconds(300);
  Client client = MakeClient(options);

  const absl::Time start = absl::Now();
  absl::StatusOr<v1::Store> store = client.GetStore("merchants/X/stores/s1");

  // The last attempt's own error, or DEADLINE_EXCEEDED when the overall timeout ran out during
  // an attempt (which happens on a loaded machine); either way the call gave up.
  EXPECT_THAT(store.status().code(),
              ::testing::AnyOf(absl::StatusCode::kUnavailable,
                               absl::StatusCode::kDeadlineExceeded))
      << store.status();
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  EXPECT_GE(server_.service().attempts().size(), 2u);
  EXPECT_LT(server_.service().attempts().size(), 1000u);
}

TEST_F(GrpcConnectionTest, UnreachableServerIsUnavailableAfterRetries) {
  ClientOptions options = Options();
  options.endpoint = "127.0.0.1:1";  // nothing listens on port 1
  options.max_attempts = 2;
  Client client = MakeClient(options);
  EXPECT_EQ(client.GetStore("merchants/X/stores/s1").status().code(),
            absl::StatusCode::kUnavailable);
}

TEST_F(GrpcConnectionTest, ImportStoresSendsOneStreamPerChunkInRowOrder) {
  Client client = MakeClient(Options());
  std::vector<v1::ImportStoresRequest> rows;
  for (int i = 0; i < 7; ++i) {
    v1::ImportStoresRequest& r = rows.emplace_back();
    r.set_row(i + 2);
    r.set_parent("merchants/91320902MA1EXAMPLE");
    *r.mutable_store() = SomeStore();
  }
  rows[3].mutable_store()->clear_display_name();  // refused by the fake

  ImportOptions options;
  options.chunk_size = 3;
  absl::StatusOr<std::vector<v1::ImportStoreResult>> results = client.ImportStores(rows, options);

  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_THAT(*results, SizeIs(7));
  for (int i = 0; i < 7; ++i) EXPECT_EQ((*results)[i].row(), i + 2);
  EXPECT_EQ((*results)[3].code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ((*results)[4].store().name(), "merchants/91320902MA1EXAMPLE/stores/r6");
  auto streams = server_.service().import_streams();
  ASSERT_THAT(streams, SizeIs(3));
  EXPECT_THAT(streams[0], SizeIs(3));
  EXPECT_THAT(streams[1], SizeIs(3));
  EXPECT_THAT(streams[2], SizeIs(1));
  std::set<std::string> ids;
  for (const auto& stream : streams) {
    for (const auto& row : stream) ids.insert(row.request_id());
  }
  EXPECT_EQ(ids.size(), 7u) << "every row carries its own request id";
  EXPECT_EQ(ids.count(""), 0u);
}

TEST_F(GrpcConnectionTest, ImportStoresResendsAChunkWithTheSameRequestIds) {
  // The fake reads the whole stream before failing, as a server that broke mid-chunk would
  // have seen it; the re-sent stream must carry the same ids.
  server_.service().FailNext(1, absl::UnavailableError("restarting"));
  Client client = MakeClient(Options());
  std::vector<v1::ImportStoresRequest> rows(2);
  for (int i = 0; i < 2; ++i) {
    rows[i].set_row(i + 1);
    rows[i].set_parent("merchants/91320902MA1EXAMPLE");
    *rows[i].mutable_store() = SomeStore();
  }
  rows[1].set_request_id("caller-chosen");

  absl::StatusOr<std::vector<v1::ImportStoreResult>> results = client.ImportStores(rows);

  ASSERT_TRUE(results.ok()) << results.status();
  auto streams = server_.service().import_streams();
  ASSERT_THAT(streams, SizeIs(1)) << "the failed attempt is not recorded as a stream";
  auto attempts = server_.service().attempts();
  ASSERT_THAT(attempts, SizeIs(2));
  EXPECT_EQ(attempts[0].request_id, attempts[1].request_id);
  EXPECT_FALSE(attempts[0].request_id.empty());
  EXPECT_EQ(streams[0][1].request_id(), "caller-chosen");
}

TEST_F(GrpcConnectionTest, ListStoresFollowsPagesOverTheWire) {
  v1::Store a, b, c;
  a.set_name("merchants/X/stores/a");
  b.set_name("merchants/X/stores/b");
  c.set_name("merchants/X/stores/c");
  server_.service().SetStorePages({{"", {{a, b}, "t1", absl::OkStatus()}},
                                   {"t1", {{c}, "", absl::OkStatus()}}},
                                  42);
  server_.service().FailNext(1, absl::UnavailableError("blip"));  // retried transparently
  Client client = MakeClient(Options());

  auto range = client.ListStores();
  std::vector<std::string> names;
  for (const auto& s : range) {
    ASSERT_TRUE(s.ok()) << s.status();
    names.push_back(s->name());
  }
  EXPECT_THAT(names, ElementsAre("merchants/X/stores/a", "merchants/X/stores/b",
                                 "merchants/X/stores/c"));
  EXPECT_EQ(range.read_revision(), 42);
  EXPECT_THAT(server_.service().list_tokens(), ElementsAre("", "t1"));
}

TEST(MakeConnectionTest, RejectsInconsistentOptions) {
  ClientOptions options;
  options.max_attempts = 0;
  EXPECT_EQ(MakeConnection(options).status().code(), absl::StatusCode::kInvalidArgument);
  options = {};
  options.timeout = absl::ZeroDuration();
  EXPECT_EQ(MakeConnection(options).status().code(), absl::StatusCode::kInvalidArgument);
  options = {};
  options.backoff_multiplier = 0.5;
  EXPECT_EQ(MakeConnection(options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(MakeConnectionTest, MissingRootCertificatesFileIsAnError) {
  ClientOptions options;
  options.tls_root_certs_path = "/nonexistent/ca.pem";
  EXPECT_EQ(MakeConnection(options).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace fangxin::sdk
