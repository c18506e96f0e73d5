// MerchantService end to end through the SDK against a real server on 127.0.0.1.

#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "clients/cli/cli.h"
#include "common/errors.h"
#include "common/grpc_status.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/integration/server_fixture.h"

namespace fangxin::testing {
namespace {

using ::testing::Contains;
using ::google::protobuf::util::MessageDifferencer;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::SizeIs;

google::protobuf::FieldMask Mask(std::initializer_list<const char*> paths) {
  google::protobuf::FieldMask mask;
  for (const char* p : paths) mask.add_paths(p);
  return mask;
}

std::set<std::string> ViolatedFields(const absl::Status& status) {
  std::set<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.insert(v.field);
  return fields;
}

constexpr char kGetStore[] = "/fangxin.v1.MerchantService/GetStore";
constexpr char kCreateStore[] = "/fangxin.v1.MerchantService/CreateStore";

class MerchantServiceTest : public ServerTest {
 protected:
  struct RawCall {
    grpc::Status status;
    std::string response;  // The response message's bytes as they came off the wire.
  };

  // GetStore with `request` as the request's bytes, bypassing the SDK's serialization.
  // Calls `method` with `request` as raw bytes; the response's bytes as they came.
  RawCall CallRaw(const std::string& method, const std::string& request) {
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                       grpc::InsecureChannelCredentials());
    grpc::GenericStub stub(channel);
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", admin_token_));
    grpc::Slice slice(request);
    grpc::ByteBuffer request_buffer(&slice, 1);
    grpc::ByteBuffer response_buffer;
    RawCall call;
    absl::Notification done;
    stub.UnaryCall(&context, method, grpc::StubOptions(),
                   &request_buffer, &response_buffer, [&](grpc::Status status) {
                     call.status = std::move(status);
                     done.Notify();
                   });
    done.WaitForNotification();
    if (call.status.ok()) {
      std::vector<grpc::Slice> slices;
      EXPECT_TRUE(response_buffer.Dump(&slices).ok());
      for (const grpc::Slice& s : slices) {
        call.response.append(reinterpret_cast<const char*>(s.begin()), s.size());
      }
    }
    return call;
  }
};

TEST_F(MerchantServiceTest, DivisionsAreLoadedFromTheDataFile) {
  auto tinghu = admin_->GetDivision("divisions/320902");
  ASSERT_TRUE(tinghu.ok()) << tinghu.status();
  EXPECT_EQ(tinghu->display_name(), "亭湖区");
  EXPECT_EQ(tinghu->level(), v1::DIVISION_LEVEL_COUNTY);
  EXPECT_TRUE(tinghu->main_urban());
  EXPECT_EQ(tinghu->parent(), "divisions/320900");

  std::vector<std::string> counties;
  for (auto& d : admin_->ListDivisions("divisions/320900")) {
    ASSERT_TRUE(d.ok()) << d.status();
    counties.push_back(d->code());
  }
  EXPECT_THAT(counties, SizeIs(10));  // 10 county-level rows in the data file.
  EXPECT_THAT(counties, Contains("320971"));

  EXPECT_EQ(admin_->GetDivision("divisions/999999").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(MerchantServiceTest, RegistersAMerchantAndStampsItsRevision) {
  auto created = admin_->CreateMerchant(NewMerchant(1));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->name(), absl::StrCat("merchants/", Uscc(1)));
  EXPECT_EQ(created->state(), v1::MERCHANT_STATE_OPEN);
  EXPECT_EQ(created->kind(), v1::MERCHANT_KIND_ENTERPRISE);
  EXPECT_EQ(created->version(), 1);
  EXPECT_GT(created->create_revision(), 0);
  EXPECT_EQ(created->etag(), absl::StrCat(created->mod_revision()));

  auto read = admin_->GetMerchant(created->name());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->etag(), created->etag());
  EXPECT_EQ(read->legal_name(), created->legal_name());

  auto again = admin_->CreateMerchant(NewMerchant(1));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(MerchantServiceTest, RefusesACorruptCreditCodeNamingTheField) {
  v1::Merchant merchant = NewMerchant(2);
  std::string uscc = merchant.uscc();
  uscc[17] = uscc[17] == '0' ? '1' : '0';
  merchant.set_uscc(uscc);
  auto created = admin_->CreateMerchant(merchant);
  ASSERT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ViolatedFields(created.status()), std::set<std::string>{"merchant.uscc"});
}

TEST_F(MerchantServiceTest, ListsEveryBadFieldOfAStoreAtOnce) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(3)).ok());
  v1::Store store = NewStore("");
  store.set_division("divisions/110101");
  store.mutable_location()->set_latitude(91);
  store.set_industry("casino");
  auto created = admin_->CreateStore(absl::StrCat("merchants/", Uscc(3)), store);
  ASSERT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument);
  std::set<std::string> fields = ViolatedFields(created.status());
  EXPECT_TRUE(fields.count("store.display_name")) << created.status();
  EXPECT_TRUE(fields.count("store.division")) << created.status();
  EXPECT_TRUE(fields.count("store.location.latitude")) << created.status();
  EXPECT_TRUE(fields.count("store.industry")) << created.status();
  // Nothing was written.
  int stores = 0;
  for (auto& s : admin_->ListStores()) stores += s.ok();
  EXPECT_EQ(stores, 0);
}

