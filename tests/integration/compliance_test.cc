// ComplianceService end to end through the SDK against a real server on 127.0.0.1, with a fake
// clock so working-day limits and rectification deadlines can be crossed.

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/sdk/compliance_client.h"
#include "clients/sdk/pledge_client.h"
#include "common/clock.h"
#include "common/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/compliance/compliance_sweeper.h"
#include "services/compliance/spot_check_sampler.h"
#include "services/compliance/working_calendar.h"
#include "tests/integration/pledge_setup.h"
#include "tests/integration/server_fixture.h"
#include "tests/testing/temp_dir.h"

namespace fangxin::testing {
namespace {

// 2026-03-02 09:00 China Standard Time, a Monday.
const absl::Time kStart = absl::FromUnixSeconds(1772413200);

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

absl::Time Cst(int y, int m, int d, int hour) {
  return absl::FromCivil(absl::CivilHour(y, m, d, hour), absl::FixedTimeZone(8 * 3600));
}

class ComplianceServiceTest : public ServerTest {
 protected:
  void SetUp() override {
    Server::Options options;
    options.data_dir = dir_.path() + "/data";
    options.listen = "127.0.0.1:0";
    options.allow_plaintext = true;
    options.divisions_csv = SourcePath("deploy/data/yancheng-divisions.csv");
    options.calendar_csv = SourcePath("deploy/data/calendar-cn-2025-2026.csv");
    options.clock = &clock_;
    server_ = std::make_unique<Server>(options);
    absl::Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started;
    admin_token_ = server_->bootstrap_admin_token();
    admin_ = std::make_unique<sdk::Client>(ClientWithToken(admin_token_));
    pledges_ = std::make_unique<sdk::PledgeClient>(Pledges(admin_token_));
    regulator_ = std::make_unique<sdk::ComplianceClient>(ComplianceFor(v1::ROLE_REGULATOR));
    city_ = std::make_unique<sdk::ComplianceClient>(ComplianceFor(v1::ROLE_CITY_SYSTEM));

    auto merchant = admin_->CreateMerchant(NewMerchant(1));
    ASSERT_TRUE(merchant.ok()) << merchant.status();
    merchant_ = *merchant;
    store_ = NewOpenStore("放心超市", "s1");
  }
  void TearDown() override {
    city_.reset();
    regulator_.reset();
    pledges_.reset();
    StopServer();
  }

  sdk::ClientOptions Options(const std::string& token) {
    sdk::ClientOptions options;
    options.endpoint = absl::StrCat("127.0.0.1:", server_->port());
    options.token = token;
    return options;
  }
  sdk::PledgeClient Pledges(const std::string& token) {
    auto connection = sdk::MakePledgeConnection(Options(token));
    EXPECT_TRUE(connection.ok()) << connection.status();
    return sdk::PledgeClient(*connection);
  }
  sdk::ComplianceClient ComplianceFor(v1::Role role, std::vector<std::string> scopes = {}) {
    v1::ApiKey key;
    key.set_display_name("compliance test key");
    key.set_role(role);
    for (auto& s : scopes) key.add_scopes(s);
    auto created = admin_->CreateKey(key);
    EXPECT_TRUE(created.ok()) << created.status();
    auto connection = sdk::MakeComplianceConnection(Options(created.ok() ? created->token() : ""));
    EXPECT_TRUE(connection.ok()) << connection.status();
    return sdk::ComplianceClient(*connection);
  }

  v1::Store NewOpenStore(const std::string& display_name, const std::string& id) {
    auto store = admin_->CreateStore(merchant_.name(), NewStore(display_name), id);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *store : v1::Store();
  }

  // An ACTIVE no-reason-return pledge at `store`, valid for two years from kStart.
  v1::Pledge ActivePledge(const v1::Store& store) {
    return FileAndActivate(
        *pledges_, NoReasonReturnPledge(store.name(), kStart, kStart + absl::Hours(24 * 730)));
  }

  v1::IngestComplaintRequest Complaint(const std::string& external_id, absl::Time received,
                                       bool pledge_related = true) {
    v1::IngestComplaintRequest request;
    request.mutable_complaint()->set_source(v1::COMPLAINT_SOURCE_12315);
    request.mutable_complaint()->set_external_id(external_id);
    request.mutable_complaint()->set_store(store_.name());
    request.mutable_complaint()->set_category(v1::COMPLAINT_CATEGORY_RETURN_REFUSED);
    request.mutable_complaint()->set_pledge_related(pledge_related);
    *request.mutable_complaint()->mutable_receive_time() = Ts(received);
    return request;
  }

