// CertificationService end to end against a real server on 127.0.0.1, through the generated
// gRPC stub, with a fake clock so that notices, yearly re-evaluations and rectification
// deadlines can be crossed. The certification sweeper is run by the test (RunOnce); the
// certificate monitor is the server's own, so revocation "at once" is awaited (bounded).

#include <algorithm>
#include <fstream>
#include <sstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "clients/cli/cli.h"
#include "clients/sdk/compliance_client.h"
#include "clients/sdk/pledge_client.h"
#include "common/clock.h"
#include "common/errors.h"
#include "common/grpc_status.h"
#include "fangxin/v1/certification_service.grpc.pb.h"
#include "fangxin/v1/event_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "services/certification/certification_sweeper.h"
#include "services/certification/certificate_monitor.h"
#include "services/compliance/working_calendar.h"
#include "services/schema/fangxin_schema.h"
#include "storage/registry.h"
#include "tests/integration/pledge_setup.h"
#include "tests/integration/server_fixture.h"
#include "tests/testing/temp_dir.h"

namespace fangxin::testing {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using Stub = v1::CertificationService::Stub;

constexpr char kTownship[] = "divisions/320902001";       // 五星街道, in 亭湖区
constexpr char kOtherTownship[] = "divisions/320902002";  // 文峰街道, in 亭湖区
constexpr char kCounty[] = "divisions/320902";

// 2026-03-02 09:00 China Standard Time, a Monday: applications are made from here.
const absl::Time kStart = absl::FromUnixSeconds(1772413200);
// The unit's records are made a month earlier, so that the 7-working-day decision limits of
// their complaints have run out when the walk begins.
const absl::Time kSetup = kStart - absl::Hours(24 * 30);
const absl::Duration kDay = absl::Hours(24);
const absl::Duration kYear = absl::Hours(24 * 365);

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

absl::Time FromTs(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

// CertificationService through its generated stub with one bearer token.
class CertCaller {
 public:
  CertCaller(std::shared_ptr<grpc::Channel> channel, std::string token)
      : stub_(v1::CertificationService::NewStub(std::move(channel))), token_(std::move(token)) {}

  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                             Response*),
                                const Request& request) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token_));
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    Response response;
    grpc::Status status = (stub_.get()->*method)(&context, request, &response);
    if (!status.ok()) return FromGrpcStatus(status);
    return response;
  }

  absl::StatusOr<v1::Programme> CreateProgramme(const v1::Programme& programme,
                                                const std::string& id) {
    v1::CreateProgrammeRequest request;
    *request.mutable_programme() = programme;
    request.set_programme_id(id);
    return Call(&Stub::CreateProgramme, request);
  }
  absl::StatusOr<v1::Application> Submit(const std::string& programme, const std::string& unit) {
    v1::SubmitApplicationRequest request;
    request.mutable_application()->set_programme(programme);
    request.mutable_application()->set_unit(unit);
    request.mutable_application()->set_statement("我们申请认定。");
    return Call(&Stub::SubmitApplication, request);
  }
  absl::StatusOr<v1::Application> GetApplication(const std::string& name) {
    v1::GetApplicationRequest request;
    request.set_name(name);
    return Call(&Stub::GetApplication, request);
  }
  absl::StatusOr<v1::Application> Score(const v1::Application& app,
                                        const std::map<std::string, int>& scores) {
    v1::ScoreApplicationRequest request;
    request.set_name(app.name());
    request.set_etag(app.etag());
    for (const auto& [id, score] : scores) {
      v1::ManualScore* s = request.add_scores();
      s->set_criterion_id(id);
      s->set_score(score);
      s->set_evidence(absl::StrCat("现场检查记录: ", id));
      s->add_evidence_links("https://example.gov.cn/evidence/1");
    }
    return Call(&Stub::ScoreApplication, request);
  }
  absl::StatusOr<v1::Application> Decide(const v1::Application& app, bool approve) {
    v1::DecideApplicationRequest request;
    request.set_name(app.name());
    request.set_etag(app.etag());
    request.set_approve(approve);
    request.set_reason(approve ? "评审通过" : "不予认定");
    return Call(&Stub::DecideApplication, request);
  }
  absl::StatusOr<v1::Application> Object(const std::string& name, const std::string& text) {
    v1::LodgeObjectionRequest request;
    request.set_name(name);
    request.set_text(text);
    return Call(&Stub::LodgeObjection, request);
  }
  absl::StatusOr<v1::Application> Resolve(const v1::Application& app, int objection_id,
                                          bool uphold) {
    v1::ResolveObjectionRequest request;
    request.set_name(app.name());
    request.set_etag(app.etag());
    request.set_objection_id(objection_id);
    request.set_uphold(uphold);
    request.set_resolution(uphold ? "经核实属实" : "经核实不属实");
    return Call(&Stub::ResolveObjection, request);
  }
  absl::StatusOr<v1::Certificate> GetCertificate(const std::string& name) {
    v1::GetCertificateRequest request;
    request.set_name(name);
    return Call(&Stub::GetCertificate, request);
  }
  absl::StatusOr<v1::Certificate> Import(const v1::Certificate& certificate) {
    v1::ImportCertificateRequest request;
    *request.mutable_certificate() = certificate;
    return Call(&Stub::ImportCertificate, request);
  }
  absl::StatusOr<v1::Certificate> Revoke(const v1::Certificate& certificate,
                                         const std::string& reason) {
    v1::RevokeCertificateRequest request;
    request.set_name(certificate.name());
    request.set_etag(certificate.etag());
    request.set_reason(reason);
    return Call(&Stub::RevokeCertificate, request);
  }
  absl::StatusOr<v1::ListTiersResponse> Tiers(const std::string& division) {
    v1::ListTiersRequest request;
    request.set_division(division);
    return Call(&Stub::ListTiers, request);
  }
  absl::StatusOr<v1::Evaluation> Evaluate(const std::string& programme, const std::string& unit) {
    v1::EvaluateUnitRequest request;
    request.set_programme(programme);
    request.set_unit(unit);
    return Call(&Stub::EvaluateUnit, request);
  }
  absl::StatusOr<v1::ListProgrammesResponse> Programmes() {
    return Call(&Stub::ListProgrammes, v1::ListProgrammesRequest());
  }

 private:
  std::unique_ptr<Stub> stub_;
  std::string token_;
};

v1::Criterion Automatic(const std::string& id, v1::Metric metric, v1::Comparison comparison,
                        double threshold, int points, bool veto = false, bool bonus = false) {
  v1::Criterion c;
  c.set_id(id);
  c.set_title(absl::StrCat("指标 ", id));
  c.set_kind(v1::AUTOMATIC);
  c.set_metric(metric);
  c.set_comparison(comparison);
  c.set_threshold(threshold);
  c.set_points(points);
  c.set_veto(veto);
  c.set_bonus(bonus);
  return c;
}

v1::Criterion Manual(const std::string& id, int points, double threshold, bool bonus = false) {
  v1::Criterion c;
  c.set_id(id);
  c.set_title(absl::StrCat("评审 ", id));
  c.set_kind(v1::MANUAL);
  c.set_threshold(threshold);
  c.set_points(points);
  c.set_bonus(bonus);
  c.set_description("评审员现场核查");
  return c;
}

// The street district programme of the walk: 40 + 10 + 10 + 10 + 30 base points, 10 + 10
// bonus capped at 15, pass mark 80.
v1::Programme StreetDistrictProgramme() {
  v1::Programme p;
  p.set_display_name("盐城市放心消费示范街区");
  p.set_category(v1::DEMONSTRATION_STREET_DISTRICT);
  p.set_level(v1::CITY_DEMONSTRATION);
  p.set_unit_kind(v1::UNIT_DIVISION);
  *p.add_criteria() = Automatic("coverage", v1::PLEDGE_COVERAGE, v1::AT_LEAST, 0.8, 40);
  *p.add_criteria() =
      Automatic("upheld_complaints", v1::UPHELD_COMPLAINTS_12M, v1::AT_MOST, 2, 10, true);
  *p.add_criteria() = Automatic("on_time", v1::ON_TIME_COMPLAINT_RATE, v1::AT_LEAST, 0.9, 10);
  *p.add_criteria() = Automatic("inspections", v1::INSPECTION_PASS_RATE, v1::AT_LEAST, 0.5, 10);
  *p.add_criteria() = Automatic("members_certified", v1::CERTIFIED_MEMBER_SHARE, v1::AT_LEAST, 0.1,
                                10, false, true);
  *p.add_criteria() = Manual("governance", 30, 15);
  *p.add_criteria() = Manual("publicity", 10, 0, true);
  p.set_bonus_cap(15);
  p.set_pass_mark(80);
  return p;
}