TEST_F(MerchantServiceTest, StoreLifecycleWithEtags) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(4)).ok());
  const std::string parent = absl::StrCat("merchants/", Uscc(4));
  auto store = admin_->CreateStore(parent, NewStore("放心超市"), "main");
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(store->name(), parent + "/stores/main");
  EXPECT_EQ(store->state(), v1::STORE_STATE_OPEN);

  v1::Store change = *store;
  change.set_display_name("放心超市(旗舰店)");
  auto updated = admin_->UpdateStore(change, Mask({"display_name"}));
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->display_name(), "放心超市(旗舰店)");
  EXPECT_EQ(updated->version(), 2);
  EXPECT_GT(updated->mod_revision(), store->mod_revision());
  EXPECT_EQ(updated->create_revision(), store->create_revision());

  // The first etag is stale now.
  change.set_display_name("lost update");
  EXPECT_EQ(admin_->UpdateStore(change, Mask({"display_name"})).status().code(),
            absl::StatusCode::kAborted);

  auto closed = admin_->CloseStore(updated->name(), updated->etag(), "moved away");
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->state(), v1::STORE_STATE_CLOSED);
  EXPECT_EQ(closed->close_reason(), "moved away");

  v1::Store after = *closed;
  after.set_address("elsewhere");
  auto refused = admin_->UpdateStore(after, Mask({"address"}));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(refused.status()), "STORE_CLOSED");
}

TEST_F(MerchantServiceTest, RetriedRequestReturnsTheFirstResult) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(5)).ok());
  v1::CreateStoreRequest request;
  request.set_parent(absl::StrCat("merchants/", Uscc(5)));
  *request.mutable_store() = NewStore("重试店");
  request.set_request_id("retry-me-1");
  auto first = admin_->CreateStore(request);
  auto second = admin_->CreateStore(request);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(first->name(), second->name());
  EXPECT_EQ(first->etag(), second->etag());
  int stores = 0;
  for (auto& s : admin_->ListStores()) stores += s.ok();
  EXPECT_EQ(stores, 1);

  request.mutable_store()->set_display_name("another store");
  auto reused = admin_->CreateStore(request);
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(reused.status()), "REQUEST_ID_REUSED");
}

TEST_F(MerchantServiceTest, ListsStoresByDivisionTownshipAndAreaPageByPage) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(6)).ok());
  const std::string parent = absl::StrCat("merchants/", Uscc(6));
  v1::Area mall;
  mall.set_display_name("盐城吾悦广场");
  mall.set_kind(v1::AREA_KIND_SHOPPING_MALL);
  mall.set_division("divisions/320902");
  mall.mutable_center()->set_latitude(33.38);
  mall.mutable_center()->set_longitude(120.14);
  auto area = admin_->CreateArea(mall, "wuyue");
  ASSERT_TRUE(area.ok()) << area.status();

  // 7 stores in 五星街道 (3 of them in the mall), 4 in 文峰街道.
  for (int i = 0; i < 11; ++i) {
    v1::Store s = NewStore(absl::StrCat("店", i));
    if (i >= 7) s.set_township("divisions/320902002");
    if (i < 3) s.set_area("areas/wuyue");
    ASSERT_TRUE(admin_->CreateStore(parent, s).ok());
  }
  auto count = [&](v1::ListStoresRequest request) {
    request.set_page_size(2);  // Forces several pages.
    std::set<std::string> names;
    for (auto& s : admin_->ListStores(request)) {
      EXPECT_TRUE(s.ok()) << s.status();
      if (s.ok()) names.insert(s->name());
    }
    return names.size();
  };
  v1::ListStoresRequest by_county;
  by_county.set_division("divisions/320902");
  EXPECT_EQ(count(by_county), 11u);
  v1::ListStoresRequest by_township;
  by_township.set_division("divisions/320902002");
  EXPECT_EQ(count(by_township), 4u);
  v1::ListStoresRequest by_area;
  by_area.set_area("areas/wuyue");
  EXPECT_EQ(count(by_area), 3u);
  v1::ListStoresRequest other_county;
  other_county.set_division("divisions/320903");
  EXPECT_EQ(count(other_county), 0u);
}

