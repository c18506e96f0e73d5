// PledgeService end to end through the SDK against a real server on 127.0.0.1, with a fake
// clock so expiry and withdrawal notices can be crossed.

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/sdk/pledge_client.h"
#include "common/clock.h"
#include "common/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/pledge/pledge_sweeper.h"
#include "tests/integration/pledge_setup.h"
#include "tests/integration/server_fixture.h"
#include "tests/testing/temp_dir.h"

namespace fangxin::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

// 2026-03-02 09:00 China Standard Time.
const absl::Time kStart = absl::FromUnixSeconds(1772413200);

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

class PledgeServiceTest : public ServerTest {
 protected:
  void SetUp() override {
    Server::Options options;
    options.data_dir = dir_.path() + "/data";
    options.listen = "127.0.0.1:0";
    options.allow_plaintext = true;
    options.divisions_csv = SourcePath("deploy/data/yancheng-divisions.csv");
    options.clock = &clock_;
    server_ = std::make_unique<Server>(options);
    absl::Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started;
    admin_token_ = server_->bootstrap_admin_token();
    admin_ = std::make_unique<sdk::Client>(ClientWithToken(admin_token_));
    admin_pledges_ = std::make_unique<sdk::PledgeClient>(PledgesWithToken(admin_token_));
    sweeper_ = std::make_unique<PledgeSweeper>(server_->registry(), &clock_);

    auto merchant = admin_->CreateMerchant(NewMerchant(1));
    ASSERT_TRUE(merchant.ok()) << merchant.status();
    merchant_ = merchant->name();
    auto store = admin_->CreateStore(merchant_, NewStore("放心超市"), "s1");
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *store;
  }
  void TearDown() override {
    sweeper_.reset();
    admin_pledges_.reset();
    StopServer();
  }

  sdk::PledgeClient PledgesWithToken(const std::string& token) {
    sdk::ClientOptions options;
    options.endpoint = absl::StrCat("127.0.0.1:", server_->port());
    options.token = token;
    auto connection = sdk::MakePledgeConnection(options);
    EXPECT_TRUE(connection.ok()) << connection.status();
    return sdk::PledgeClient(*connection);
  }

  sdk::PledgeClient PledgesFor(v1::Role role, std::vector<std::string> scopes = {}) {
    v1::ApiKey key;
    key.set_display_name("pledge test key");
    key.set_role(role);
    for (auto& s : scopes) key.add_scopes(s);
    auto created = admin_->CreateKey(key);
    EXPECT_TRUE(created.ok()) << created.status();
    return PledgesWithToken(created.ok() ? created->token() : "");
  }

  // A no-reason-return pledge for the store, valid for a year from kStart.
  v1::Pledge ReturnPledge(int window_days = 0) const {
    v1::Pledge p;
    p.set_store(store_.name());
    p.set_kind(v1::PLEDGE_KIND_NO_REASON_RETURN);
    auto* terms = p.mutable_no_reason_return();
    terms->set_window_days(window_days);
    terms->set_refund_method(v1::REFUND_METHOD_ORIGINAL_PAYMENT);
    terms->add_excluded_goods(v1::EXCLUDED_GOODS_FRESH_PERISHABLE);
    terms->add_excluded_goods(v1::EXCLUDED_GOODS_CUSTOM_MADE);
    terms->add_excluded_items("已拆封的贴身衣物");
    terms->add_conditions("商品完好，凭购物小票");
    *p.mutable_valid_from() = Ts(kStart);
    *p.mutable_valid_until() = Ts(kStart + absl::Hours(24 * 365));
    return p;
  }

  FakeClock clock_{kStart};
  std::unique_ptr<sdk::PledgeClient> admin_pledges_;
  std::unique_ptr<PledgeSweeper> sweeper_;
  std::string merchant_;
  v1::Store store_;
};

