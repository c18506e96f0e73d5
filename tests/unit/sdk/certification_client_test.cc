// The certification SDK client and `fangxinctl cert` against a scripted CertificationService on
// a real gRPC server at 127.0.0.1: request ids, retries, bearer token, error details, page
// following, and the command lines' requests and output.

#include "clients/sdk/certification_client.h"

#include <deque>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/synchronization/mutex.h"
#include "clients/cli/cli.h"
#include "common/errors.h"
#include "common/grpc_status.h"
#include "fangxin/v1/certification_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace fangxin::sdk {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// Records every attempt; fails the next N calls when told to; answers from what it was given.
class FakeCertificationService final : public v1::CertificationService::Service {
 public:
  struct Attempt {
    std::string method;
    std::string request_id;
    std::string authorization;
  };

  void FailNext(int n, absl::Status status) {
    absl::MutexLock lock(&mu_);
    for (int i = 0; i < n; ++i) script_.push_back(status);
  }
  void SetCertificatePages(std::map<std::string, v1::ListCertificatesResponse> pages) {
    absl::MutexLock lock(&mu_);
    certificate_pages_ = std::move(pages);
  }
  void SetEvaluation(v1::Evaluation e) {
    absl::MutexLock lock(&mu_);
    evaluation_ = std::move(e);
  }
  std::vector<Attempt> attempts() const {
    absl::MutexLock lock(&mu_);
    return attempts_;
  }
  std::vector<v1::ListCertificatesRequest> certificate_requests() const {
    absl::MutexLock lock(&mu_);
    return certificate_requests_;
  }
  v1::CreateProgrammeRequest last_create() const {
    absl::MutexLock lock(&mu_);
    return last_create_;
  }
  v1::DecideApplicationRequest last_decide() const {
    absl::MutexLock lock(&mu_);
    return last_decide_;
  }
  v1::UpdateProgrammeRequest last_update() const {
    absl::MutexLock lock(&mu_);
    return last_update_;
  }
  v1::SubmitApplicationRequest last_submit() const {
    absl::MutexLock lock(&mu_);
    return last_submit_;
  }
  v1::ImportCertificateRequest last_import() const {
    absl::MutexLock lock(&mu_);
    return last_import_;
  }
  v1::ListTiersRequest last_tiers() const {
    absl::MutexLock lock(&mu_);
    return last_tiers_;
  }