  absl::StatusOr<v1::Complaint> Update(const v1::Complaint& c, v1::ComplaintState state,
                                       v1::ComplaintOutcome outcome = {}, int64_t fen = 0) {
    v1::UpdateComplaintRequest request;
    request.set_name(c.name());
    request.set_etag(c.etag());
    request.set_state(state);
    request.set_outcome(outcome);
    request.set_amount_recovered_fen(fen);
    return city_->UpdateComplaint(request);
  }

  // Ingests, accepts and resolves a complaint as UPHELD, now.
  v1::Complaint Upheld(const std::string& external_id) {
    auto ingested = city_->IngestComplaint(Complaint(external_id, clock_.Now()));
    EXPECT_TRUE(ingested.ok()) << ingested.status();
    auto accepted = Update(*ingested, v1::COMPLAINT_STATE_ACCEPTED);
    EXPECT_TRUE(accepted.ok()) << accepted.status();
    auto resolved = Update(*accepted, v1::COMPLAINT_STATE_RESOLVED, v1::COMPLAINT_OUTCOME_UPHELD,
                           12900);
    EXPECT_TRUE(resolved.ok()) << resolved.status();
    return resolved.ok() ? *resolved : v1::Complaint();
  }

  template <typename T>
  static std::vector<T> All(sdk::PaginationRange<T> range) {
    std::vector<T> out;
    for (const auto& item : range) {
      EXPECT_TRUE(item.ok()) << item.status();
      if (!item.ok()) break;
      out.push_back(*item);
    }
    return out;
  }

  FakeClock clock_{kStart};
  std::unique_ptr<sdk::PledgeClient> pledges_;
  std::unique_ptr<sdk::ComplianceClient> regulator_;
  std::unique_ptr<sdk::ComplianceClient> city_;
  v1::Merchant merchant_;
  v1::Store store_;
};

TEST_F(ComplianceServiceTest, IngestIsIdempotentOnSourceAndExternalId) {
  const v1::Pledge pledge = ActivePledge(store_);
  auto first = city_->IngestComplaint(Complaint("12315-0001", kStart - absl::Hours(2)));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->state(), v1::COMPLAINT_STATE_RECEIVED);
  EXPECT_EQ(first->store(), store_.name());
  EXPECT_EQ(first->division(), store_.division());
  EXPECT_EQ(first->pledge(), pledge.name());

  // The platform pushes it again (a new request id, different summary): the stored one comes back.
  v1::IngestComplaintRequest again = Complaint("12315-0001", kStart - absl::Hours(1));
  again.mutable_complaint()->set_summary("重复推送");
  auto second = city_->IngestComplaint(again);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->name(), first->name());
  EXPECT_EQ(second->etag(), first->etag());
  EXPECT_EQ(second->summary(), "");

  // The same external id from the other platform is another complaint.
  v1::IngestComplaintRequest other = Complaint("12315-0001", kStart - absl::Hours(1));
  other.mutable_complaint()->set_source(v1::COMPLAINT_SOURCE_12345);
  auto third = city_->IngestComplaint(other);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_NE(third->name(), first->name());
  EXPECT_EQ(All(regulator_->ListComplaints()).size(), 2u);
}

TEST_F(ComplianceServiceTest, MatchesAStoreByCreditCodeAndDisplayName) {
  const v1::Store other = NewOpenStore("放心便利店", "s2");
  v1::IngestComplaintRequest request = Complaint("12345-77", kStart);
  request.mutable_complaint()->clear_store();
  request.set_credit_code(merchant_.uscc());
  request.set_store_display_name("放心便利店");
  auto complaint = city_->IngestComplaint(request);
  ASSERT_TRUE(complaint.ok()) << complaint.status();
  EXPECT_EQ(complaint->store(), other.name());
  EXPECT_EQ(complaint->pledge(), "");  // no pledge there
  EXPECT_FALSE(complaint->pledge_related());

  request.mutable_complaint()->set_external_id("12345-78");
  request.set_store_display_name("不存在的店");
  auto unmatched = city_->IngestComplaint(request);
  EXPECT_EQ(unmatched.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(unmatched.status()), "COMPLAINT_STORE_NOT_FOUND");

  // The merchant reads complaints about its own stores; the public may not.
  sdk::ComplianceClient merchant = ComplianceFor(v1::ROLE_MERCHANT, {merchant_.name()});
  auto read = merchant.GetComplaint(complaint->name());
  ASSERT_TRUE(read.ok()) << read.status();
  sdk::ComplianceClient public_role = ComplianceFor(v1::ROLE_PUBLIC);
  auto refused = public_role.GetComplaint(complaint->name());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReasonOf(refused.status()), "ROLE_NOT_ALLOWED");
  // Only city systems push.
  auto not_city = regulator_->IngestComplaint(Complaint("12315-9", kStart));
  EXPECT_EQ(ErrorReasonOf(not_city.status()), "ROLE_NOT_ALLOWED");
}