TEST_F(MerchantServiceTest, APageTokenIsBoundToItsFilter) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(7)).ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(admin_->CreateStore(absl::StrCat("merchants/", Uscc(7)), NewStore("x")).ok());
  }
  v1::ListStoresRequest request;
  request.set_page_size(1);
  request.set_division("divisions/320902");
  auto page = admin_->connection()->ListStores(request);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_FALSE(page->next_page_token().empty());
  EXPECT_GT(page->read_revision(), 0);

  request.set_page_token(page->next_page_token());
  request.set_division("divisions/320903");
  auto mismatched = admin_->connection()->ListStores(request);
  ASSERT_EQ(mismatched.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ViolatedFields(mismatched.status()), std::set<std::string>{"page_token"});

  request.set_division("divisions/320902");
  request.set_page_token(page->next_page_token() + "x");
  EXPECT_EQ(admin_->connection()->ListStores(request).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(MerchantServiceTest, ClosingAMerchantClosesItsStoresInOneCommit) {
  auto merchant = admin_->CreateMerchant(NewMerchant(8));
  ASSERT_TRUE(merchant.ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(admin_->CreateStore(merchant->name(), NewStore("s")).ok());
  auto closed = admin_->CloseMerchant(merchant->name(), merchant->etag(), "licence revoked");
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->state(), v1::MERCHANT_STATE_CLOSED);
  v1::ListStoresRequest request;
  request.set_merchant(merchant->name());
  for (auto& s : admin_->ListStores(request)) {
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->state(), v1::STORE_STATE_CLOSED);
    EXPECT_EQ(s->mod_revision(), closed->mod_revision());  // Same commit.
  }
  auto refused = admin_->CreateStore(merchant->name(), NewStore("late"));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(refused.status()), "MERCHANT_CLOSED");
}

TEST_F(MerchantServiceTest, ImportReportsEachRowAndWritesOnlyGoodOnes) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(9)).ok());
  std::vector<v1::ImportStoresRequest> rows;
  for (int i = 0; i < 1200; ++i) {
    v1::ImportStoresRequest row;
    row.set_row(i + 2);
    row.set_parent(absl::StrCat("merchants/", Uscc(9)));
    *row.mutable_store() = NewStore(absl::StrCat("导入店", i));
    if (i % 100 == 7) row.mutable_store()->mutable_location()->set_longitude(200);  // Bad row.
    if (i % 100 == 8) row.set_parent(absl::StrCat("merchants/", Uscc(999)));      // No merchant.
    rows.push_back(row);
  }
  sdk::ImportOptions options;
  options.chunk_size = 500;
  auto results = admin_->ImportStores(rows, options);
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->size(), rows.size());
  int created = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const v1::ImportStoreResult& r = (*results)[i];
    EXPECT_EQ(r.row(), rows[i].row());
    if (i % 100 == 7) {
      EXPECT_EQ(r.code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
      ASSERT_EQ(r.field_errors_size(), 1);
      EXPECT_EQ(r.field_errors(0).field(), "store.location.longitude");
    } else if (i % 100 == 8) {
      EXPECT_EQ(r.code(), static_cast<int>(absl::StatusCode::kNotFound));
    } else {
      EXPECT_EQ(r.code(), 0) << r.message();
      ++created;
    }
  }
  int listed = 0;
  for (auto& s : admin_->ListStores()) listed += s.ok();
  EXPECT_EQ(listed, created);
  EXPECT_EQ(created, 1200 - 24);
}