  grpc::Status CreateProgramme(grpc::ServerContext* context,
                               const v1::CreateProgrammeRequest* request,
                               v1::Programme* response) override {
    if (auto s = Begin(context, "CreateProgramme", request->request_id()); !s.ok()) return s;
    absl::MutexLock lock(&mu_);
    last_create_ = *request;
    *response = request->programme();
    response->set_name("programs/" + request->programme_id());
    response->set_criteria_version(1);
    response->set_etag("e1");
    return grpc::Status::OK;
  }
  grpc::Status UpdateProgramme(grpc::ServerContext* context,
                               const v1::UpdateProgrammeRequest* request,
                               v1::Programme* response) override {
    if (auto s = Begin(context, "UpdateProgramme", request->request_id()); !s.ok()) return s;
    absl::MutexLock lock(&mu_);
    last_update_ = *request;
    *response = request->programme();
    response->set_criteria_version(2);
    return grpc::Status::OK;
  }
  grpc::Status SubmitApplication(grpc::ServerContext* context,
                                 const v1::SubmitApplicationRequest* request,
                                 v1::Application* response) override {
    if (auto s = Begin(context, "SubmitApplication", request->request_id()); !s.ok()) return s;
    absl::MutexLock lock(&mu_);
    last_submit_ = *request;
    *response = request->application();
    response->set_name("applications/" + request->application_id());
    response->set_state(v1::UNDER_REVIEW);
    *response->mutable_precheck() = evaluation_;
    return grpc::Status::OK;
  }
  grpc::Status ImportCertificate(grpc::ServerContext* context,
                                 const v1::ImportCertificateRequest* request,
                                 v1::Certificate* response) override {
    if (auto s = Begin(context, "ImportCertificate", request->request_id()); !s.ok()) return s;
    absl::MutexLock lock(&mu_);
    last_import_ = *request;
    *response = request->certificate();
    response->set_name("certificates/" + request->certificate_id());
    response->set_state(v1::VALID);
    return grpc::Status::OK;
  }
  grpc::Status GetProgramme(grpc::ServerContext* context, const v1::GetProgrammeRequest* request,
                            v1::Programme* response) override {
    if (auto s = Begin(context, "GetProgramme", ""); !s.ok()) return s;
    response->set_name(request->name());
    response->set_display_name("放心消费示范店（培育）");
    return grpc::Status::OK;
  }
  grpc::Status DecideApplication(grpc::ServerContext* context,
                                 const v1::DecideApplicationRequest* request,
                                 v1::Application* response) override {
    if (auto s = Begin(context, "DecideApplication", request->request_id()); !s.ok()) return s;
    absl::MutexLock lock(&mu_);
    last_decide_ = *request;
    response->set_name(request->name());
    response->set_state(request->approve() ? v1::PUBLIC_NOTICE : v1::REJECTED);
    return grpc::Status::OK;
  }
  grpc::Status ListCertificates(grpc::ServerContext* context,
                                const v1::ListCertificatesRequest* request,
                                v1::ListCertificatesResponse* response) override {
    if (auto s = Begin(context, "ListCertificates", ""); !s.ok()) return s;
    absl::MutexLock lock(&mu_);
    certificate_requests_.push_back(*request);
    auto it = certificate_pages_.find(request->page_token());
    if (it == certificate_pages_.end()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "unknown page token");
    }
    *response = it->second;
    return grpc::Status::OK;
  }
  grpc::Status EvaluateUnit(grpc::ServerContext* context, const v1::EvaluateUnitRequest*,
                            v1::Evaluation* response) override {
    if (auto s = Begin(context, "EvaluateUnit", ""); !s.ok()) return s;
    absl::MutexLock lock(&mu_);
    *response = evaluation_;
    return grpc::Status::OK;
  }
  grpc::Status ListTiers(grpc::ServerContext* context, const v1::ListTiersRequest* request,
                         v1::ListTiersResponse* response) override {
    if (auto s = Begin(context, "ListTiers", ""); !s.ok()) return s;
    absl::MutexLock lock(&mu_);
    last_tiers_ = *request;
    v1::Tier* tier = response->add_tiers();
    tier->set_level(v1::PROVINCIAL);
    v1::TierUnit* unit = tier->add_units();
    unit->set_unit("areas/yc-water-street");
    unit->set_unit_kind(v1::UNIT_AREA);
    unit->set_unit_display_name("盐城水街");
    unit->set_category(v1::DEMONSTRATION_STREET_DISTRICT);
    unit->set_state(v1::VALID);
    unit->set_certificate("certificates/js-2025-000001");
    return grpc::Status::OK;
  }

 private:
  grpc::Status Begin(grpc::ServerContext* context, const std::string& method,
                     const std::string& request_id) {
    absl::MutexLock lock(&mu_);
    std::string authorization;
    auto it = context->client_metadata().find("authorization");
    if (it != context->client_metadata().end()) {
      authorization.assign(it->second.data(), it->second.size());
    }
    attempts_.push_back({method, request_id, authorization});
    if (script_.empty()) return grpc::Status::OK;
    absl::Status next = script_.front();
    script_.pop_front();
    return ToGrpcStatus(next);
  }

  mutable absl::Mutex mu_;
  std::deque<absl::Status> script_ ABSL_GUARDED_BY(mu_);
  std::vector<Attempt> attempts_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, v1::ListCertificatesResponse> certificate_pages_ ABSL_GUARDED_BY(mu_);
  std::vector<v1::ListCertificatesRequest> certificate_requests_ ABSL_GUARDED_BY(mu_);
  v1::Evaluation evaluation_ ABSL_GUARDED_BY(mu_);
  v1::CreateProgrammeRequest last_create_ ABSL_GUARDED_BY(mu_);
  v1::DecideApplicationRequest last_decide_ ABSL_GUARDED_BY(mu_);
  v1::ListTiersRequest last_tiers_ ABSL_GUARDED_BY(mu_);
  v1::UpdateProgrammeRequest last_update_ ABSL_GUARDED_BY(mu_);
  v1::SubmitApplicationRequest last_submit_ ABSL_GUARDED_BY(mu_);
  v1::ImportCertificateRequest last_import_ ABSL_GUARDED_BY(mu_);
};

class CertificationClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port_, 0);
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
  }

  std::string endpoint() const { return absl::StrCat("127.0.0.1:", port_); }

  ClientOptions Options() const {
    ClientOptions options;
    options.endpoint = endpoint();
    options.token = "fx_k1_secret";
    options.timeout = absl::Seconds(5);
    options.initial_backoff = absl::Milliseconds(1);
    options.max_backoff = absl::Milliseconds(5);
    return options;
  }

  CertificationClient MakeClient() {
    auto connection = MakeCertificationConnection(Options());
    EXPECT_TRUE(connection.ok()) << connection.status();
    return CertificationClient(*connection);
  }

  FakeCertificationService service_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(CertificationClientTest, MutationRetriesUnavailableWithOneGeneratedRequestId) {
  service_.FailNext(2, absl::UnavailableError("committer restarting"));
  CertificationClient client = MakeClient();

  absl::StatusOr<v1::Application> app =
      client.DecideApplication("applications/a1", "e3", true, "评审通过");

  ASSERT_TRUE(app.ok()) << app.status();
  EXPECT_EQ(app->state(), v1::PUBLIC_NOTICE);
  const auto attempts = service_.attempts();
  ASSERT_THAT(attempts, SizeIs(3));
  EXPECT_EQ(attempts[0].request_id.size(), 32u) << "a generated 128-bit hex id";
  for (const auto& a : attempts) {
    EXPECT_EQ(a.method, "DecideApplication");
    EXPECT_EQ(a.request_id, attempts[0].request_id);
    EXPECT_EQ(a.authorization, "Bearer fx_k1_secret");
  }
  EXPECT_EQ(service_.last_decide().etag(), "e3");
  EXPECT_EQ(service_.last_decide().reason(), "评审通过");
}

TEST_F(CertificationClientTest, KeepsTheCallersRequestId) {
  CertificationClient client = MakeClient();
  v1::CreateProgrammeRequest request;
  request.set_programme_id("p1");
  request.mutable_programme()->set_display_name("示范街区");
  request.set_request_id("demo-1-programme-p1");

  ASSERT_TRUE(client.CreateProgramme(request).ok());
  EXPECT_THAT(service_.attempts(),
              ElementsAre(::testing::Field(&FakeCertificationService::Attempt::request_id,
                                           "demo-1-programme-p1")));
}

TEST_F(CertificationClientTest, ErrorsOtherThanUnavailableAreNotRetriedAndKeepTheirReason) {
  service_.FailNext(1, ErrorWithReason(absl::StatusCode::kFailedPrecondition,
                                       "APPLICATION_NOT_UNDER_REVIEW", "is PUBLIC_NOTICE"));
  CertificationClient client = MakeClient();

  absl::StatusOr<v1::Application> app =
      client.DecideApplication("applications/a1", "e3", false, "材料不实");

  ASSERT_EQ(app.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(app.status()), "APPLICATION_NOT_UNDER_REVIEW");
  EXPECT_THAT(service_.attempts(), SizeIs(1));
}

TEST_F(CertificationClientTest, ReadsAreRetriedWithoutARequestId) {
  service_.FailNext(1, absl::UnavailableError("try again"));
  CertificationClient client = MakeClient();

  absl::StatusOr<v1::Programme> p = client.GetProgramme("programs/p1");

  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name(), "programs/p1");
  const auto attempts = service_.attempts();
  ASSERT_THAT(attempts, SizeIs(2));
  EXPECT_EQ(attempts[1].request_id, "");
}

TEST_F(CertificationClientTest, ListCertificatesFollowsPageTokensWithTheSameFilters) {
  v1::ListCertificatesResponse first, second;
  first.add_certificates()->set_name("certificates/yc-2025-000001");
  first.add_certificates()->set_name("certificates/yc-2025-000002");
  first.set_next_page_token("t2");
  first.set_read_revision(41);
  second.add_certificates()->set_name("certificates/js-2025-000001");
  second.set_read_revision(41);
  service_.SetCertificatePages({{"", first}, {"t2", second}});
  CertificationClient client = MakeClient();
  v1::ListCertificatesRequest request;
  request.set_level(v1::PROVINCIAL);
  request.set_division("divisions/320902");

  std::vector<std::string> names;
  auto range = client.ListCertificates(request);
  for (const auto& c : range) {
    ASSERT_TRUE(c.ok()) << c.status();
    names.push_back(c->name());
  }

  EXPECT_THAT(names, ElementsAre("certificates/yc-2025-000001", "certificates/yc-2025-000002",
                                 "certificates/js-2025-000001"));
  EXPECT_EQ(range.read_revision(), 41);
  const auto requests = service_.certificate_requests();
  ASSERT_THAT(requests, SizeIs(2));
  EXPECT_EQ(requests[1].page_token(), "t2");
  for (const auto& r : requests) {
    EXPECT_EQ(r.level(), v1::PROVINCIAL);
    EXPECT_EQ(r.division(), "divisions/320902");
  }
}