// A store programme: a pledge in force and no violation are vetoes.
v1::Programme StoreProgramme(v1::CertificationLevel level, bool requires_lower_level) {
  v1::Programme p;
  p.set_display_name(absl::StrCat("放心消费示范店 ", v1::CertificationLevel_Name(level)));
  p.set_category(v1::DEMONSTRATION_ENTERPRISE);
  p.set_level(level);
  p.set_unit_kind(v1::UNIT_STORE);
  p.set_requires_lower_level(requires_lower_level);
  *p.add_criteria() = Automatic("pledged", v1::PLEDGE_COVERAGE, v1::AT_LEAST, 1, 10, true);
  *p.add_criteria() = Automatic("no_violations", v1::VIOLATIONS_12M, v1::AT_MOST, 0, 10, true);
  *p.add_criteria() = Manual("service", 20, 10);
  p.set_pass_mark(30);
  return p;
}

const v1::CriterionResult* ResultOf(const v1::Evaluation& evaluation, const std::string& id) {
  for (const v1::CriterionResult& r : evaluation.results()) {
    if (r.criterion_id() == id) return &r;
  }
  return nullptr;
}

class CertificationTest : public ServerTest {
 protected:
  void ConfigureServer(Server::Options* options) override {
    options->calendar_csv = SourcePath("deploy/data/calendar-cn-2025-2026.csv");
    options->clock = &clock_;
  }

  void SetUp() override {
    auto calendar = WorkingCalendar::LoadFile(SourcePath("deploy/data/calendar-cn-2025-2026.csv"));
    ASSERT_TRUE(calendar.ok()) << calendar.status();
    calendar_ = std::make_unique<WorkingCalendar>(*std::move(calendar));
    ServerTest::SetUp();
    sweeper_ =
        std::make_unique<CertificationSweeper>(server_->registry(), calendar_.get(), &clock_);
    admin_cert_ = Caller(admin_token_);
    regulator_ = Caller(Token(v1::ROLE_REGULATOR));
    public_ = Caller(Token(v1::ROLE_PUBLIC));
    pledges_ = std::make_unique<sdk::PledgeClient>(Pledges(admin_token_));
    city_ = std::make_unique<sdk::ComplianceClient>(Compliance(Token(v1::ROLE_CITY_SYSTEM)));
    inspector_ = std::make_unique<sdk::ComplianceClient>(Compliance(Token(v1::ROLE_REGULATOR)));
    auto merchant = admin_->CreateMerchant(NewMerchant(1));
    ASSERT_TRUE(merchant.ok()) << merchant.status();
    merchant_ = *merchant;
  }
  void TearDown() override {
    sweeper_.reset();
    admin_cert_.reset();
    regulator_.reset();
    public_.reset();
    pledges_.reset();
    city_.reset();
    inspector_.reset();
    StopServer();
  }