TEST_F(MerchantServiceTest, EverythingSurvivesARestart) {
  auto merchant = admin_->CreateMerchant(NewMerchant(10));
  ASSERT_TRUE(merchant.ok());
  auto store = admin_->CreateStore(merchant->name(), NewStore("持久店"));
  ASSERT_TRUE(store.ok());
  const int64_t revision = server_->registry()->CurrentRevision();
  StopServer();
  StartServer();
  EXPECT_EQ(server_->registry()->CurrentRevision(), revision);
  EXPECT_TRUE(server_->bootstrap_admin_token().empty());  // Not created twice.
  auto read = admin_->GetStore(store->name());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->etag(), store->etag());
  auto next = admin_->CreateStore(merchant->name(), NewStore("after restart"));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->mod_revision(), revision + 1);
}

// GetStore answers with the stored record as it is (services/support/raw_unary.h): the client
// must see exactly the store a create, an update and a list show.
TEST_F(MerchantServiceTest, GetStoreAnswersTheStoreThatCreateUpdateAndListShow) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(11)).ok());
  v1::Store shop = NewStore("放心便利店");
  auto created = admin_->CreateStore(absl::StrCat("merchants/", Uscc(11)), shop, "corner");
  ASSERT_TRUE(created.ok()) << created.status();

  auto read = admin_->GetStore(created->name());
  ASSERT_TRUE(read.ok()) << read.status();
  std::string difference;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&difference);
  EXPECT_TRUE(differencer.Compare(*created, *read)) << difference;
  std::vector<v1::Store> listed;
  for (auto& s : admin_->ListStores()) {
    ASSERT_TRUE(s.ok()) << s.status();
    listed.push_back(*s);
  }
  ASSERT_THAT(listed, SizeIs(1));
  EXPECT_TRUE(differencer.Compare(listed[0], *read)) << difference;

  v1::Store change = *created;
  change.set_display_name("放心便利店(新址)");
  auto updated = admin_->UpdateStore(change, Mask({"display_name"}));
  ASSERT_TRUE(updated.ok()) << updated.status();
  auto reread = admin_->GetStore(created->name());
  ASSERT_TRUE(reread.ok()) << reread.status();
  EXPECT_TRUE(differencer.Compare(*updated, *reread)) << difference;
  EXPECT_EQ(reread->display_name(), "放心便利店(新址)");
  EXPECT_NE(reread->etag(), created->etag());
  EXPECT_GT(reread->mod_revision(), created->mod_revision());
  EXPECT_EQ(reread->version(), 2);
}

// CreateStore answers with the record it stored, byte for byte, and so does its retry (answered
// from the request record); the typed client reads the same store.
TEST_F(MerchantServiceTest, CreateStoreAnswersWithTheStoredRecordBytes) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(15)).ok());
  v1::CreateStoreRequest request;
  request.set_parent(absl::StrCat("merchants/", Uscc(15)));
  *request.mutable_store() = NewStore("原样店");
  request.set_request_id("bytes-once");
  RawCall created = CallRaw(kCreateStore, request.SerializeAsString());
  ASSERT_TRUE(created.status.ok()) << created.status.error_message();
  v1::Store store;
  ASSERT_TRUE(store.ParseFromString(created.response));
  EXPECT_EQ(store.display_name(), "原样店");
  EXPECT_EQ(store.state(), v1::STORE_STATE_OPEN);
  absl::StatusOr<std::string> stored = server_->registry()->ReadStoredBytes(store.name());
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(created.response, *stored);

  RawCall retried = CallRaw(kCreateStore, request.SerializeAsString());
  ASSERT_TRUE(retried.status.ok()) << retried.status.error_message();
  EXPECT_EQ(retried.response, *stored);
  auto typed = admin_->CreateStore(request);
  ASSERT_TRUE(typed.ok()) << typed.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*typed, store));

  RawCall malformed = CallRaw(kCreateStore, std::string("\x0a\x05me", 4));
  EXPECT_EQ(malformed.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(malformed.status.error_message(), HasSubstr("fangxin.v1.CreateStoreRequest"));
  EXPECT_EQ(ViolatedFields(FromGrpcStatus(malformed.status)), std::set<std::string>{"request"});
}

// The response's bytes are the registry's record, byte for byte (not a re-serialization).
TEST_F(MerchantServiceTest, GetStoreSendsTheStoredRecordBytes) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(12)).ok());
  auto created = admin_->CreateStore(absl::StrCat("merchants/", Uscc(12)), NewStore("字节店"));
  ASSERT_TRUE(created.ok()) << created.status();
  v1::GetStoreRequest request;
  request.set_name(created->name());
  RawCall call = CallRaw(kGetStore, request.SerializeAsString());
  ASSERT_TRUE(call.status.ok()) << call.status.error_message();
  absl::StatusOr<std::string> stored = server_->registry()->ReadStoredBytes(created->name());
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(call.response, *stored);
}