TEST_F(CertificationClientTest, UnimplementedDefaultsNameTheMethod) {
  CertificationConnection bare;
  absl::StatusOr<v1::Evaluation> e = bare.EvaluateUnit({});
  EXPECT_EQ(e.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_THAT(std::string(e.status().message()), HasSubstr("EvaluateUnit"));
}

// ---------------------------------------------------------------------------------------------
// fangxinctl cert.

struct Result {
  int code;
  std::string out;
  std::string err;
};

class CertCliTest : public CertificationClientTest {
 protected:
  Result Run(std::vector<std::string> args) {
    args.insert(args.end(), {"--server", endpoint(), "--token=fx_t_s"});
    std::ostringstream out, err;
    int code = cli::RunCli(args, out, err);
    return {code, out.str(), err.str()};
  }

  std::string WriteFile(const std::string& name, const std::string& contents) {
    std::string path = dir_.path() + "/" + name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  fangxin::testing::TempDir dir_;
};

TEST_F(CertCliTest, ProgrammeCreateSendsTheProgrammeInTheFile) {
  const std::string file = WriteFile("programme.json", R"({
    "display_name": "放心消费示范街区（市级示范）",
    "category": "DEMONSTRATION_STREET_DISTRICT",
    "level": "CITY_DEMONSTRATION",
    "unit_kind": "UNIT_AREA",
    "pass_mark": 60,
    "criteria": [{"id": "pledge_coverage", "title": "承诺覆盖率", "kind": "AUTOMATIC",
                  "metric": "PLEDGE_COVERAGE", "comparison": "AT_LEAST", "threshold": 0.8,
                  "points": 60}]
  })");

  Result r = Run({"cert", "programme", "create", "--file", file, "--id=street-district"});

  ASSERT_EQ(r.code, cli::kExitOk) << r.err;
  const v1::CreateProgrammeRequest sent = service_.last_create();
  EXPECT_EQ(sent.programme_id(), "street-district");
  EXPECT_EQ(sent.programme().category(), v1::DEMONSTRATION_STREET_DISTRICT);
  ASSERT_EQ(sent.programme().criteria_size(), 1);
  EXPECT_EQ(sent.programme().criteria(0).metric(), v1::PLEDGE_COVERAGE);
  EXPECT_DOUBLE_EQ(sent.programme().criteria(0).threshold(), 0.8);
  EXPECT_EQ(sent.request_id().size(), 32u);
  EXPECT_THAT(r.out, HasSubstr("programs/street-district"));
  EXPECT_THAT(r.out, HasSubstr(">= 80.0%"));
}

TEST_F(CertCliTest, ProgrammeCreateRefusesAFileThatIsNotAProgramme) {
  const std::string file = WriteFile("bad.json", R"({"display_name": "x", "colour": "red"})");

  Result r = Run({"cert", "programme", "create", "--file=" + file});

  EXPECT_EQ(r.code, cli::kExitError);
  EXPECT_THAT(r.err, HasSubstr("bad.json"));
  EXPECT_THAT(r.err, HasSubstr("fangxin.v1.Programme"));
  EXPECT_THAT(service_.attempts(), SizeIs(0));
}

TEST_F(CertCliTest, DecideNeedsExactlyOneOfApproveAndReject) {
  Result both = Run({"cert", "decide", "a1", "--approve", "--reject", "--reason=x", "--etag=e"});
  Result neither = Run({"cert", "decide", "a1", "--reason=x", "--etag=e"});

  EXPECT_EQ(both.code, cli::kExitUsage);
  EXPECT_THAT(both.err, HasSubstr("exactly one of --approve, --reject"));
  EXPECT_EQ(neither.code, cli::kExitUsage);
  EXPECT_THAT(service_.attempts(), SizeIs(0));
}

TEST_F(CertCliTest, DecideExpandsTheApplicationName) {
  Result r = Run({"cert", "decide", "demo-7", "--reject", "--reason=材料不实", "--etag=e9"});

  ASSERT_EQ(r.code, cli::kExitOk) << r.err;
  EXPECT_EQ(service_.last_decide().name(), "applications/demo-7");
  EXPECT_FALSE(service_.last_decide().approve());
  EXPECT_THAT(r.out, HasSubstr("rejected"));
}

TEST_F(CertCliTest, EvaluatePrintsEachCriterionsValueThresholdAndVerdict) {
  v1::Evaluation e;
  v1::CriterionResult* rate = e.add_results();
  rate->set_criterion_id("on_time_handling");
  rate->set_kind(v1::AUTOMATIC);
  rate->set_metric(v1::ON_TIME_COMPLAINT_RATE);
  rate->set_comparison(v1::AT_LEAST);
  rate->set_threshold(0.9);
  rate->set_value(0.923);
  rate->set_met(true);
  rate->set_points_awarded(10);
  rate->set_points_possible(10);
  rate->set_explanation("on-time complaint rate 92.3% >= 90.0%: met");
  rate->set_basis("12 of 13 complaints");
  v1::CriterionResult* upheld = e.add_results();
  upheld->set_criterion_id("upheld_complaints");
  upheld->set_kind(v1::AUTOMATIC);
  upheld->set_metric(v1::UPHELD_COMPLAINTS_12M);
  upheld->set_comparison(v1::AT_MOST);
  upheld->set_threshold(1);
  upheld->set_value(3);
  upheld->set_veto(true);
  upheld->set_points_possible(20);
  v1::CriterionResult* manual = e.add_results();
  manual->set_criterion_id("pledge_displayed");
  manual->set_kind(v1::MANUAL);
  manual->set_threshold(10);
  manual->set_pending(true);
  manual->set_points_possible(15);
  e.set_verdict(v1::FAIL);
  e.add_failed_vetoes("upheld_complaints");
  e.set_total_points(10);
  e.set_pass_mark(60);
  service_.SetEvaluation(e);

  Result r = Run({"cert", "evaluate", "--programme=store-cultivating",
                  "--unit=merchants/91320902MA1EXAMPLE/stores/s1"});

  ASSERT_EQ(r.code, cli::kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("92.3%"));
  EXPECT_THAT(r.out, HasSubstr(">= 90.0%"));
  EXPECT_THAT(r.out, HasSubstr("<= 1"));
  EXPECT_THAT(r.out, HasSubstr("not met (veto)"));
  EXPECT_THAT(r.out, HasSubstr("pending"));
  EXPECT_THAT(r.out, HasSubstr("[12 of 13 complaints]"));
  EXPECT_THAT(r.out, HasSubstr("failed_vetoes:"));
  EXPECT_THAT(r.out, HasSubstr("upheld_complaints"));

  Result json = Run({"cert", "evaluate", "--programme=p", "--unit=areas/a", "--output=json"});
  ASSERT_EQ(json.code, cli::kExitOk) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"verdict\": \"FAIL\""));
}