  sdk::ClientOptions Options(const std::string& token) {
    sdk::ClientOptions options;
    options.endpoint = absl::StrCat("127.0.0.1:", server_->port());
    options.token = token;
    return options;
  }
  std::string Token(v1::Role role) {
    v1::ApiKey key;
    key.set_display_name("certification test key");
    key.set_role(role);
    auto created = admin_->CreateKey(key);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->token() : "";
  }
  std::unique_ptr<CertCaller> Caller(const std::string& token) {
    return std::make_unique<CertCaller>(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                            grpc::InsecureChannelCredentials()),
        token);
  }
  sdk::PledgeClient Pledges(const std::string& token) {
    auto connection = sdk::MakePledgeConnection(Options(token));
    EXPECT_TRUE(connection.ok()) << connection.status();
    return sdk::PledgeClient(*connection);
  }
  sdk::ComplianceClient Compliance(const std::string& token) {
    auto connection = sdk::MakeComplianceConnection(Options(token));
    EXPECT_TRUE(connection.ok()) << connection.status();
    return sdk::ComplianceClient(*connection);
  }

  v1::Store OpenStore(const std::string& id, const std::string& township = kTownship,
                      const std::string& area = "", const std::string& merchant = "") {
    v1::Store store = NewStore(absl::StrCat("放心店 ", id));
    store.set_township(township);
    store.set_area(area);
    auto created = admin_->CreateStore(merchant.empty() ? merchant_.name() : merchant, store, id);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : v1::Store();
  }

  // An ACTIVE no-reason-return pledge at `store`, in force from now for two years.
  v1::Pledge ActivePledge(const v1::Store& store) {
    return FileAndActivate(
        *pledges_, NoReasonReturnPledge(store.name(), clock_.Now(), clock_.Now() + 2 * kYear));
  }

  // A complaint about `store` received at `received` and decided now: accepted then resolved
  // with `outcome`, or rejected when `outcome` is unspecified.
  v1::Complaint DecidedComplaint(const v1::Store& store, const std::string& external_id,
                                 absl::Time received, bool pledge_related,
                                 v1::ComplaintOutcome outcome) {
    v1::IngestComplaintRequest request;
    request.mutable_complaint()->set_source(v1::COMPLAINT_SOURCE_12315);
    request.mutable_complaint()->set_external_id(external_id);
    request.mutable_complaint()->set_store(store.name());
    request.mutable_complaint()->set_category(v1::COMPLAINT_CATEGORY_RETURN_REFUSED);
    request.mutable_complaint()->set_pledge_related(pledge_related);
    *request.mutable_complaint()->mutable_receive_time() = Ts(received);
    auto complaint = city_->IngestComplaint(request);
    EXPECT_TRUE(complaint.ok()) << complaint.status();
    if (!complaint.ok()) return {};
    auto update = [this](const v1::Complaint& c, v1::ComplaintState state,
                         v1::ComplaintOutcome outcome) {
      v1::UpdateComplaintRequest u;
      u.set_name(c.name());
      u.set_etag(c.etag());
      u.set_state(state);
      u.set_outcome(outcome);
      auto updated = city_->UpdateComplaint(u);
      EXPECT_TRUE(updated.ok()) << updated.status();
      return updated.ok() ? *updated : c;
    };
    if (outcome == v1::COMPLAINT_OUTCOME_UNSPECIFIED) {
      return update(*complaint, v1::COMPLAINT_STATE_REJECTED, {});
    }
    const v1::Complaint accepted = update(*complaint, v1::COMPLAINT_STATE_ACCEPTED, {});
    return update(accepted, v1::COMPLAINT_STATE_RESOLVED, outcome);
  }

  v1::Inspection Inspect(const v1::Pledge& pledge, bool passed) {
    v1::Inspection inspection;
    inspection.set_pledge(pledge.name());
    inspection.set_inspector("执法证 3209-0001");
    inspection.set_findings(passed ? "退货须知张贴齐全" : "未张贴退货须知");
    inspection.set_passed(passed);
    // Far ahead, so that the compliance sweeper never turns it into a violation in the test.
    if (!passed) *inspection.mutable_rectification_deadline() = Ts(clock_.Now() + 5 * kYear);
    auto recorded = inspector_->RecordInspection(inspection);
    EXPECT_TRUE(recorded.ok()) << recorded.status();
    return recorded.ok() ? *recorded : v1::Inspection();
  }

  v1::Programme Programme(const v1::Programme& programme, const std::string& id) {
    auto created = admin_cert_->CreateProgramme(programme, id);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : v1::Programme();
  }

  // A certificate of `programme` for `unit` granted a year ago by the provincial bureau.
  v1::Certificate ImportCertificate(const v1::Programme& programme, const std::string& unit,
                                    const std::string& number) {
    v1::Certificate certificate;
    certificate.set_programme(programme.name());
    certificate.set_unit(unit);
    certificate.set_number(number);
    certificate.set_issuer("江苏省市场监督管理局");
    *certificate.mutable_issue_time() = Ts(clock_.Now() - kYear / 2);
    *certificate.mutable_valid_until() = Ts(clock_.Now() + 2 * kYear);
    auto imported = admin_cert_->Import(certificate);
    EXPECT_TRUE(imported.ok()) << imported.status();
    return imported.ok() ? *imported : v1::Certificate();
  }

  // Takes `unit` through submission, scoring (`scores`), approval, the notice and the sweeper
  // to its certificate.
  v1::Certificate Certify(const v1::Programme& programme, const std::string& unit,
                          const std::map<std::string, int>& scores) {
    auto submitted = admin_cert_->Submit(programme.name(), unit);
    EXPECT_TRUE(submitted.ok()) << submitted.status();
    if (!submitted.ok()) return {};
    EXPECT_EQ(submitted->state(), v1::UNDER_REVIEW) << submitted->precheck().summary();
    auto scored = regulator_->Score(*submitted, scores);
    EXPECT_TRUE(scored.ok()) << scored.status();
    if (!scored.ok()) return {};
    auto approved = regulator_->Decide(*scored, true);
    EXPECT_TRUE(approved.ok()) << approved.status();
    if (!approved.ok()) return {};
    clock_.Set(FromTs(approved->notice_end_time()) + absl::Hours(1));
    auto swept = sweeper_->RunOnce();
    EXPECT_TRUE(swept.ok()) << swept.status();
    auto certified = admin_cert_->GetApplication(approved->name());
    EXPECT_TRUE(certified.ok()) << certified.status();
    if (!certified.ok()) return {};
    EXPECT_EQ(certified->state(), v1::CERTIFIED);
    auto certificate = admin_cert_->GetCertificate(certified->certificate());
    EXPECT_TRUE(certificate.ok()) << certificate.status();
    return certificate.ok() ? *certificate : v1::Certificate();
  }

  // Reads the certificate until `done` holds, for up to 10 seconds (the monitor works on its
  // own thread).
  v1::Certificate AwaitCertificate(const std::string& name,
                                   const std::function<bool(const v1::Certificate&)>& done) {
    v1::Certificate last;
    for (int i = 0; i < 200; ++i) {
      auto read = admin_cert_->GetCertificate(name);
      if (read.ok()) {
        last = *read;
        if (done(last)) return last;
      }
      absl::SleepFor(absl::Milliseconds(50));
    }
    return last;
  }

  // Audit entries since `from_revision` whose method contains `method` and that changed
  // `resource`.
  std::vector<v1::AuditEntry> AuditOf(int64_t from_revision, const std::string& method,
                                      const std::string& resource) {
    auto entries =
        server_->registry()->ReadAudit(from_revision, server_->registry()->CurrentRevision());
    EXPECT_TRUE(entries.ok()) << entries.status();
    std::vector<v1::AuditEntry> out;
    if (!entries.ok()) return out;
    for (const auto& e : *entries) {
      if (absl::StrContains(e.method(), method) &&
          std::find(e.resources().begin(), e.resources().end(), resource) != e.resources().end()) {
        out.push_back(e);
      }
    }
    return out;
  }

  // Stops the server, runs `offline` on its registry (opened here, as an operator's tool
  // would), and starts the server again over the same data.
  void RestartWith(const std::function<void(storage::Registry&)>& offline) {
    admin_cert_.reset();
    StopServer();
    storage::RegistryOptions options;
    options.path = dir_.path() + "/data/registry";
    options.clock = &clock_;
    {
      auto registry = storage::Registry::Open(options, &FangxinSchema());
      ASSERT_TRUE(registry.ok()) << registry.status();
      offline(**registry);
    }
    StartServer();
    admin_cert_ = Caller(admin_token_);
  }

  FakeClock clock_{kSetup};
  std::unique_ptr<WorkingCalendar> calendar_;
  std::unique_ptr<CertificationSweeper> sweeper_;
  std::unique_ptr<CertCaller> admin_cert_;
  std::unique_ptr<CertCaller> regulator_;
  std::unique_ptr<CertCaller> public_;
  std::unique_ptr<sdk::PledgeClient> pledges_;
  std::unique_ptr<sdk::ComplianceClient> city_;
  std::unique_ptr<sdk::ComplianceClient> inspector_;
  v1::Merchant merchant_;
};