TEST_F(MerchantServiceTest, GetStoreRefusesBadRequestsAsBefore) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(13)).ok());
  auto created = admin_->CreateStore(absl::StrCat("merchants/", Uscc(13)), NewStore("在册店"));
  ASSERT_TRUE(created.ok()) << created.status();

  auto bad_name = admin_->GetStore("merchants/x/shops/y");
  ASSERT_EQ(bad_name.status().code(), absl::StatusCode::kInvalidArgument) << bad_name.status();
  EXPECT_EQ(ViolatedFields(bad_name.status()), std::set<std::string>{"name"});
  EXPECT_EQ(ViolatedFields(admin_->GetStore("").status()), std::set<std::string>{"name"});

  const std::string missing = absl::StrCat("merchants/", Uscc(13), "/stores/nowhere");
  auto absent = admin_->GetStore(missing);
  EXPECT_EQ(absent.status(), NotFoundError("stores", missing));

  EXPECT_EQ(ClientWithToken("").GetStore(created->name()).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ClientWithToken("not-a-token").GetStore(created->name()).status().code(),
            absl::StatusCode::kUnauthenticated);

  // Bytes that are no GetStoreRequest: field 1 announces 5 bytes and the message ends.
  RawCall malformed = CallRaw(kGetStore, std::string("\x0a\x05me", 4));
  EXPECT_EQ(malformed.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(malformed.status.error_message(), HasSubstr("fangxin.v1.GetStoreRequest"));
  EXPECT_EQ(ViolatedFields(FromGrpcStatus(malformed.status)), std::set<std::string>{"request"});
}

// A store is public: every role reads it, also when the store lies outside the key's scopes.
TEST_F(MerchantServiceTest, EveryRoleGetsAStoreOutsideItsScopes) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(14)).ok());
  auto created = admin_->CreateStore(absl::StrCat("merchants/", Uscc(14)), NewStore("公开店"));
  ASSERT_TRUE(created.ok()) << created.status();
  const std::vector<std::pair<v1::Role, std::vector<std::string>>> keys = {
      {v1::ROLE_ADMIN, {}},
      {v1::ROLE_REGULATOR, {"divisions/320903"}},
      {v1::ROLE_AREA_MANAGER, {"areas/elsewhere"}},
      {v1::ROLE_MERCHANT, {absl::StrCat("merchants/", Uscc(99))}},
      {v1::ROLE_CITY_SYSTEM, {}},
      {v1::ROLE_PUBLIC, {}},
  };
  for (const auto& [role, scopes] : keys) {
    auto read = ClientFor(role, scopes).GetStore(created->name());
    ASSERT_TRUE(read.ok()) << v1::Role_Name(role) << ": " << read.status();
    EXPECT_EQ(read->etag(), created->etag()) << v1::Role_Name(role);
  }
}

// fangxinctl's `store get` against the real server: the store it prints is the one created.
TEST_F(MerchantServiceTest, TheCliGetsAStore) {
  ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(15)).ok());
  auto created = admin_->CreateStore(absl::StrCat("merchants/", Uscc(15)), NewStore("命令行店"));
  ASSERT_TRUE(created.ok()) << created.status();
  auto ctl = [&](const std::string& name, std::string* out, std::string* err) {
    std::ostringstream out_stream, err_stream;
    const int code = cli::RunCli({"store", "get", name, "--output", "json", "--server",
                                  absl::StrCat("127.0.0.1:", server_->port()), "--token",
                                  admin_token_},
                                 out_stream, err_stream);
    *out = out_stream.str();
    *err = err_stream.str();
    return code;
  };
  std::string out, err;
  ASSERT_EQ(ctl(created->name(), &out, &err), cli::kExitOk) << err;
  v1::Store printed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out, &printed).ok()) << out;
  EXPECT_TRUE(MessageDifferencer::Equals(printed, *created)) << out;

  const std::string missing = absl::StrCat("merchants/", Uscc(15), "/stores/gone");
  EXPECT_EQ(ctl(missing, &out, &err), cli::kExitError);
  EXPECT_THAT(out + err, HasSubstr(absl::StrCat(missing, " not found")));
}

}  // namespace
}  // namespace fangxin::testing