TEST_F(PledgeServiceTest, MerchantFilesAndActivatesAndThePublicSeesTheTerms) {
  sdk::PledgeClient merchant = PledgesFor(v1::ROLE_MERCHANT, {merchant_});
  sdk::PledgeClient public_role = PledgesFor(v1::ROLE_PUBLIC);

  auto draft = merchant.CreatePledge(ReturnPledge());
  ASSERT_TRUE(draft.ok()) << draft.status();
  EXPECT_EQ(draft->state(), v1::PLEDGE_STATE_DRAFT);
  EXPECT_EQ(draft->no_reason_return().window_days(), 7);  // the default
  EXPECT_EQ(draft->division(), store_.division());
  EXPECT_EQ(draft->township(), store_.township());
  EXPECT_EQ(draft->terms_version(), 1);

  auto before = public_role.GetStorePledgeStatus(store_.name());
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_FALSE(before->no_reason_return_pledged());

  auto active = merchant.ActivatePledge(draft->name(), draft->etag());
  ASSERT_TRUE(active.ok()) << active.status();
  EXPECT_EQ(active->state(), v1::PLEDGE_STATE_ACTIVE);

  auto status = public_role.GetStorePledgeStatus(store_.name());
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_TRUE(status->no_reason_return_pledged());
  EXPECT_EQ(status->no_reason_return_pledge(), draft->name());
  EXPECT_EQ(status->no_reason_return().window_days(), 7);
  EXPECT_THAT(status->no_reason_return().excluded_goods(),
              ElementsAre(v1::EXCLUDED_GOODS_FRESH_PERISHABLE, v1::EXCLUDED_GOODS_CUSTOM_MADE));
  EXPECT_THAT(status->no_reason_return().excluded_items(), ElementsAre("已拆封的贴身衣物"));
  EXPECT_FALSE(status->advance_compensation_pledged());

  // The public reads the commitment, not which API key filed it.
  auto read = public_role.GetPledge(active->name());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_TRUE(read->filed_by().empty());
  EXPECT_FALSE(admin_pledges_->GetPledge(active->name())->filed_by().empty());
  for (auto& listed : public_role.ListPledges()) {
    ASSERT_TRUE(listed.ok()) << listed.status();
    EXPECT_TRUE(listed->filed_by().empty());
  }

  // The public may read but not file.
  auto refused = public_role.CreatePledge(ReturnPledge());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReasonOf(refused.status()), "ROLE_NOT_ALLOWED");
  EXPECT_EQ(
      public_role.GetStorePledgeStatus(absl::StrCat(merchant_, "/stores/nope")).status().code(),
      absl::StatusCode::kNotFound);
}

TEST_F(PledgeServiceTest, RefusesAShortWindowAndASecondActivePledgeOfAKind) {
  auto short_window = admin_pledges_->CreatePledge(ReturnPledge(5));
  ASSERT_EQ(short_window.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(short_window.status()), ElementsAre("pledge.no_reason_return.window_days"));

  const v1::Pledge first = FileAndActivate(*admin_pledges_, ReturnPledge(15));
  auto second = admin_pledges_->CreatePledge(ReturnPledge(30));
  ASSERT_TRUE(second.ok()) << second.status();
  auto refused = admin_pledges_->ActivatePledge(second->name(), second->etag());
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(refused.status()), "PLEDGE_ALREADY_ACTIVE_FOR_STORE");

  // Another kind is independent.
  v1::Pledge compensation;
  compensation.set_store(store_.name());
  compensation.set_kind(v1::PLEDGE_KIND_ADVANCE_COMPENSATION);
  compensation.mutable_advance_compensation()->set_scope(
      v1::ADVANCE_COMPENSATION_SCOPE_LARGE_SUPERMARKET);
  *compensation.mutable_valid_from() = Ts(kStart);
  *compensation.mutable_valid_until() = Ts(kStart + absl::Hours(24 * 90));
  FileAndActivate(*admin_pledges_, compensation);
  auto status = admin_pledges_->GetStorePledgeStatus(store_.name());
  ASSERT_TRUE(status.ok()) << status.status();
  EXPECT_TRUE(status->advance_compensation_pledged());
  EXPECT_EQ(status->no_reason_return_pledge(), first.name());
}