// The issue's "done when": a street district from application to certificate, then through a
// failed re-evaluation and the rectification deadline to revocation.
TEST_F(CertificationTest, StreetDistrictWalksFromApplicationToRevocation) {
  // ---- The district's records, a month before it applies. -----------------------------------
  std::vector<v1::Store> stores;  // Open stores of the township.
  for (const char* id : {"s1", "s2", "s3", "s4", "s5"}) stores.push_back(OpenStore(id));
  const v1::Store closed = OpenStore("s6");
  auto closing = admin_->CloseStore(closed.name(), closed.etag(), "停业");
  ASSERT_TRUE(closing.ok()) << closing.status();
  const v1::Store elsewhere = OpenStore("s7", kOtherTownship);

  std::map<std::string, v1::Pledge> pledge_of;  // By store.
  for (int i = 0; i < 4; ++i) pledge_of[stores[i].name()] = ActivePledge(stores[i]);
  const v1::Pledge elsewhere_pledge = ActivePledge(elsewhere);

  std::vector<v1::Complaint> complaints;
  const absl::Time received = kSetup - absl::Hours(1);
  complaints.push_back(
      DecidedComplaint(stores[0], "c-upheld", received, true, v1::COMPLAINT_OUTCOME_UPHELD));
  complaints.push_back(DecidedComplaint(stores[1], "c-not-upheld", received, true,
                                        v1::COMPLAINT_OUTCOME_NOT_UPHELD));
  complaints.push_back(DecidedComplaint(stores[2], "c-rejected", received, false, {}));
  complaints.push_back(
      DecidedComplaint(stores[4], "c-mediated", received, false, v1::COMPLAINT_OUTCOME_MEDIATED));
  // Decided three weeks after receipt: past its limit.
  complaints.push_back(DecidedComplaint(stores[3], "c-late", kSetup - 21 * kDay, false, {}));
  // About a store of the other township: not the district's.
  complaints.push_back(
      DecidedComplaint(elsewhere, "c-elsewhere", received, true, v1::COMPLAINT_OUTCOME_UPHELD));

  std::vector<v1::Inspection> inspections;
  inspections.push_back(Inspect(pledge_of[stores[0].name()], true));
  inspections.push_back(Inspect(pledge_of[stores[1].name()], false));
  const v1::Inspection elsewhere_inspection = Inspect(elsewhere_pledge, false);

  // One member is certified already (by the province).
  const v1::Programme store_programme = Programme(StoreProgramme(v1::CULTIVATING, false), "store");
  ImportCertificate(store_programme, stores[2].name(), "JS-2025-0042");

  // ---- The values the criteria must show, computed here from the records above. ------------
  clock_.Set(kStart);
  const absl::Time window_start = kStart - kYear;
  std::set<std::string> members;
  for (const v1::Store& s : stores) members.insert(s.name());
  const double coverage = static_cast<double>(pledge_of.size()) / stores.size();
  int upheld = 0, due = 0, on_time = 0;
  for (const v1::Complaint& c : complaints) {
    if (members.count(c.store()) == 0) continue;
    const absl::Time receive = FromTs(c.receive_time());
    if (receive > window_start && c.pledge_related() &&
        c.outcome() == v1::COMPLAINT_OUTCOME_UPHELD) {
      ++upheld;
    }
    const absl::Time deadline = calendar_->Deadline(receive, 7);
    if (deadline > window_start && deadline <= kStart) {
      ++due;
      if (FromTs(c.decide_time()) <= deadline) ++on_time;
    }
  }
  int passed = 0;
  for (const v1::Inspection& i : inspections) passed += i.passed() ? 1 : 0;
  const double on_time_rate = static_cast<double>(on_time) / due;
  const double pass_rate = static_cast<double>(passed) / inspections.size();
  const double member_share = 1.0 / stores.size();
  ASSERT_EQ(upheld, 1);
  ASSERT_EQ(due, 5);
  ASSERT_EQ(on_time, 4);

  // ---- Submit: the pre-check explains every automatic criterion. ----------------------------
  const v1::Programme programme = Programme(StreetDistrictProgramme(), "street-district");
  ASSERT_EQ(programme.criteria_version(), 1);
  auto submitted = admin_cert_->Submit(programme.name(), kTownship);
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  EXPECT_EQ(submitted->state(), v1::UNDER_REVIEW);
  EXPECT_EQ(submitted->unit_kind(), v1::UNIT_DIVISION);
  const v1::Evaluation& precheck = submitted->precheck();
  EXPECT_EQ(precheck.verdict(), v1::PENDING) << precheck.summary();
  struct Expected {
    const char* id;
    double value;
    bool met;
  };
  for (const Expected& e :
       {Expected{"coverage", coverage, true},
        Expected{"upheld_complaints", static_cast<double>(upheld), true},
        Expected{"on_time", on_time_rate, false}, Expected{"inspections", pass_rate, true},
        Expected{"members_certified", member_share, true}}) {
    const v1::CriterionResult* r = ResultOf(precheck, e.id);
    ASSERT_NE(r, nullptr) << e.id;
    EXPECT_DOUBLE_EQ(r->value(), e.value) << e.id << ": " << r->explanation();
    EXPECT_EQ(r->met(), e.met) << e.id << ": " << r->explanation();
    EXPECT_FALSE(r->explanation().empty()) << e.id;
    EXPECT_FALSE(r->basis().empty()) << e.id;
  }
  EXPECT_THAT(ResultOf(precheck, "coverage")->basis(), HasSubstr("4 of 5"));
  EXPECT_THAT(ResultOf(precheck, "on_time")->basis(), HasSubstr("4 of 5"));
  EXPECT_TRUE(ResultOf(precheck, "governance")->pending());
  EXPECT_EQ(precheck.base_points(), 40 + 10 + 10);
  EXPECT_EQ(precheck.bonus_points(), 10);

  // ---- Score, approve: the notice begins. ----------------------------------------------------
  auto scored = regulator_->Score(*submitted, {{"governance", 25}, {"publicity", 10}});
  ASSERT_TRUE(scored.ok()) << scored.status();
  EXPECT_EQ(scored->evaluation().verdict(), v1::PASS) << scored->evaluation().summary();
  EXPECT_EQ(scored->evaluation().base_points(), 40 + 10 + 10 + 25);
  EXPECT_EQ(scored->evaluation().bonus_points_uncapped(), 20);
  EXPECT_EQ(scored->evaluation().bonus_points(), 15);
  EXPECT_EQ(scored->evaluation().total_points(), 100);
  auto approved = regulator_->Decide(*scored, true);
  ASSERT_TRUE(approved.ok()) << approved.status();
  ASSERT_EQ(approved->state(), v1::PUBLIC_NOTICE);
  EXPECT_EQ(FromTs(approved->notice_end_time()), kStart + 7 * kDay);

  // ---- An objection from the public, dismissed. ----------------------------------------------
  clock_.Set(kStart + 2 * kDay);
  auto objected = public_->Object(approved->name(), "街区内有商户拒绝退货。");
  ASSERT_TRUE(objected.ok()) << objected.status();
  ASSERT_EQ(objected->objections_size(), 1);
  EXPECT_EQ(objected->objections(0).state(), v1::OBJECTION_OPEN);
  auto read_back = regulator_->GetApplication(approved->name());
  ASSERT_TRUE(read_back.ok()) << read_back.status();
  auto dismissed = regulator_->Resolve(*read_back, objected->objections(0).id(), false);
  ASSERT_TRUE(dismissed.ok()) << dismissed.status();
  EXPECT_EQ(dismissed->state(), v1::PUBLIC_NOTICE);
  EXPECT_EQ(dismissed->objections(0).state(), v1::OBJECTION_DISMISSED);

  // Still in notice: the sweeper leaves it.
  ASSERT_TRUE(sweeper_->RunOnce().ok());
  EXPECT_EQ(admin_cert_->GetApplication(approved->name())->state(), v1::PUBLIC_NOTICE);

  // ---- Past the notice: the certificate. ------------------------------------------------------
  const absl::Time issued_at = kStart + 7 * kDay + absl::Hours(1);
  clock_.Set(issued_at);
  const int64_t before_issue = server_->registry()->CurrentRevision();
  auto swept = sweeper_->RunOnce();
  ASSERT_TRUE(swept.ok()) << swept.status();
  auto certified = admin_cert_->GetApplication(approved->name());
  ASSERT_TRUE(certified.ok()) << certified.status();
  ASSERT_EQ(certified->state(), v1::CERTIFIED);
  auto certificate = public_->GetCertificate(certified->certificate());
  ASSERT_TRUE(certificate.ok()) << certificate.status();
  EXPECT_EQ(certificate->number(), "FX-2026-000001");
  EXPECT_EQ(certificate->state(), v1::VALID);
  EXPECT_EQ(certificate->unit(), kTownship);
  EXPECT_EQ(certificate->unit_display_name(), "五星街道");
  EXPECT_EQ(certificate->application(), approved->name());
  EXPECT_EQ(FromTs(certificate->issue_time()), issued_at);
  EXPECT_EQ(FromTs(certificate->valid_until()) - FromTs(certificate->issue_time()), 3 * kYear);
  EXPECT_EQ(FromTs(certificate->next_evaluation_time()), issued_at + kYear);
  auto sequence = server_->registry()->Get("certificateSequences/2026");
  ASSERT_TRUE(sequence.ok()) << sequence.status();
  EXPECT_EQ(static_cast<const v1::CertificateSequence&>(**sequence).last(), 1);
  // One commit: the application, the certificate and the sequence, with one audit entry.
  const auto issue_audit = AuditOf(before_issue + 1, "IssueCertificate", approved->name());
  ASSERT_EQ(issue_audit.size(), 1u);
  EXPECT_THAT(issue_audit[0].resources(), Contains(certificate->name()));
  EXPECT_THAT(issue_audit[0].resources(), Contains(approved->name()));
  auto events = server_->registry()->ReadEvents(issue_audit[0].revision(), 1);
  ASSERT_TRUE(events.ok()) << events.status();
  EXPECT_EQ(events->size(), 3u);

  // ---- A year on, coverage has dropped: rectification. ---------------------------------------
  const v1::Pledge& dropped = pledge_of[stores[3].name()];
  auto current = pledges_->GetPledge(dropped.name());
  ASSERT_TRUE(current.ok()) << current.status();
  auto revoked_pledge = pledges_->RevokePledge(dropped.name(), current->etag(), "虚假承诺");
  ASSERT_TRUE(revoked_pledge.ok()) << revoked_pledge.status();
  clock_.Set(issued_at + kYear + absl::Hours(1));
  const int64_t before_review = server_->registry()->CurrentRevision();
  swept = sweeper_->RunOnce();
  ASSERT_TRUE(swept.ok()) << swept.status();
  auto rectifying = public_->GetCertificate(certificate->name());
  ASSERT_TRUE(rectifying.ok()) << rectifying.status();
  ASSERT_EQ(rectifying->state(), v1::RECTIFYING) << rectifying->state_reason();
  EXPECT_EQ(FromTs(rectifying->rectification_deadline()), clock_.Now() + 90 * kDay);
  const v1::CriterionResult* coverage_now = ResultOf(rectifying->last_evaluation(), "coverage");
  ASSERT_NE(coverage_now, nullptr);
  EXPECT_DOUBLE_EQ(coverage_now->value(), 3.0 / 5);
  EXPECT_FALSE(coverage_now->met());
  EXPECT_EQ(rectifying->last_evaluation().verdict(), v1::FAIL);
  EXPECT_EQ(AuditOf(before_review + 1, "ReEvaluate", certificate->name()).size(), 1u);

  // Before the deadline nothing more happens.
  clock_.Set(FromTs(rectifying->rectification_deadline()) - kDay);
  ASSERT_TRUE(sweeper_->RunOnce().ok());
  EXPECT_EQ(public_->GetCertificate(certificate->name())->state(), v1::RECTIFYING);

  // ---- Past the deadline, still failing: revoked. ---------------------------------------------
  clock_.Set(FromTs(rectifying->rectification_deadline()) + kDay);
  const int64_t before_revoke = server_->registry()->CurrentRevision();
  swept = sweeper_->RunOnce();
  ASSERT_TRUE(swept.ok()) << swept.status();
  auto revoked = public_->GetCertificate(certificate->name());
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(revoked->state(), v1::REVOKED);
  EXPECT_EQ(FromTs(revoked->revoke_time()), clock_.Now());
  EXPECT_FALSE(revoked->state_reason().empty());
  const auto revoke_audit = AuditOf(before_revoke + 1, "ReEvaluate", certificate->name());
  ASSERT_EQ(revoke_audit.size(), 1u);
  EXPECT_EQ(revoke_audit[0].actor(), "system/certification-sweeper");
  // The district is off the tiered list.
  auto tiers = public_->Tiers(kCounty);
  ASSERT_TRUE(tiers.ok()) << tiers.status();
  for (const v1::Tier& tier : tiers->tiers()) {
    for (const v1::TierUnit& unit : tier.units()) EXPECT_NE(unit.unit(), kTownship);
  }
}

