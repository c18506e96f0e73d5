// fangxinctl command lines run in-process (RunCli) against the fake server.

#include "clients/cli/cli.h"

#include <fstream>
#include <sstream>

#include "common/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"
#include "tests/unit/sdk/fake_merchant_service.h"

namespace fangxin::cli {
namespace {

using ::fangxin::testing::FakeServer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

struct Result {
  int code;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()); }

  Result Run(std::vector<std::string> args) {
    args.insert(args.end(), {"--server", server_.endpoint(), "--token=fx_t_s"});
    std::ostringstream out, err;
    int code = RunCli(args, out, err);
    return {code, out.str(), err.str()};
  }

  std::string WriteFile(const std::string& name, const std::string& contents) {
    std::string path = dir_.path() + "/" + name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  static std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  FakeServer server_;
  fangxin::testing::TempDir dir_;
};

TEST_F(CliTest, StoreCreateExpandsShortNames) {
  Result r = Run({"store", "create", "--merchant", "91320902ma1example", "--name=示例便利店",
                  "--address", "建军东路1号", "--division=320902", "--lat", "33.38", "--lng",
                  "120.16", "--id=s9"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  v1::CreateStoreRequest sent = server_.service().last_create_store();
  EXPECT_EQ(sent.parent(), "merchants/91320902MA1EXAMPLE");
  EXPECT_EQ(sent.store_id(), "s9");
  EXPECT_EQ(sent.store().division(), "divisions/320902");
  EXPECT_DOUBLE_EQ(sent.store().location().longitude(), 120.16);
  EXPECT_THAT(r.out, HasSubstr("name:          merchants/91320902MA1EXAMPLE/stores/s9\n"));
  EXPECT_THAT(server_.service().attempts().at(0).authorization, "Bearer fx_t_s");
}

TEST_F(CliTest, ServerErrorPrintsCodeMessageAndFieldViolations) {
  server_.service().FailNext(1, InvalidArgumentError({{"store.location.latitude",
                                                       "must be between -90 and 90"}}));
  Result r = Run({"store", "create", "--merchant=M", "--name=n", "--address=a", "--division=1",
                  "--lat=99", "--lng=1"});
  EXPECT_EQ(r.code, kExitError);
  EXPECT_THAT(r.err, HasSubstr("error: INVALID_ARGUMENT: "));
  EXPECT_THAT(r.err, HasSubstr("\n  store.location.latitude: must be between -90 and 90\n"));
  EXPECT_EQ(r.out, "");
}

TEST_F(CliTest, ServerErrorAsJsonWhenAskedGlobalFlagFirst) {
  server_.service().FailNext(1, ErrorWithReason(absl::StatusCode::kFailedPrecondition,
                                                "STORE_CLOSED", "store is closed"));
  Result r = Run({"--output=json", "store", "close", "merchants/M/stores/s", "--etag=3",
                  "--reason=moved"});
  EXPECT_EQ(r.code, kExitError);
  EXPECT_EQ(r.out,
            "{\"code\": \"FAILED_PRECONDITION\", \"message\": \"store is closed\", \"reason\": "
            "\"STORE_CLOSED\", \"field_violations\": []}\n");
}

TEST_F(CliTest, UsageErrorsExitTwoWithoutCallingTheServer) {
  Result unknown = Run({"store", "create", "--merchant=M", "--colour=red"});
  EXPECT_EQ(unknown.code, kExitUsage);
  EXPECT_THAT(unknown.err, HasSubstr("unknown flag --colour"));
  EXPECT_THAT(unknown.err, HasSubstr("usage: fangxinctl store create"));

  Result missing = Run({"store", "close", "merchants/M/stores/s", "--etag=3"});
  EXPECT_EQ(missing.code, kExitUsage);
  EXPECT_THAT(missing.err, HasSubstr("missing required flag --reason"));

  Result bad_enum = Run({"division", "list", "--level=province"});
  EXPECT_EQ(bad_enum.code, kExitUsage);
  EXPECT_THAT(bad_enum.err, HasSubstr("one of: city, county, township"));

  Result bad_verb = Run({"store", "delete"});
  EXPECT_EQ(bad_verb.code, kExitUsage);
  EXPECT_THAT(bad_verb.err, HasSubstr("store verbs: create, get, list, update, close, import"));

  EXPECT_THAT(server_.service().attempts(), SizeIs(0));
}

TEST_F(CliTest, HelpListsTheCommandsFlags) {
  Result r = Run({"store", "create", "--help"});
  EXPECT_EQ(r.code, kExitOk);
  EXPECT_THAT(r.out, HasSubstr("--merchant=MERCHANT"));
  EXPECT_THAT(r.out, HasSubstr("--lat=DEGREES"));
  EXPECT_THAT(r.out, HasSubstr("global flags:"));
}

TEST_F(CliTest, MerchantUpdateBuildsTheMaskFromTheFlagsAndKeepsOtherContactParts) {
  v1::Merchant current;
  current.mutable_contact()->set_person("李经理");
  current.mutable_contact()->set_email("li@example.cn");
  server_.service().set_merchant(current);

  Result r = Run({"merchant", "update", "91320902MA1EXAMPLE", "--etag", "4", "--name=新名称",
                  "--contact_phone=0515-1234567"});

  ASSERT_EQ(r.code, kExitOk) << r.err;
  v1::UpdateMerchantRequest sent = server_.service().last_update_merchant();
  EXPECT_THAT(sent.update_mask().paths(), ElementsAre("legal_name", "contact"));
  EXPECT_EQ(sent.merchant().name(), "merchants/91320902MA1EXAMPLE");
  EXPECT_EQ(sent.merchant().etag(), "4");
  EXPECT_EQ(sent.merchant().legal_name(), "新名称");
  EXPECT_EQ(sent.merchant().contact().person(), "李经理");
  EXPECT_EQ(sent.merchant().contact().phone(), "0515-1234567");
  EXPECT_EQ(sent.merchant().contact().email(), "li@example.cn");
}

class CliListTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    auto store = [](const std::string& id, const std::string& display) {
      v1::Store s;
      s.set_name("merchants/91320902MA1EXAMPLE/stores/" + id);
      s.set_display_name(display);
      s.set_division("divisions/320902");
      s.set_state(v1::STORE_STATE_OPEN);
      return s;
    };
    server_.service().SetStorePages(
        {{"", {{store("a", "一号店"), store("b", "二号店")}, "t1", absl::OkStatus()}},
         {"t1", {{store("c", "三号店")}, "", absl::OkStatus()}},
         {"bad", {{}, "", absl::UnavailableError("gone")}}},
        77);
  }
};

TEST_F(CliListTest, TableFollowsEveryPage) {
  Result r = Run({"store", "list", "--division=320902"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("NAME"));
  EXPECT_THAT(r.out, HasSubstr("merchants/91320902MA1EXAMPLE/stores/a  一号店"));
  EXPECT_THAT(r.out, HasSubstr("merchants/91320902MA1EXAMPLE/stores/c  三号店"));
  EXPECT_THAT(server_.service().list_tokens(), ElementsAre("", "t1"));
}

TEST_F(CliListTest, JsonIsOneListResponseWithTheReadRevision) {
  Result r = Run({"store", "list", "--output", "json"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"read_revision\": \"77\""));
  EXPECT_THAT(r.out, HasSubstr("stores/c"));
  EXPECT_THAT(r.out, HasSubstr("\"display_name\": \"一号店\""));
}

TEST_F(CliListTest, MaxPagesStopsAndSaysHowToContinue) {
  Result r = Run({"store", "list", "--max_pages=1"});
  ASSERT_EQ(r.code, kExitOk);
  EXPECT_THAT(r.out, Not(HasSubstr("stores/c")));
  EXPECT_THAT(r.err, HasSubstr("continue with --page_token=t1"));
  Result rest = Run({"store", "list", "--page_token=t1"});
  EXPECT_THAT(rest.out, HasSubstr("stores/c"));
}

TEST_F(CliListTest, AnErrorEndsTheListingWithExitOne) {
  server_.service().SetStorePages(
      {{"", {{v1::Store()}, "bad", absl::OkStatus()}},
       {"bad", {{}, "", InvalidFieldError("page_token", "expired")}}},
      1);
  Result r = Run({"store", "list"});
  EXPECT_EQ(r.code, kExitError);
  EXPECT_THAT(r.err, HasSubstr("error: INVALID_ARGUMENT"));
  EXPECT_THAT(r.err, HasSubstr("  page_token: expired"));
}

TEST_F(CliTest, StoreImportReportsAndWritesRejectedRows) {
  const std::string csv =
      "merchant,name,address,division,lat,lng,industry\r\n"
      "91320902MA1EXAMPLE,一号店,建军东路1号,320902,33.38,120.16,retail\r\n"
      "91320902MA1EXAMPLE,,建军东路2号,320902,33.38,120.16,retail\r\n"  // no name: server refuses
      "91320902MA1EXAMPLE,三号店,\"解放路3号,底商\",320902,north,120.16,retail\r\n"  // local
      "91320902MA1EXAMPLE,四号店,建军东路4号,320902,33.38,120.16,retail\r\n"
      "91320902MA1EXAMPLE,五号店,建军东路5号,320902,33.38,120.16,catering\r\n";
  const std::string path = WriteFile("stores.csv", csv);

  Result r = Run({"store", "import", path, "--chunk_size=2"});

  EXPECT_EQ(r.code, kExitRejected) << r.err;
  EXPECT_THAT(r.out, HasSubstr("stores.csv: 3 imported, 2 rejected of 5 rows"));
  EXPECT_THAT(r.out, HasSubstr("row 3: INVALID_ARGUMENT"));
  EXPECT_THAT(r.out, HasSubstr("    name (store.display_name): is required\n"));
  EXPECT_THAT(r.out, HasSubstr("row 4: INVALID_ARGUMENT"));
  EXPECT_THAT(r.out, HasSubstr("    lat: is not a number: 'north'\n"));
  // Not a terminal: a progress line per chunk. The first chunk is rows 2 and 3.
  EXPECT_THAT(r.err, HasSubstr("2/5 rows: 1 imported, 1 rejected"));
  EXPECT_THAT(r.err, HasSubstr("5/5 rows: 3 imported, 2 rejected"));
  auto streams = server_.service().import_streams();
  ASSERT_THAT(streams, SizeIs(2));  // 4 rows worth sending, 2 per stream
  EXPECT_EQ(streams[0][0].row(), 2);
  EXPECT_EQ(streams[1][1].row(), 6);

  const std::string rejects = ReadFile(dir_.path() + "/stores.rejected.csv");
  EXPECT_EQ(rejects,
            "merchant,name,address,division,lat,lng,industry,error\r\n"
            "91320902MA1EXAMPLE,,建军东路2号,320902,33.38,120.16,retail,"
            "INVALID_ARGUMENT: name: is required\r\n"
            "91320902MA1EXAMPLE,三号店,\"解放路3号,底商\",320902,north,120.16,retail,"
            "INVALID_ARGUMENT: lat: is not a number: 'north'\r\n");

  // Running it again sends the same request ids, so nothing is created twice.
  Result again = Run({"store", "import", path, "--chunk_size=2"});
  EXPECT_EQ(again.code, kExitRejected);
  streams = server_.service().import_streams();
  ASSERT_THAT(streams, SizeIs(4));
  for (int s = 0; s < 2; ++s) {
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(streams[s + 2][i].request_id(), streams[s][i].request_id());
    }
  }
}

TEST_F(CliTest, StoreImportRefusesAnUnknownColumnBeforeSendingAnything) {
  const std::string path =
      WriteFile("bad.csv", "merchant,name,address,division,lat,lng,phone\nM,n,a,1,1,1,123\n");
  Result r = Run({"store", "import", path});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr("unknown column 'phone'"));
  EXPECT_THAT(server_.service().attempts(), SizeIs(0));
}

TEST_F(CliTest, StoreImportRefusesMalformedCsvBeforeSendingAnything) {
  const std::string path = WriteFile(
      "bad.csv", "merchant,name,address,division,lat,lng\nM,n,a,1,1,1\nM,\"unterminated,a,1,1,1\n");
  Result r = Run({"store", "import", path});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr("line 3"));
  EXPECT_THAT(server_.service().attempts(), SizeIs(0));
}

TEST_F(CliTest, StoreImportStopsOnAChunkFailureAndSaysHowToResume) {
  server_.service().FailNext(10, absl::PermissionDeniedError("not your area"));
  const std::string path = WriteFile(
      "s.csv", "merchant,name,address,division,lat,lng\nM,n,a,1,1,1\nM,n2,a,1,1,1\n");
  Result r = Run({"store", "import", path});
  EXPECT_EQ(r.code, kExitError);
  EXPECT_THAT(r.err, HasSubstr("error: PERMISSION_DENIED: not your area"));
  EXPECT_THAT(r.err, HasSubstr("Import stopped at row 2"));
}

}  // namespace
}  // namespace fangxin::cli