TEST_F(CertCliTest, TiersTakesACodeAndACategory) {
  Result r =
      Run({"cert", "tiers", "--division=320902", "--category=demonstration_street_district"});

  ASSERT_EQ(r.code, cli::kExitOk) << r.err;
  EXPECT_EQ(service_.last_tiers().division(), "divisions/320902");
  EXPECT_EQ(service_.last_tiers().category(), v1::DEMONSTRATION_STREET_DISTRICT);
  EXPECT_THAT(r.out, HasSubstr("盐城水街"));
  EXPECT_THAT(r.out, HasSubstr("provincial 1"));
}

TEST_F(CertCliTest, CertificateListRunsThroughEveryPage) {
  v1::ListCertificatesResponse first, second;
  first.add_certificates()->set_number("YC-2025-000001");
  first.set_next_page_token("t2");
  second.add_certificates()->set_number("JS-2025-000001");
  service_.SetCertificatePages({{"", first}, {"t2", second}});

  Result r = Run({"cert", "certificate", "list", "--state=valid", "--page_size=1"});

  ASSERT_EQ(r.code, cli::kExitOk) << r.err;
  EXPECT_THAT(r.out, HasSubstr("YC-2025-000001"));
  EXPECT_THAT(r.out, HasSubstr("JS-2025-000001"));
  const auto requests = service_.certificate_requests();
  ASSERT_THAT(requests, SizeIs(2));
  EXPECT_EQ(requests[0].state(), v1::VALID);
  EXPECT_EQ(requests[0].page_size(), 1);
}