TEST_F(CertificationTest, UpheldObjectionSendsTheApplicationBackToReview) {
  const v1::Store store = OpenStore("s1");
  ActivePledge(store);
  clock_.Set(kStart);
  const v1::Programme programme = Programme(StoreProgramme(v1::CULTIVATING, false), "store");
  auto submitted = admin_cert_->Submit(programme.name(), store.name());
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  auto scored = regulator_->Score(*submitted, {{"service", 18}});
  ASSERT_TRUE(scored.ok()) << scored.status();
  auto approved = regulator_->Decide(*scored, true);
  ASSERT_TRUE(approved.ok()) << approved.status();
  ASSERT_EQ(approved->state(), v1::PUBLIC_NOTICE);

  auto objected = public_->Object(approved->name(), "该店拒绝七日无理由退货。");
  ASSERT_TRUE(objected.ok()) << objected.status();
  auto current = regulator_->GetApplication(approved->name());
  ASSERT_TRUE(current.ok()) << current.status();
  auto upheld = regulator_->Resolve(*current, objected->objections(0).id(), true);
  ASSERT_TRUE(upheld.ok()) << upheld.status();
  EXPECT_EQ(upheld->state(), v1::UNDER_REVIEW);
  EXPECT_EQ(upheld->objections(0).state(), v1::OBJECTION_UPHELD);

  // The notice period passing no longer certifies it.
  clock_.Set(FromTs(approved->notice_end_time()) + kDay);
  auto swept = sweeper_->RunOnce();
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(swept->issued, 0);
  EXPECT_EQ(admin_cert_->GetApplication(approved->name())->state(), v1::UNDER_REVIEW);
}

TEST_F(CertificationTest, RevokingTheStorePledgeRevokesItsCertificateAtOnce) {
  const v1::Store store = OpenStore("s1");
  const v1::Pledge pledge = ActivePledge(store);
  clock_.Set(kStart);
  const v1::Programme programme = Programme(StoreProgramme(v1::CULTIVATING, false), "store");
  const v1::Certificate certificate = Certify(programme, store.name(), {{"service", 15}});
  ASSERT_EQ(certificate.state(), v1::VALID);

  auto current = pledges_->GetPledge(pledge.name());
  ASSERT_TRUE(current.ok()) << current.status();
  auto revoked_pledge = pledges_->RevokePledge(pledge.name(), current->etag(), "虚假宣传");
  ASSERT_TRUE(revoked_pledge.ok()) << revoked_pledge.status();

  const v1::Certificate revoked = AwaitCertificate(
      certificate.name(), [](const v1::Certificate& c) { return c.state() == v1::REVOKED; });
  ASSERT_EQ(revoked.state(), v1::REVOKED);
  EXPECT_THAT(revoked.state_reason(), HasSubstr(pledge.name()));
  EXPECT_EQ(
      AuditOf(revoked.mod_revision(), "certificate-monitor/Revoke", certificate.name()).size(), 1u);
}

TEST_F(CertificationTest, ANewViolationFailingAVetoRevokesAtOnce) {
  const v1::Store store = OpenStore("s1");
  ActivePledge(store);
  clock_.Set(kStart);
  const v1::Programme programme = Programme(StoreProgramme(v1::CULTIVATING, false), "store");
  const v1::Certificate certificate = Certify(programme, store.name(), {{"service", 15}});
  ASSERT_EQ(certificate.state(), v1::VALID);

  // An upheld pledge-related complaint is a violation: the no_violations veto fails.
  DecidedComplaint(store, "c-veto", clock_.Now() - absl::Hours(2), true,
                   v1::COMPLAINT_OUTCOME_UPHELD);
  const v1::Certificate revoked = AwaitCertificate(
      certificate.name(), [](const v1::Certificate& c) { return c.state() == v1::REVOKED; });
  ASSERT_EQ(revoked.state(), v1::REVOKED);
  EXPECT_THAT(revoked.state_reason(), HasSubstr("no_violations"));
  EXPECT_THAT(revoked.state_reason(), HasSubstr("1"));
}

TEST_F(CertificationTest, PrecheckVetoPendingApplicationAndLowerLevelRequirement) {
  const v1::Store unpledged = OpenStore("s1");
  const v1::Store pledged = OpenStore("s2");
  const v1::Store climber = OpenStore("s3");
  const v1::Store provincial = OpenStore("s4");
  for (const v1::Store* s : {&pledged, &climber, &provincial}) ActivePledge(*s);
  clock_.Set(kStart);
  const v1::Programme cultivating =
      Programme(StoreProgramme(v1::CULTIVATING, false), "store-cultivating");
  const v1::Programme advanced =
      Programme(StoreProgramme(v1::CITY_ADVANCED, true), "store-advanced");

  // A failed automatic veto rejects at once.
  auto rejected = admin_cert_->Submit(cultivating.name(), unpledged.name());
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_EQ(rejected->state(), v1::REJECTED);
  EXPECT_THAT(rejected->precheck().failed_vetoes(), Contains("pledged"));
  EXPECT_EQ(rejected->precheck().verdict(), v1::FAIL);

  // One open application per programme and unit.
  auto first = admin_cert_->Submit(cultivating.name(), pledged.name());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->state(), v1::UNDER_REVIEW);
  auto second = admin_cert_->Submit(cultivating.name(), pledged.name());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(second.status()), "APPLICATION_PENDING");

  // The advanced level needs the cultivating one first; an imported certificate counts.
  auto too_early = admin_cert_->Submit(advanced.name(), climber.name());
  EXPECT_EQ(too_early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(too_early.status()), "LOWER_LEVEL_REQUIRED");
  ImportCertificate(cultivating, climber.name(), "YC-2025-0007");
  auto climbing = admin_cert_->Submit(advanced.name(), climber.name());
  ASSERT_TRUE(climbing.ok()) << climbing.status();
  EXPECT_EQ(climbing->state(), v1::UNDER_REVIEW);

  // The tiers: the provincial bureau's advanced store above the cultivating one.
  ImportCertificate(advanced, provincial.name(), "JS-2025-0100");
  auto tiers = public_->Tiers(kCounty);
  ASSERT_TRUE(tiers.ok()) << tiers.status();
  ASSERT_EQ(tiers->tiers_size(), 2);
  EXPECT_EQ(tiers->tiers(0).level(), v1::CITY_ADVANCED);
  ASSERT_EQ(tiers->tiers(0).units_size(), 1);
  EXPECT_EQ(tiers->tiers(0).units(0).unit(), provincial.name());
  EXPECT_EQ(tiers->tiers(1).level(), v1::CULTIVATING);
  ASSERT_EQ(tiers->tiers(1).units_size(), 1);
  EXPECT_EQ(tiers->tiers(1).units(0).unit(), climber.name());
}