TEST_F(ComplianceServiceTest, TheThirdUpheldComplaintSuspendsThePledgeAutomatically) {
  const v1::Pledge pledge = ActivePledge(store_);
  Upheld("c1");
  clock_.Advance(absl::Hours(24 * 30));
  Upheld("c2");
  auto still = pledges_->GetPledge(pledge.name());
  ASSERT_TRUE(still.ok()) << still.status();
  EXPECT_EQ(still->state(), v1::PLEDGE_STATE_ACTIVE);

  // A not-upheld complaint is no violation.
  auto ingested = city_->IngestComplaint(Complaint("c-not", clock_.Now()));
  ASSERT_TRUE(ingested.ok()) << ingested.status();
  auto accepted = Update(*ingested, v1::COMPLAINT_STATE_ACCEPTED);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  ASSERT_TRUE(Update(*accepted, v1::COMPLAINT_STATE_RESOLVED, v1::COMPLAINT_OUTCOME_NOT_UPHELD).ok());

  clock_.Advance(absl::Hours(24 * 30));
  const v1::Complaint third = Upheld("c3");
  EXPECT_EQ(third.amount_recovered_fen(), 12900);
  EXPECT_EQ(third.outcome(), v1::COMPLAINT_OUTCOME_UPHELD);

  auto suspended = pledges_->GetPledge(pledge.name());
  ASSERT_TRUE(suspended.ok()) << suspended.status();
  EXPECT_EQ(suspended->state(), v1::PLEDGE_STATE_SUSPENDED);
  EXPECT_TRUE(suspended->flagged_for_review());

  v1::ListViolationsRequest by_pledge;
  by_pledge.set_pledge(pledge.name());
  std::vector<v1::Violation> violations = All(regulator_->ListViolations(by_pledge));
  ASSERT_EQ(violations.size(), 3u);
  int triggering = 0;
  for (const v1::Violation& v : violations) {
    EXPECT_EQ(v.store(), store_.name());
    if (v.suspended_pledge()) {
      ++triggering;
      EXPECT_EQ(v.complaint(), third.name());
    }
  }
  EXPECT_EQ(triggering, 1);

  // A resolved complaint is final.
  auto again = Update(third, v1::COMPLAINT_STATE_ACCEPTED);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(again.status()), "COMPLAINT_BAD_TRANSITION");
}

TEST_F(ComplianceServiceTest, DecisionLimitRunsOnWorkingDaysAcrossLabourDay2026) {
  // Received Tuesday 28 April 2026. 1-5 May are holidays and Saturday 9 May a make-up working
  // day, so the 7th working day is Monday 11 May (counting weekdays only it would be 7 May).
  clock_.Set(Cst(2026, 4, 28, 10));
  auto on_time = city_->IngestComplaint(Complaint("h1", clock_.Now(), false));
  auto late = city_->IngestComplaint(Complaint("h2", clock_.Now(), false));
  ASSERT_TRUE(on_time.ok() && late.ok());
  clock_.Set(Cst(2026, 5, 11, 16));
  ASSERT_TRUE(Update(*on_time, v1::COMPLAINT_STATE_ACCEPTED).ok());
  clock_.Set(Cst(2026, 5, 12, 9));
  ASSERT_TRUE(Update(*late, v1::COMPLAINT_STATE_REJECTED).ok());

  auto report = regulator_->GetQuarterlyReport(2026, 2, store_.division());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->complaints_received(), 2);
  EXPECT_EQ(report->decision_due(), 2);
  EXPECT_EQ(report->decision_met(), 1);
  // Accepted on 11 May: mediation (45 working days) is not due yet.
  EXPECT_EQ(report->mediation_due(), 0);
}