TEST_F(CertCliTest, AnUnknownSubVerbIsAUsageErrorListingTheVerbs) {
  Result r = Run({"cert", "programme", "delete", "programs/p1"});

  EXPECT_EQ(r.code, cli::kExitUsage);
  EXPECT_THAT(r.err, HasSubstr("programme create"));
  EXPECT_THAT(service_.attempts(), SizeIs(0));
}

TEST_F(CertCliTest, ProgrammeUpdateSendsTheMaskTheNameAndTheEtag) {
  const std::string file = WriteFile("update.json", R"({"pass_mark": 75, "bonus_cap": 5})");

  Result r = Run({"cert", "programme", "update", "street-district", "--file", file,
                  "--mask=pass_mark, bonus_cap", "--etag=e4"});

  ASSERT_EQ(r.code, cli::kExitOk) << r.err;
  const v1::UpdateProgrammeRequest sent = service_.last_update();
  EXPECT_EQ(sent.programme().name(), "programs/street-district");
  EXPECT_EQ(sent.programme().pass_mark(), 75);
  EXPECT_THAT(sent.update_mask().paths(), ElementsAre("pass_mark", "bonus_cap"));
  EXPECT_EQ(sent.etag(), "e4");
}

TEST_F(CertCliTest, ApplyPrintsThePrecheck) {
  v1::Evaluation precheck;
  v1::CriterionResult* days = precheck.add_results();
  days->set_criterion_id("pledge_duration");
  days->set_kind(v1::AUTOMATIC);
  days->set_metric(v1::PLEDGE_ACTIVE_DAYS);
  days->set_comparison(v1::AT_LEAST);
  days->set_threshold(30);
  days->set_value(12);
  days->set_points_possible(10);
  precheck.set_verdict(v1::PENDING);
  service_.SetEvaluation(precheck);

  Result r = Run({"cert", "apply", "--programme=store-cultivating",
                  "--unit=merchants/91320902MA1EXAMPLE/stores/s1", "--id=s1-2026",
                  "--statement=申请培育"});

  ASSERT_EQ(r.code, cli::kExitOk) << r.err;
  const v1::SubmitApplicationRequest sent = service_.last_submit();
  EXPECT_EQ(sent.application().programme(), "programs/store-cultivating");
  EXPECT_EQ(sent.application().unit(), "merchants/91320902MA1EXAMPLE/stores/s1");
  EXPECT_EQ(sent.application().statement(), "申请培育");
  EXPECT_EQ(sent.application_id(), "s1-2026");
  EXPECT_THAT(r.out, HasSubstr("pre-check:"));
  EXPECT_THAT(r.out, HasSubstr("pledge_duration"));
  EXPECT_THAT(r.out, HasSubstr(">= 30"));
  EXPECT_THAT(r.out, HasSubstr("not met"));
}

TEST_F(CertCliTest, CertificateImportReadsTimesInRfc3339) {
  const std::string file = WriteFile("certificate.json", R"({
    "programme": "programs/integrity-brand-provincial",
    "unit": "merchants/91320902MA1EXAMPLE",
    "number": "JS-2025-000045",
    "issuer": "江苏省市场监督管理局",
    "issue_time": "2025-03-15T00:00:00+08:00",
    "valid_until": "2028-03-14T00:00:00+08:00"
  })");

  Result r = Run({"cert", "certificate", "import", "--file", file, "--id=js-2025-000045"});

  ASSERT_EQ(r.code, cli::kExitOk) << r.err;
  const v1::ImportCertificateRequest sent = service_.last_import();
  EXPECT_EQ(sent.certificate_id(), "js-2025-000045");
  EXPECT_EQ(sent.certificate().number(), "JS-2025-000045");
  EXPECT_EQ(sent.certificate().issue_time().seconds(), 1741968000);  // 2025-03-14T16:00:00Z
  EXPECT_THAT(r.out, HasSubstr("certificates/js-2025-000045"));
}

TEST_F(CertCliTest, ASubResourceAloneListsTheVerbs) {
  Result help = Run({"cert", "certificate", "--help"});
  Result bare = Run({"cert", "certificate"});

  EXPECT_EQ(help.code, cli::kExitOk);
  EXPECT_THAT(help.out, HasSubstr("certificate revoke"));
  EXPECT_EQ(bare.code, cli::kExitUsage);
  EXPECT_THAT(bare.err, HasSubstr("certificate import"));
  EXPECT_THAT(service_.attempts(), SizeIs(0));
}

}  // namespace
}  // namespace fangxin::sdk