TEST_F(CertificationTest, ABadProgrammeNamesEveryFieldAndWritesNothing) {
  v1::Programme bad = StreetDistrictProgramme();
  bad.clear_display_name();
  bad.mutable_criteria(0)->set_threshold(1.5);           // A share above 1.
  bad.mutable_criteria(1)->set_id("Upheld Complaints");  // Not [a-z0-9_].
  bad.set_pass_mark(0);
  bad.set_notice_days(100);
  const int64_t revision = server_->registry()->CurrentRevision();
  auto created = admin_cert_->CreateProgramme(bad, "bad");
  ASSERT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument) << created.status();
  std::set<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(created.status())) fields.insert(v.field);
  for (const char* field :
       {"programme.display_name", "programme.criteria[0].threshold", "programme.criteria[1].id",
        "programme.pass_mark", "programme.notice_days"}) {
    EXPECT_THAT(fields, Contains(field)) << created.status();
  }
  EXPECT_EQ(server_->registry()->CurrentRevision(), revision);
  auto listed = public_->Programmes();
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->programmes_size(), 0);
}

TEST_F(CertificationTest, TheMonitorCatchesUpOnARevocationMadeWhileItWasDown) {
  const v1::Store store = OpenStore("s1");
  const v1::Pledge pledge = ActivePledge(store);
  clock_.Set(kStart);
  const v1::Programme programme = Programme(StoreProgramme(v1::CULTIVATING, false), "store");
  const v1::Certificate certificate = Certify(programme, store.name(), {{"service", 15}});
  ASSERT_EQ(certificate.state(), v1::VALID);

  // The pledge is revoked while no monitor follows the feed.
  RestartWith([&](storage::Registry& registry) {
    auto stored = registry.Get(pledge.name());
    ASSERT_TRUE(stored.ok()) << stored.status();
    auto revoked = std::make_shared<v1::Pledge>(static_cast<const v1::Pledge&>(**stored));
    revoked->set_state(v1::PLEDGE_STATE_REVOKED);
    revoked->set_state_reason("撤销");
    storage::ChangeSet change;
    change.actor = {"system/test", v1::ROLE_ADMIN};
    change.method = "test/RevokePledgeOffline";
    const int64_t revision = revoked->mod_revision();
    change.writes.push_back({revoked, storage::Expect::kModRevision, revision});
    ASSERT_TRUE(registry.CommitAndWait(std::move(change)).ok());
  });

  const v1::Certificate revoked = AwaitCertificate(
      certificate.name(), [](const v1::Certificate& c) { return c.state() == v1::REVOKED; });
  EXPECT_EQ(revoked.state(), v1::REVOKED);
  EXPECT_THAT(revoked.state_reason(), HasSubstr(pledge.name()));
}

// The monitor says what it could not do: a lost feed is reported (and followed by a full check).
TEST_F(CertificationTest, TheMonitorReportsALostFeed) {
  absl::Mutex mu;
  std::vector<std::string> lines;
  CertificateMonitor monitor(server_->registry(), calendar_.get(), &clock_,
                             [&](const std::string& line) {
                               absl::MutexLock lock(&mu);
                               lines.push_back(line);
                             });
  monitor.Start();
  server_->registry()->CloseWatches();
  auto reported = [&] {
    absl::MutexLock lock(&mu);
    for (const std::string& line : lines) {
      if (absl::StrContains(line, "lost the event feed")) return true;
    }
    return false;
  };
  for (int i = 0; i < 100 && !reported(); ++i) absl::SleepFor(absl::Milliseconds(100));
  monitor.Stop();
  absl::MutexLock lock(&mu);
  EXPECT_THAT(lines, Contains(AllOf(HasSubstr("lost the event feed"), HasSubstr("UNAVAILABLE"))));
}

TEST_F(CertificationTest, ACertificatePastItsValidityExpires) {
  const v1::Store store = OpenStore("s1");
  ActivePledge(store);
  clock_.Set(kStart);
  const v1::Programme programme = Programme(StoreProgramme(v1::CULTIVATING, false), "store");
  const v1::Certificate imported = ImportCertificate(programme, store.name(), "JS-2025-0001");
  ASSERT_EQ(imported.state(), v1::VALID);

  clock_.Set(FromTs(imported.valid_until()) - absl::Hours(1));
  ASSERT_TRUE(sweeper_->RunOnce().ok());
  EXPECT_NE(admin_cert_->GetCertificate(imported.name())->state(), v1::EXPIRED);

  clock_.Set(FromTs(imported.valid_until()) + absl::Hours(1));
  auto swept = sweeper_->RunOnce();
  ASSERT_TRUE(swept.ok()) << swept.status();
  auto expired = admin_cert_->GetCertificate(imported.name());
  ASSERT_TRUE(expired.ok()) << expired.status();
  EXPECT_EQ(expired->state(), v1::EXPIRED);
  EXPECT_EQ(
      AuditOf(expired->mod_revision(), "certification-sweeper/Expire", imported.name()).size(), 1u);
}