TEST_F(PledgeServiceTest, AmendmentKeepsTheOldTerms) {
  const v1::Pledge active = FileAndActivate(*admin_pledges_, ReturnPledge());
  v1::AmendPledgeRequest amend;
  amend.set_name(active.name());
  amend.set_etag(active.etag());
  *amend.mutable_no_reason_return() = active.no_reason_return();
  amend.mutable_no_reason_return()->set_window_days(30);
  auto amended = admin_pledges_->AmendPledge(amend);
  ASSERT_TRUE(amended.ok()) << amended.status();
  EXPECT_EQ(amended->state(), v1::PLEDGE_STATE_ACTIVE);
  EXPECT_EQ(amended->terms_version(), 2);
  EXPECT_EQ(amended->no_reason_return().window_days(), 30);
  ASSERT_EQ(amended->superseded_terms_size(), 1);
  EXPECT_EQ(amended->superseded_terms(0).terms_version(), 1);
  EXPECT_EQ(amended->superseded_terms(0).no_reason_return().window_days(), 7);

  // A stale etag is ABORTED; terms of the other kind are refused naming the field.
  EXPECT_EQ(admin_pledges_->AmendPledge(amend).status().code(), absl::StatusCode::kAborted);
  v1::AmendPledgeRequest wrong_kind;
  wrong_kind.set_name(active.name());
  wrong_kind.set_etag(amended->etag());
  wrong_kind.mutable_advance_compensation()->set_scope(
      v1::ADVANCE_COMPENSATION_SCOPE_CATERING_QUALITY);
  auto refused = admin_pledges_->AmendPledge(wrong_kind);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(refused.status()), ElementsAre("advance_compensation"));
}

TEST_F(PledgeServiceTest, WithdrawalTakesEffectAfterTheNoticePeriod) {
  sdk::PledgeClient merchant = PledgesFor(v1::ROLE_MERCHANT, {merchant_});
  const v1::Pledge active = FileAndActivate(merchant, ReturnPledge());
  auto withdrawing = merchant.WithdrawPledge(active.name(), active.etag(), "门店转型");
  ASSERT_TRUE(withdrawing.ok()) << withdrawing.status();
  EXPECT_EQ(withdrawing->state(), v1::PLEDGE_STATE_ACTIVE);
  EXPECT_EQ(withdrawing->withdraw_effective_time().seconds(),
            absl::ToUnixSeconds(kStart + absl::Hours(24 * 30)));

  clock_.Advance(absl::Hours(24 * 30) - absl::Seconds(1));
  ASSERT_TRUE(sweeper_->SweepOnce().ok());
  EXPECT_EQ(admin_pledges_->GetPledge(active.name())->state(), v1::PLEDGE_STATE_ACTIVE);

  clock_.Advance(absl::Seconds(1));
  auto swept = sweeper_->SweepOnce();
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(swept->withdrawn, 1);
  EXPECT_EQ(admin_pledges_->GetPledge(active.name())->state(), v1::PLEDGE_STATE_WITHDRAWN);
  EXPECT_FALSE(admin_pledges_->GetStorePledgeStatus(store_.name())->no_reason_return_pledged());
}

TEST_F(PledgeServiceTest, RegulatorSuspendsReinstatesAndRevokesWithAReason) {
  sdk::PledgeClient merchant = PledgesFor(v1::ROLE_MERCHANT, {merchant_});
  sdk::PledgeClient regulator = PledgesFor(v1::ROLE_REGULATOR, {"divisions/320902"});
  sdk::PledgeClient other_district = PledgesFor(v1::ROLE_REGULATOR, {"divisions/320903"});
  const v1::Pledge active = FileAndActivate(merchant, ReturnPledge());

  auto no_reason = regulator.SuspendPledge(active.name(), active.etag(), "");
  ASSERT_EQ(no_reason.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(no_reason.status()), ElementsAre("reason"));
  EXPECT_EQ(ErrorReasonOf(merchant.SuspendPledge(active.name(), active.etag(), "x").status()),
            "ROLE_NOT_ALLOWED");
  EXPECT_EQ(ErrorReasonOf(other_district.SuspendPledge(active.name(), active.etag(), "x").status()),
            "OUT_OF_SCOPE");

  auto suspended = regulator.SuspendPledge(active.name(), active.etag(), "抽查不合格");
  ASSERT_TRUE(suspended.ok()) << suspended.status();
  EXPECT_EQ(suspended->state(), v1::PLEDGE_STATE_SUSPENDED);
  EXPECT_EQ(suspended->state_reason(), "抽查不合格");
  EXPECT_FALSE(merchant.GetStorePledgeStatus(store_.name())->no_reason_return_pledged());
  // The filer cannot withdraw or amend it while it is under review.
  auto withdraw = merchant.WithdrawPledge(active.name(), suspended->etag(), "不做了");
  EXPECT_EQ(ErrorReasonOf(withdraw.status()), "PLEDGE_SUSPENDED");

  auto reinstated = regulator.ReinstatePledge(active.name(), suspended->etag(), "已整改");
  ASSERT_TRUE(reinstated.ok()) << reinstated.status();
  EXPECT_EQ(reinstated->state(), v1::PLEDGE_STATE_ACTIVE);

  auto revoked = regulator.RevokePledge(active.name(), reinstated->etag(), "屡次违规");
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(revoked->state(), v1::PLEDGE_STATE_REVOKED);
  auto again = regulator.ReinstatePledge(active.name(), revoked->etag(), "x");
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReasonOf(again.status()), "PLEDGE_FINAL");

  // The regulator's reason is in the audit trail.
  auto audit = server_->registry()->ReadAudit(0, server_->registry()->CurrentRevision());
  ASSERT_TRUE(audit.ok()) << audit.status();
  std::set<std::string> reasons;
  for (const auto& entry : *audit) reasons.insert(entry.reason());
  EXPECT_TRUE(reasons.count("抽查不合格") && reasons.count("已整改") && reasons.count("屡次违规"));
}