TEST_F(ComplianceServiceTest, SpotCheckSampleIsRecomputedFromItsSeed) {
  std::vector<std::string> active;
  for (int i = 0; i < 6; ++i) {
    active.push_back(ActivePledge(NewOpenStore(absl::StrCat("分店", i), absl::StrCat("b", i))).name());
  }
  v1::SpotCheckPlan asked;
  asked.set_division(store_.division());
  asked.set_sample_size(3);
  asked.add_inspectors("执法证320902001");
  asked.add_inspectors("执法证320902002");
  auto plan = regulator_->CreateSpotCheckPlan(asked);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_NE(plan->seed(), 0u);  // drawn by the server, and stored
  std::sort(active.begin(), active.end());
  EXPECT_EQ(std::vector<std::string>(plan->candidates().begin(), plan->candidates().end()), active);
  ASSERT_EQ(plan->assignments_size(), 3);

  auto stored = regulator_->GetSpotCheckPlan(plan->name());
  ASSERT_TRUE(stored.ok()) << stored.status();
  std::vector<SpotCheckAssignment> recomputed = SampleSpotCheck(
      stored->seed(), {stored->candidates().begin(), stored->candidates().end()},
      stored->sample_size(), {stored->inspectors().begin(), stored->inspectors().end()});
  ASSERT_EQ(recomputed.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(recomputed[i].pledge, stored->assignments(i).pledge());
    EXPECT_EQ(recomputed[i].inspector, stored->assignments(i).inspector());
  }
}

TEST_F(ComplianceServiceTest, FailedInspectionNotRectifiedByItsDeadlineBecomesAViolation) {
  const v1::Pledge pledge = ActivePledge(store_);
  const v1::Pledge other = ActivePledge(NewOpenStore("放心二店", "s2"));
  ComplianceSweeper sweeper(server_->registry(), &clock_, ViolationPolicy{});
  auto Failed = [&](const v1::Pledge& p) {
    v1::Inspection inspection;
    inspection.set_pledge(p.name());
    inspection.set_inspector("执法证320902001");
    inspection.set_findings("未公示退货条件");
    inspection.set_passed(false);
    *inspection.mutable_rectification_deadline() = Ts(clock_.Now() + absl::Hours(24 * 7));
    auto recorded = regulator_->RecordInspection(inspection);
    EXPECT_TRUE(recorded.ok()) << recorded.status();
    return recorded.ok() ? *recorded : v1::Inspection();
  };
  const v1::Inspection unrectified = Failed(pledge);
  Failed(other);
  // The other store rectifies: a passing inspection three days later.
  clock_.Advance(absl::Hours(24 * 3));
  v1::Inspection pass;
  pass.set_pledge(other.name());
  pass.set_inspector("执法证320902002");
  pass.set_findings("已整改");
  pass.set_passed(true);
  ASSERT_TRUE(regulator_->RecordInspection(pass).ok());

  auto early = sweeper.SweepOnce();
  ASSERT_TRUE(early.ok()) << early.status();
  EXPECT_EQ(early->violations, 0);
  clock_.Advance(absl::Hours(24 * 5));
  auto late = sweeper.SweepOnce();
  ASSERT_TRUE(late.ok()) << late.status();
  EXPECT_EQ(late->violations, 1);
  EXPECT_EQ(late->rectified, 1);

  std::vector<v1::Violation> violations = All(regulator_->ListViolations());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].pledge(), pledge.name());
  EXPECT_EQ(violations[0].inspection(), unrectified.name());
  // Nothing more to do on the next pass.
  auto again = sweeper.SweepOnce();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->violations + again->rectified, 0);
}