// The metrics of a merchant, an area and a county, through EvaluateUnit, against counts made
// here: a merchant's and a place's OPEN stores only; the smallest pledge age of a merchant.
TEST_F(CertificationTest, MetricsCountTheOpenStoresOfAMerchantAnAreaAndACounty) {
  v1::Area street;
  street.set_display_name("建军路步行街");
  street.set_kind(v1::AREA_KIND_STREET_DISTRICT);
  street.set_division(kCounty);
  street.set_township(kTownship);
  street.mutable_center()->set_latitude(33.38);
  street.mutable_center()->set_longitude(120.14);
  auto area = admin_->CreateArea(street, "jianjun");
  ASSERT_TRUE(area.ok()) << area.status();
  auto other_merchant = admin_->CreateMerchant(NewMerchant(2));
  ASSERT_TRUE(other_merchant.ok()) << other_merchant.status();

  const v1::Store a1 = OpenStore("a1", kTownship, area->name());
  const v1::Store a2 = OpenStore("a2", kTownship, area->name());
  const v1::Store closed = OpenStore("c1", kTownship, area->name());
  const v1::Store other = OpenStore("o1", kOtherTownship, "", other_merchant->name());
  ActivePledge(a1);
  ActivePledge(other);
  ASSERT_TRUE(admin_->CloseStore(closed.name(), closed.etag(), "停业").ok());
  clock_.Set(kSetup + 10 * kDay);
  ActivePledge(a2);  // Ten days younger than a1's.
  clock_.Set(kStart);

  v1::Programme merchant_programme = StoreProgramme(v1::CULTIVATING, false);
  merchant_programme.set_unit_kind(v1::UNIT_MERCHANT);
  merchant_programme.mutable_criteria(1)->set_id("pledge_age");
  merchant_programme.mutable_criteria(1)->set_metric(v1::PLEDGE_ACTIVE_DAYS);
  merchant_programme.mutable_criteria(1)->set_comparison(v1::AT_LEAST);
  merchant_programme.mutable_criteria(1)->set_threshold(10);
  const v1::Programme for_merchants = Programme(merchant_programme, "merchant");
  auto merchant = admin_cert_->Evaluate(for_merchants.name(), merchant_.name());
  ASSERT_TRUE(merchant.ok()) << merchant.status();
  EXPECT_DOUBLE_EQ(ResultOf(*merchant, "pledged")->value(), 1.0);  // a1, a2 of 2 open.
  // a2's pledge has been active (kStart - kSetup - 10 days) = 20 whole days.
  EXPECT_DOUBLE_EQ(ResultOf(*merchant, "pledge_age")->value(), 20);
  EXPECT_THAT(ResultOf(*merchant, "pledge_age")->basis(), HasSubstr(a2.name()));

  // The area: a1 certified, a2 not; the closed store counts for nothing.
  const v1::Programme store_programme = Programme(StoreProgramme(v1::CULTIVATING, false), "store");
  ImportCertificate(store_programme, a1.name(), "JS-2025-0003");
  v1::Programme area_programme = StreetDistrictProgramme();
  area_programme.set_unit_kind(v1::UNIT_AREA);
  const v1::Programme for_areas = Programme(area_programme, "area");
  auto in_area = admin_cert_->Evaluate(for_areas.name(), area->name());
  ASSERT_TRUE(in_area.ok()) << in_area.status();
  EXPECT_DOUBLE_EQ(ResultOf(*in_area, "coverage")->value(), 1.0);
  EXPECT_DOUBLE_EQ(ResultOf(*in_area, "members_certified")->value(), 0.5);

  // The county: a1, a2 and o1 of the other merchant and township, all pledged, of 3 open.
  v1::Programme county_programme = StreetDistrictProgramme();
  county_programme.set_category(v1::DEMONSTRATION_REGION);
  const v1::Programme for_counties = Programme(county_programme, "county");
  auto county = admin_cert_->Evaluate(for_counties.name(), kCounty);
  ASSERT_TRUE(county.ok()) << county.status();
  EXPECT_DOUBLE_EQ(ResultOf(*county, "coverage")->value(), 1.0);
  EXPECT_THAT(ResultOf(*county, "coverage")->basis(), HasSubstr("3 of 3"));
  EXPECT_DOUBLE_EQ(ResultOf(*county, "members_certified")->value(), 1.0 / 3);

  // An open store without a pledge lowers every share it belongs to.
  OpenStore("a3", kTownship, area->name());
  in_area = admin_cert_->Evaluate(for_areas.name(), area->name());
  ASSERT_TRUE(in_area.ok()) << in_area.status();
  EXPECT_DOUBLE_EQ(ResultOf(*in_area, "coverage")->value(), 2.0 / 3);
  merchant = admin_cert_->Evaluate(for_merchants.name(), merchant_.name());
  ASSERT_TRUE(merchant.ok()) << merchant.status();
  EXPECT_DOUBLE_EQ(ResultOf(*merchant, "pledged")->value(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(ResultOf(*merchant, "pledge_age")->value(), 0);
}

TEST_F(CertificationTest, AViolationRevokesTheCertificatesOfTheStoresPlacesWhoseVetoFails) {
  const v1::Store store = OpenStore("s1");
  ActivePledge(store);
  clock_.Set(kStart);
  v1::Programme strict = StreetDistrictProgramme();
  strict.set_category(v1::DEMONSTRATION_REGION);
  strict.mutable_criteria(1)->set_threshold(0);  // Not a single upheld complaint.
  const v1::Programme region = Programme(strict, "strict-region");
  const v1::Programme district = Programme(StreetDistrictProgramme(), "district");  // Two.
  const v1::Certificate county = ImportCertificate(region, kCounty, "YC-2025-0101");
  const v1::Certificate township = ImportCertificate(district, kTownship, "YC-2025-0102");
  ASSERT_EQ(county.state(), v1::VALID);
  ASSERT_EQ(township.state(), v1::VALID);

  DecidedComplaint(store, "c-region", clock_.Now() - absl::Hours(2), true,
                   v1::COMPLAINT_OUTCOME_UPHELD);
  const v1::Certificate revoked = AwaitCertificate(
      county.name(), [](const v1::Certificate& c) { return c.state() == v1::REVOKED; });
  ASSERT_EQ(revoked.state(), v1::REVOKED);
  EXPECT_THAT(revoked.state_reason(), HasSubstr("upheld_complaints"));
  EXPECT_EQ(FromTs(revoked.revoke_time()), clock_.Now());
  // The monitor checks a violation's places from the store outwards, the county last: the
  // township, whose veto allows two upheld complaints, has been checked and kept.
  EXPECT_EQ(admin_cert_->GetCertificate(township.name())->state(), v1::VALID);
}

TEST_F(CertificationTest, CertificateNumbersRunPerYear) {
  const v1::Programme programme = Programme(StoreProgramme(v1::CULTIVATING, false), "store");
  std::vector<v1::Store> stores;
  for (const char* id : {"s1", "s2", "s3"}) {
    stores.push_back(OpenStore(id));
    ActivePledge(stores.back());
  }
  clock_.Set(kStart);
  EXPECT_EQ(Certify(programme, stores[0].name(), {{"service", 12}}).number(), "FX-2026-000001");
  EXPECT_EQ(Certify(programme, stores[1].name(), {{"service", 12}}).number(), "FX-2026-000002");
  clock_.Set(absl::FromCivil(absl::CivilDay(2027, 1, 4), ChinaStandardTime()));
  EXPECT_EQ(Certify(programme, stores[2].name(), {{"service", 12}}).number(), "FX-2027-000001");
}

// An imported certificate may carry a number of the form this city issues (FX-2026-000001): the
// sweeper's sequence skips it instead of failing every issue after it.
TEST_F(CertificationTest, IssuedNumbersSkipNumbersTakenByImports) {
  const v1::Programme programme = Programme(StoreProgramme(v1::CULTIVATING, false), "store");
  const v1::Store imported_store = OpenStore("i1");
  const v1::Store issued_store = OpenStore("i2");
  ActivePledge(issued_store);
  clock_.Set(kStart);
  ASSERT_FALSE(ImportCertificate(programme, imported_store.name(), "FX-2026-000001").name().empty());
  EXPECT_EQ(Certify(programme, issued_store.name(), {{"service", 12}}).number(), "FX-2026-000002");
}

// A number names one certificate for good: importing another certificate under a number that is
// taken (even by a revoked certificate) is refused, and nothing is written.
TEST_F(CertificationTest, AnImportedCertificateNumberIsTakenForGood) {
  const v1::Programme programme = Programme(StoreProgramme(v1::CULTIVATING, false), "store");
  const v1::Store first = OpenStore("n1");
  const v1::Store second = OpenStore("n2");
  clock_.Set(kStart);
  const v1::Certificate imported = ImportCertificate(programme, first.name(), "JS-2025-0777");
  ASSERT_FALSE(imported.name().empty());
  ASSERT_TRUE(regulator_->Revoke(imported, "licence withdrawn").ok());

  v1::Certificate again;
  again.set_programme(programme.name());
  again.set_unit(second.name());
  again.set_number("JS-2025-0777");
  again.set_issuer("江苏省市场监督管理局");
  *again.mutable_issue_time() = Ts(clock_.Now() - kYear / 2);
  *again.mutable_valid_until() = Ts(clock_.Now() + 2 * kYear);
  auto refused = admin_cert_->Import(again);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists) << refused.status();
  EXPECT_EQ(ErrorReasonOf(refused.status()), "CERTIFICATE_NUMBER_TAKEN") << refused.status();
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr(imported.name()));

  again.set_number("JS-2025-0778");
  EXPECT_TRUE(admin_cert_->Import(again).ok());
}