TEST_F(PledgeServiceTest, RenewalTakesOverWhenThePredecessorExpires) {
  const v1::Pledge active = FileAndActivate(*admin_pledges_, ReturnPledge());
  v1::RenewPledgeRequest renew;
  renew.set_name(active.name());
  renew.set_etag(active.etag());
  *renew.mutable_valid_until() = Ts(kStart + absl::Hours(24 * 730));
  auto renewal = admin_pledges_->RenewPledge(renew);
  ASSERT_TRUE(renewal.ok()) << renewal.status();
  EXPECT_EQ(renewal->state(), v1::PLEDGE_STATE_DRAFT);
  EXPECT_EQ(renewal->predecessor(), active.name());
  EXPECT_EQ(renewal->valid_from().seconds(), active.valid_until().seconds());
  auto predecessor = admin_pledges_->GetPledge(active.name());
  EXPECT_EQ(predecessor->successor(), renewal->name());
  // Renewed once only.
  renew.set_etag(predecessor->etag());
  EXPECT_EQ(ErrorReasonOf(admin_pledges_->RenewPledge(renew).status()), "PLEDGE_ALREADY_RENEWED");

  clock_.Set(kStart + absl::Hours(24 * 365));
  auto swept = sweeper_->SweepOnce();
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(swept->expired, 1);
  EXPECT_EQ(swept->successors_activated, 1);
  EXPECT_EQ(admin_pledges_->GetPledge(active.name())->state(), v1::PLEDGE_STATE_EXPIRED);
  EXPECT_EQ(admin_pledges_->GetPledge(renewal->name())->state(), v1::PLEDGE_STATE_ACTIVE);
  auto status = admin_pledges_->GetStorePledgeStatus(store_.name());
  EXPECT_EQ(status->no_reason_return_pledge(), renewal->name());
}

TEST_F(PledgeServiceTest, ClosingTheStoreTerminatesItsPledgesInTheSameCommit) {
  const v1::Pledge active = FileAndActivate(*admin_pledges_, ReturnPledge());
  auto draft = admin_pledges_->CreatePledge(ReturnPledge(10));
  ASSERT_TRUE(draft.ok()) << draft.status();
  auto closed = admin_->CloseStore(store_.name(), store_.etag(), "停业");
  ASSERT_TRUE(closed.ok()) << closed.status();
  for (const std::string& name : {active.name(), draft->name()}) {
    auto pledge = admin_pledges_->GetPledge(name);
    ASSERT_TRUE(pledge.ok()) << pledge.status();
    EXPECT_EQ(pledge->state(), v1::PLEDGE_STATE_TERMINATED) << name;
    EXPECT_EQ(pledge->mod_revision(), closed->mod_revision()) << name;
  }
  // One commit, one event per changed resource, one audit entry.
  auto events = server_->registry()->ReadEvents(closed->mod_revision(), 1);
  ASSERT_TRUE(events.ok()) << events.status();
  std::set<std::string> changed;
  for (const v1::Event& e : *events) {
    EXPECT_EQ(e.revision(), closed->mod_revision());
    EXPECT_EQ(e.count(), 3);
    changed.insert(e.resource_name());
  }
  EXPECT_EQ(changed, (std::set<std::string>{store_.name(), active.name(), draft->name()}));
  auto audit = server_->registry()->ReadAudit(closed->mod_revision(), closed->mod_revision());
  ASSERT_TRUE(audit.ok()) << audit.status();
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].reason(), "停业");
  auto refused = admin_pledges_->CreatePledge(ReturnPledge());
  EXPECT_EQ(ErrorReasonOf(refused.status()), "STORE_CLOSED");
}