TEST_F(ComplianceServiceTest, QuarterlyReportMatchesFiguresComputedFromTheRawRecords) {
  // Three shops: s1 pledged then revoked, s2 pledged then suspended by three upheld complaints,
  // s3 pledged and fine; two complaints at s1, one decided in time and one never.
  const v1::Store s2 = NewOpenStore("放心二店", "s2");
  const v1::Store s3 = NewOpenStore("放心三店", "s3");
  const v1::Pledge p1 = ActivePledge(store_);
  const v1::Pledge p2 = ActivePledge(s2);
  ActivePledge(s3);
  auto c1 = city_->IngestComplaint(Complaint("q1", clock_.Now(), false));
  auto c2 = city_->IngestComplaint(Complaint("q2", clock_.Now(), false));
  ASSERT_TRUE(c1.ok() && c2.ok());
  clock_.Advance(absl::Hours(24));
  ASSERT_TRUE(Update(*c1, v1::COMPLAINT_STATE_ACCEPTED).ok());
  const v1::Store first_store = store_;
  store_ = s2;
  for (const char* id : {"u1", "u2", "u3"}) {
    Upheld(id);
    clock_.Advance(absl::Hours(24));
  }
  store_ = first_store;
  auto current = pledges_->GetPledge(p1.name());
  ASSERT_TRUE(current.ok());
  ASSERT_TRUE(pledges_->RevokePledge(p1.name(), current->etag(), "虚假承诺").ok());
  clock_.Set(Cst(2026, 3, 31, 20));

  auto report = regulator_->GetQuarterlyReport(2026, 1, store_.division());
  ASSERT_TRUE(report.ok()) << report.status();

  // Independently, from the records as listed, with the calendar file and the 7-day rule.
  const absl::Time now = clock_.Now();
  auto calendar = WorkingCalendar::LoadFile(SourcePath("deploy/data/calendar-cn-2025-2026.csv"));
  ASSERT_TRUE(calendar.ok()) << calendar.status();
  const absl::Time q_start = Cst(2026, 1, 1, 0), q_end = Cst(2026, 4, 1, 0);
  auto in_quarter = [&](const google::protobuf::Timestamp& ts) {
    const absl::Time t = absl::FromUnixSeconds(ts.seconds());
    return t >= q_start && t < q_end;
  };
  int64_t received = 0, decision_due = 0, decision_met = 0;
  for (const v1::Complaint& c : All(regulator_->ListComplaints())) {
    if (!in_quarter(c.receive_time())) continue;
    ++received;
    const absl::Time deadline =
        calendar->Deadline(absl::FromUnixSeconds(c.receive_time().seconds()), 7);
    if (deadline > now) continue;
    ++decision_due;
    decision_met += c.has_decide_time() &&
                    absl::FromUnixSeconds(c.decide_time().seconds()) <= deadline;
  }
  int64_t violations = 0;
  for (const v1::Violation& v : All(regulator_->ListViolations())) {
    violations += in_quarter(v.occur_time());
  }
  int64_t suspended = 0, revoked = 0;
  std::set<std::string> pledged;
  for (const v1::Pledge& p : All(pledges_->ListPledges())) {
    suspended += p.state() == v1::PLEDGE_STATE_SUSPENDED;
    revoked += p.state() == v1::PLEDGE_STATE_REVOKED;
    if (p.state() == v1::PLEDGE_STATE_ACTIVE) pledged.insert(p.store());
  }
  int64_t open = 0;
  for (const auto& store : admin_->ListStores()) {
    ASSERT_TRUE(store.ok());
    open += store->state() == v1::STORE_STATE_OPEN;
  }

  EXPECT_EQ(report->open_stores(), open);
  EXPECT_EQ(report->pledged_stores(), static_cast<int64_t>(pledged.size()));
  EXPECT_EQ(report->complaints_received(), received);
  EXPECT_EQ(report->decision_due(), decision_due);
  EXPECT_EQ(report->decision_met(), decision_met);
  EXPECT_EQ(report->violations(), violations);
  EXPECT_EQ(report->suspensions(), suspended);
  EXPECT_EQ(report->revocations(), revoked);
  // And the scenario is what it says, so the comparison is not vacuous.
  EXPECT_EQ(open, 3);
  EXPECT_EQ(pledged.size(), 1u);
  EXPECT_EQ(received, 5);
  EXPECT_EQ(violations, 3);
  EXPECT_EQ(suspended, 1);
  EXPECT_EQ(revoked, 1);
  EXPECT_GE(decision_due, 2);
  EXPECT_LT(decision_met, decision_due);
  EXPECT_NE(report->csv().find(absl::StrCat("\n2026,1,", store_.division(), ",3,1,5,")),
            std::string::npos)
      << report->csv();

  // The city report covers the same records here (all shops are in one county).
  auto city = regulator_->GetQuarterlyReport(2026, 1);
  ASSERT_TRUE(city.ok()) << city.status();
  EXPECT_EQ(city->complaints_received(), received);
  EXPECT_EQ(city->violations(), violations);
}

}  // namespace
}  // namespace fangxin::testing