// A certificate cannot be imported for a unit whose application to the same programme is still
// open: the application would otherwise reach the end of its notice with the unit certified
// already.
TEST_F(CertificationTest, ImportWaitsForAnOpenApplicationOfTheSameProgramme) {
  const v1::Programme programme = Programme(StoreProgramme(v1::CULTIVATING, false), "store");
  const v1::Store store = OpenStore("p1");
  clock_.Set(kStart);
  ActivePledge(store);
  auto submitted = admin_cert_->Submit(programme.name(), store.name());
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  ASSERT_EQ(submitted->state(), v1::UNDER_REVIEW) << submitted->precheck().summary();

  v1::Certificate certificate;
  certificate.set_programme(programme.name());
  certificate.set_unit(store.name());
  certificate.set_number("JS-2025-0555");
  certificate.set_issuer("江苏省市场监督管理局");
  *certificate.mutable_issue_time() = Ts(clock_.Now() - kYear / 2);
  *certificate.mutable_valid_until() = Ts(clock_.Now() + 2 * kYear);
  auto refused = admin_cert_->Import(certificate);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(refused.status()), "APPLICATION_PENDING") << refused.status();
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr(submitted->name()));

  auto rejected = regulator_->Decide(*submitted, false);
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_TRUE(admin_cert_->Import(certificate).ok());
}

// The cloud map's coverage counts live certificates by category and level where their unit lies,
// and stops counting one when it is revoked.
TEST_F(CertificationTest, CoverageCountsLiveCertificatesByCategoryAndLevel) {
  const v1::Programme programme = Programme(StoreProgramme(v1::CULTIVATING, false), "store");
  const v1::Store store = OpenStore("c1");
  clock_.Set(kStart);
  const v1::Certificate imported = ImportCertificate(programme, store.name(), "JS-2025-0900");
  ASSERT_FALSE(imported.name().empty());

  auto certified_in = [&](const std::string& scope) -> int64_t {
    auto stub = v1::EventService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials()));
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + admin_token_);
    v1::GetCoverageRequest request;
    request.set_name(scope);
    v1::Coverage coverage;
    const grpc::Status status = stub->GetCoverage(&ctx, request, &coverage);
    EXPECT_TRUE(status.ok()) << scope << ": " << status.error_message();
    int64_t count = 0;
    for (const v1::CertifiedCount& c : coverage.certified()) {
      if (c.category() == "demonstration_enterprise" && c.level() == "cultivating") {
        count += c.count();
      }
    }
    return count;
  };
  EXPECT_EQ(certified_in(store.division()), 1);
  EXPECT_EQ(certified_in(store.township()), 1);
  EXPECT_EQ(certified_in("divisions/320900"), 1);

  ASSERT_TRUE(regulator_->Revoke(imported, "closed for renovation").ok());
  EXPECT_EQ(certified_in(store.division()), 0);
  EXPECT_EQ(certified_in("divisions/320900"), 0);
}

// fangxinctl's `cert` noun against the real server: a programme from a JSON file, an application
// with its pre-check table, scoring, approval, an objection and its dismissal, and a bad
// programme whose errors name the fields.
TEST_F(CertificationTest, TheCliWalksAnApplicationIntoPublicNotice) {
  const v1::Store store = OpenStore("cli1");
  clock_.Set(kStart);
  ActivePledge(store);
  const std::string server = absl::StrCat("127.0.0.1:", server_->port());
  const std::string regulator = Token(v1::ROLE_REGULATOR);
  const std::string citizen = Token(v1::ROLE_PUBLIC);
  struct Run {
    int code;
    std::string out;
    std::string err;
  };
  auto ctl = [&](std::vector<std::string> args, const std::string& token) {
    args.insert(args.end(), {"--server", server, "--token", token});
    std::ostringstream out, err;
    const int code = cli::RunCli(args, out, err);
    return Run{code, out.str(), err.str()};
  };
  testing::TempDir dir;
  const std::string programme_file = dir.path() + "/programme.json";
  {
    std::ofstream f(programme_file);
    f << R"({"displayName": "放心消费示范店（培育）", "category": "DEMONSTRATION_ENTERPRISE",
      "level": "CULTIVATING", "unitKind": "UNIT_STORE", "passMark": 25,
      "criteria": [
        {"id": "pledged", "title": "承诺在有效期内", "kind": "AUTOMATIC",
         "metric": "PLEDGE_COVERAGE", "comparison": "AT_LEAST", "threshold": 1, "points": 10,
         "veto": true},
        {"id": "service", "title": "服务规范", "kind": "MANUAL", "threshold": 10, "points": 20}]})";
  }

  Run created = ctl({"cert", "programme", "create", "--file", programme_file, "--id", "cli-store"},
                    admin_token_);
  ASSERT_EQ(created.code, 0) << created.err;
  EXPECT_THAT(created.out, HasSubstr("programs/cli-store"));

  Run applied = ctl({"cert", "apply", "--programme", "cli-store", "--unit", store.name(), "--id",
                     "cli-app"},
                    admin_token_);
  ASSERT_EQ(applied.code, 0) << applied.err;
  EXPECT_THAT(applied.out, HasSubstr("under_review"));
  EXPECT_THAT(applied.out, HasSubstr("pledge coverage 100.0% >= 100.0%: met"));

  Run evaluated = ctl({"cert", "evaluate", "--programme", "cli-store", "--unit", store.name()},
                      regulator);
  ASSERT_EQ(evaluated.code, 0) << evaluated.err;
  EXPECT_THAT(evaluated.out, HasSubstr("manual, not scored yet"));

  auto etag = [&] {
    auto app = admin_cert_->GetApplication("applications/cli-app");
    EXPECT_TRUE(app.ok()) << app.status();
    return app.ok() ? app->etag() : "";
  };
  Run scored = ctl({"cert", "score", "applications/cli-app", "--criterion", "service", "--score",
                    "18", "--evidence", "台账完整，现场抽查三笔退货均按承诺办理", "--etag", etag()},
                   regulator);
  ASSERT_EQ(scored.code, 0) << scored.err;
  Run decided = ctl({"cert", "decide", "applications/cli-app", "--approve", "--reason",
                     "材料齐全，评分达标", "--etag", etag()},
                    regulator);
  ASSERT_EQ(decided.code, 0) << decided.err;
  EXPECT_THAT(decided.out, HasSubstr("public_notice"));

  Run objected = ctl({"cert", "object", "applications/cli-app", "--text", "该店曾拒绝退货"},
                     citizen);
  ASSERT_EQ(objected.code, 0) << objected.err;
  Run resolved = ctl({"cert", "resolve", "applications/cli-app", "--objection", "1", "--dismiss",
                      "--resolution", "经核查，所涉商品为定制商品，不在承诺范围", "--etag", etag()},
                     regulator);
  ASSERT_EQ(resolved.code, 0) << resolved.err;
  auto app = admin_cert_->GetApplication("applications/cli-app");
  ASSERT_TRUE(app.ok()) << app.status();
  EXPECT_EQ(app->state(), v1::PUBLIC_NOTICE);
  ASSERT_EQ(app->objections_size(), 1);
  EXPECT_EQ(app->objections(0).state(), v1::OBJECTION_DISMISSED);

  // A programme with bad fields: a usage error that names each of them, and nothing written.
  const std::string bad_file = dir.path() + "/bad.json";
  {
    std::ofstream f(bad_file);
    f << R"({"displayName": "", "category": "DEMONSTRATION_ENTERPRISE", "level": "CULTIVATING",
      "unitKind": "UNIT_STORE", "passMark": 500,
      "criteria": [{"id": "x", "title": "t", "kind": "AUTOMATIC", "metric": "PLEDGE_COVERAGE",
                    "comparison": "AT_LEAST", "threshold": 2, "points": 10}]})";
  }
  Run refused = ctl({"cert", "programme", "create", "--file", bad_file, "--id", "bad"},
                    admin_token_);
  EXPECT_NE(refused.code, 0);
  EXPECT_THAT(refused.err, HasSubstr("programme.display_name"));
  EXPECT_THAT(refused.err, HasSubstr("programme.pass_mark"));
  EXPECT_THAT(refused.err, HasSubstr("programme.criteria[0].threshold"));
  Run listed = ctl({"cert", "programme", "list", "--output", "json"}, admin_token_);
  ASSERT_EQ(listed.code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("programs/cli-store"));
  EXPECT_THAT(listed.out, ::testing::Not(HasSubstr("programs/bad")));
}

}  // namespace
}  // namespace fangxin::testing