TEST_F(PledgeServiceTest, MovingTheStoreMovesItsLivePledgesAndTheirCoverage) {
  const v1::Pledge active = FileAndActivate(*admin_pledges_, ReturnPledge());
  const std::string from = store_.township();
  const std::string to = "divisions/320902002";  // 文峰街道, same county.
  ASSERT_NE(from, to);
  v1::Store moved = store_;
  moved.set_township(to);
  google::protobuf::FieldMask mask;
  mask.add_paths("township");
  auto updated = admin_->UpdateStore(moved, mask);
  ASSERT_TRUE(updated.ok()) << updated.status();

  auto pledge = admin_pledges_->GetPledge(active.name());
  ASSERT_TRUE(pledge.ok()) << pledge.status();
  EXPECT_EQ(pledge->township(), to);
  EXPECT_EQ(pledge->mod_revision(), updated->mod_revision());  // Same commit.
  int64_t revision = 0;
  auto counters = server_->registry()->ReadCounters({from, to}, &revision);
  ASSERT_TRUE(counters.ok()) << counters.status();
  auto pledged = [](const storage::CounterValues& c) {
    auto it = c.metrics.find("pledged_stores");
    return it == c.metrics.end() ? 0 : it->second;
  };
  EXPECT_EQ(pledged((*counters)[0]), 0);
  EXPECT_EQ(pledged((*counters)[1]), 1);
  EXPECT_TRUE(server_->registry()->CheckConsistency().ok());
}

TEST_F(PledgeServiceTest, ClosingTheMerchantTerminatesItsStoresPledges) {
  const v1::Pledge active = FileAndActivate(*admin_pledges_, ReturnPledge());
  auto merchant = admin_->GetMerchant(merchant_);
  ASSERT_TRUE(merchant.ok());
  auto closed = admin_->CloseMerchant(merchant_, merchant->etag(), "营业执照注销");
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(admin_pledges_->GetPledge(active.name())->state(), v1::PLEDGE_STATE_TERMINATED);
}

TEST_F(PledgeServiceTest, AreaManagersFileOnlyInTheirAreasAndListsFilter) {
  sdk::PledgeClient manager = PledgesFor(v1::ROLE_AREA_MANAGER, {"areas/other"});
  auto refused = manager.CreatePledge(ReturnPledge());
  EXPECT_EQ(ErrorReasonOf(refused.status()), "OUT_OF_SCOPE");

  const v1::Pledge active = FileAndActivate(*admin_pledges_, ReturnPledge());
  auto draft = admin_pledges_->CreatePledge(ReturnPledge(20));
  ASSERT_TRUE(draft.ok());
  auto names = [&](v1::ListPledgesRequest request) {
    std::set<std::string> out;
    for (auto& p : admin_pledges_->ListPledges(request)) {
      EXPECT_TRUE(p.ok()) << p.status();
      if (p.ok()) out.insert(p->name());
    }
    return out;
  };
  v1::ListPledgesRequest by_division;
  by_division.set_division(store_.division());
  EXPECT_THAT(names(by_division), UnorderedElementsAre(active.name(), draft->name()));
  v1::ListPledgesRequest active_only = by_division;
  active_only.set_state(v1::PLEDGE_STATE_ACTIVE);
  EXPECT_THAT(names(active_only), UnorderedElementsAre(active.name()));
  v1::ListPledgesRequest compensation;
  compensation.set_kind(v1::PLEDGE_KIND_ADVANCE_COMPENSATION);
  EXPECT_TRUE(names(compensation).empty());
  v1::ListPledgesRequest elsewhere;
  elsewhere.set_division("divisions/320903");
  EXPECT_TRUE(names(elsewhere).empty());
}

}  // namespace
}  // namespace fangxin::testing
