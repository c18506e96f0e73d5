#include "services/pledge/pledge_rules.h"

#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fangxin {
namespace {

using A = PledgeAction;
constexpr auto D = v1::PLEDGE_STATE_DRAFT;
constexpr auto AC = v1::PLEDGE_STATE_ACTIVE;
constexpr auto S = v1::PLEDGE_STATE_SUSPENDED;
constexpr auto R = v1::PLEDGE_STATE_REVOKED;
constexpr auto W = v1::PLEDGE_STATE_WITHDRAWN;
constexpr auto E = v1::PLEDGE_STATE_EXPIRED;
constexpr auto T = v1::PLEDGE_STATE_TERMINATED;

// One row per (state, action): the next state, or the reason of the refusal.
struct Row {
  v1::PledgeState from;
  PledgeAction action;
  v1::PledgeState next;  // PLEDGE_STATE_UNSPECIFIED when refused.
  const char* reason;    // nullptr when allowed.
};

constexpr v1::PledgeState X = v1::PLEDGE_STATE_UNSPECIFIED;

const Row kTable[] = {
    // DRAFT
    {D, A::kActivate, AC, nullptr},
    {D, A::kAmend, D, nullptr},
    {D, A::kRenew, X, kPledgeNotActive},
    {D, A::kRequestWithdrawal, W, nullptr},
    {D, A::kCompleteWithdrawal, X, kPledgeNotActive},
    {D, A::kSuspend, X, kPledgeNotActive},
    {D, A::kReinstate, X, kPledgeNotSuspended},
    {D, A::kRevoke, X, kPledgeNotActive},
    {D, A::kExpire, E, nullptr},
    {D, A::kTerminate, T, nullptr},
    // ACTIVE
    {AC, A::kActivate, X, kPledgeNotDraft},
    {AC, A::kAmend, AC, nullptr},
    {AC, A::kRenew, AC, nullptr},
    {AC, A::kRequestWithdrawal, AC, nullptr},
    {AC, A::kCompleteWithdrawal, W, nullptr},
    {AC, A::kSuspend, S, nullptr},
    {AC, A::kReinstate, X, kPledgeNotSuspended},
    {AC, A::kRevoke, R, nullptr},
    {AC, A::kExpire, E, nullptr},
    {AC, A::kTerminate, T, nullptr},
    // SUSPENDED
    {S, A::kActivate, X, kPledgeNotDraft},
    {S, A::kAmend, X, kPledgeSuspended},
    {S, A::kRenew, X, kPledgeNotActive},
    {S, A::kRequestWithdrawal, X, kPledgeSuspended},
    {S, A::kCompleteWithdrawal, W, nullptr},
    {S, A::kSuspend, X, kPledgeNotActive},
    {S, A::kReinstate, AC, nullptr},
    {S, A::kRevoke, R, nullptr},
    {S, A::kExpire, E, nullptr},
    {S, A::kTerminate, T, nullptr},
};

TEST(PledgeRulesTest, EveryTransitionOfTheLiveStates) {
  std::set<std::pair<int, int>> covered;
  for (const Row& row : kTable) {
    SCOPED_TRACE(absl::StrCat(v1::PledgeState_Name(row.from), " ", PledgeActionName(row.action)));
    covered.insert({row.from, static_cast<int>(row.action)});
    absl::StatusOr<v1::PledgeState> next = NextPledgeState(row.from, row.action);
    if (row.reason == nullptr) {
      ASSERT_TRUE(next.ok()) << next.status();
      EXPECT_EQ(*next, row.next);
    } else {
      ASSERT_FALSE(next.ok());
      EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_EQ(ErrorReasonOf(next.status()), row.reason);
    }
  }
  // The table lists every action for each live state.
  EXPECT_EQ(covered.size(), 3 * std::size(kAllPledgeActions));
}

TEST(PledgeRulesTest, FinalStatesRefuseEveryAction) {
  for (v1::PledgeState from : {R, W, E, T, X}) {
    for (PledgeAction action : kAllPledgeActions) {
      SCOPED_TRACE(absl::StrCat(v1::PledgeState_Name(from), " ", PledgeActionName(action)));
      absl::StatusOr<v1::PledgeState> next = NextPledgeState(from, action);
      ASSERT_FALSE(next.ok());
      EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_EQ(ErrorReasonOf(next.status()), kPledgeFinal);
    }
  }
}

TEST(PledgeRulesTest, FinalStatesAreExactlyTheFourEnds) {
  for (int s = v1::PledgeState_MIN; s <= v1::PledgeState_MAX; ++s) {
    const auto state = static_cast<v1::PledgeState>(s);
    EXPECT_EQ(IsFinalPledgeState(state), state == R || state == W || state == E || state == T)
        << v1::PledgeState_Name(state);
  }
}

TEST(PledgeRulesTest, PendingWithdrawalRefusesAmendRenewAndASecondRequest) {
  v1::Pledge pledge;
  pledge.set_state(AC);
  pledge.mutable_withdraw_effective_time()->set_seconds(1'800'000'000);
  for (PledgeAction action : {A::kAmend, A::kRenew, A::kRequestWithdrawal}) {
    absl::StatusOr<v1::PledgeState> next = NextPledgeState(pledge, action);
    ASSERT_FALSE(next.ok()) << PledgeActionName(action);
    EXPECT_EQ(ErrorReasonOf(next.status()), kPledgeWithdrawalPending);
  }
  // Regulators can still act on it, and the sweeper completes it.
  EXPECT_EQ(*NextPledgeState(pledge, A::kSuspend), S);
  EXPECT_EQ(*NextPledgeState(pledge, A::kCompleteWithdrawal), W);
}

TEST(PledgeRulesTest, CompletingAWithdrawalNeedsARequest) {
  v1::Pledge pledge;
  pledge.set_state(AC);
  absl::StatusOr<v1::PledgeState> next = NextPledgeState(pledge, A::kCompleteWithdrawal);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(ErrorReasonOf(next.status()), kPledgeNotActive);
}

// ---- terms ------------------------------------------------------------------------------------

v1::Pledge ValidReturnPledge() {
  v1::Pledge pledge;
  pledge.set_kind(v1::PLEDGE_KIND_NO_REASON_RETURN);
  auto* terms = pledge.mutable_no_reason_return();
  terms->set_window_days(7);
  terms->set_refund_method(v1::REFUND_METHOD_ORIGINAL_PAYMENT);
  terms->add_excluded_goods(v1::EXCLUDED_GOODS_FRESH_PERISHABLE);
  terms->add_excluded_items("定制西服");
  terms->add_conditions("商品完好");
  pledge.mutable_valid_from()->set_seconds(1'767'196'800);   // 2026-01-01 00:00 +08:00
  pledge.mutable_valid_until()->set_seconds(1'798'732'800);  // 2027-01-01 00:00 +08:00
  return pledge;
}

std::vector<std::string> Fields(const FieldViolations& violations) {
  std::vector<std::string> fields;
  for (const auto& v : violations.list()) fields.push_back(v.field);
  return fields;
}

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(PledgeTermsTest, AValidReturnPledgePasses) {
  FieldViolations violations;
  ValidatePledgeTerms(ValidReturnPledge(), "pledge", &violations);
  EXPECT_THAT(Fields(violations), IsEmpty());
}

TEST(PledgeTermsTest, WindowDefaultsToSevenAndIsBoundedBySevenAnd365) {
  struct Case {
    int32_t window;
    bool ok;
  };
  for (Case c : {Case{0, true}, Case{1, false}, Case{6, false}, Case{7, true}, Case{30, true},
                 Case{365, true}, Case{366, false}, Case{-7, false}}) {
    v1::Pledge pledge = ValidReturnPledge();
    pledge.mutable_no_reason_return()->set_window_days(c.window);
    ApplyPledgeDefaults(&pledge);
    FieldViolations violations;
    ValidatePledgeTerms(pledge, "pledge", &violations);
    if (c.ok) {
      EXPECT_THAT(Fields(violations), IsEmpty()) << c.window;
    } else {
      EXPECT_THAT(Fields(violations), ElementsAre("pledge.no_reason_return.window_days"))
          << c.window;
    }
  }
  v1::Pledge pledge = ValidReturnPledge();
  pledge.mutable_no_reason_return()->clear_window_days();
  ApplyPledgeDefaults(&pledge);
  EXPECT_EQ(pledge.no_reason_return().window_days(), 7);
}

TEST(PledgeTermsTest, EveryBadFieldIsListed) {
  v1::Pledge pledge = ValidReturnPledge();
  auto* terms = pledge.mutable_no_reason_return();
  terms->set_window_days(3);
  terms->add_excluded_goods(v1::EXCLUDED_GOODS_FRESH_PERISHABLE);  // twice
  terms->add_excluded_goods(v1::EXCLUDED_GOODS_UNSPECIFIED);
  terms->add_excluded_goods(static_cast<v1::ExcludedGoods>(99));
  terms->add_excluded_items("");
  terms->add_conditions(std::string(201, 'x'));
  terms->set_refund_method(v1::REFUND_METHOD_UNSPECIFIED);
  pledge.mutable_valid_until()->set_seconds(pledge.valid_from().seconds());
  FieldViolations violations;
  ValidatePledgeTerms(pledge, "pledge", &violations);
  EXPECT_THAT(
      Fields(violations),
      ElementsAre(
          "pledge.no_reason_return.window_days", "pledge.no_reason_return.excluded_goods[1]",
          "pledge.no_reason_return.excluded_goods[2]", "pledge.no_reason_return.excluded_goods[3]",
          "pledge.no_reason_return.excluded_items[1]", "pledge.no_reason_return.conditions[1]",
          "pledge.no_reason_return.refund_method", "pledge.valid_until"));
}

TEST(PledgeTermsTest, EveryControlledExclusionIsAccepted) {
  v1::Pledge pledge = ValidReturnPledge();
  pledge.mutable_no_reason_return()->clear_excluded_goods();
  for (int g = v1::ExcludedGoods_MIN + 1; g <= v1::ExcludedGoods_MAX; ++g) {
    pledge.mutable_no_reason_return()->add_excluded_goods(static_cast<v1::ExcludedGoods>(g));
  }
  FieldViolations violations;
  ValidatePledgeTerms(pledge, "pledge", &violations);
  EXPECT_THAT(Fields(violations), IsEmpty());
}

TEST(PledgeTermsTest, TooManyFreeTextItems) {
  v1::Pledge pledge = ValidReturnPledge();
  for (int i = 0; i < kMaxListItems; ++i) pledge.mutable_no_reason_return()->add_conditions("c");
  FieldViolations violations;
  ValidatePledgeTerms(pledge, "pledge", &violations);
  EXPECT_THAT(Fields(violations), ElementsAre("pledge.no_reason_return.conditions"));
}

TEST(PledgeTermsTest, KindAndTermsMustAgree) {
  v1::Pledge pledge = ValidReturnPledge();
  pledge.set_kind(v1::PLEDGE_KIND_ADVANCE_COMPENSATION);
  FieldViolations violations;
  ValidatePledgeTerms(pledge, "pledge", &violations);
  EXPECT_THAT(Fields(violations), ElementsAre("pledge.advance_compensation"));

  pledge.set_kind(v1::PLEDGE_KIND_UNSPECIFIED);
  FieldViolations no_kind;
  ValidatePledgeTerms(pledge, "pledge", &no_kind);
  EXPECT_THAT(Fields(no_kind), ElementsAre("pledge.kind"));
}

TEST(PledgeTermsTest, AdvanceCompensationNeedsAScopeAndDates) {
  v1::Pledge pledge;
  pledge.set_kind(v1::PLEDGE_KIND_ADVANCE_COMPENSATION);
  pledge.mutable_advance_compensation();
  FieldViolations violations;
  ValidatePledgeTerms(pledge, "pledge", &violations);
  EXPECT_THAT(Fields(violations), ElementsAre("pledge.advance_compensation.scope",
                                              "pledge.valid_from", "pledge.valid_until"));
  pledge.mutable_advance_compensation()->set_scope(v1::ADVANCE_COMPENSATION_SCOPE_CATERING_QUALITY);
  pledge.mutable_valid_from()->set_seconds(100);
  pledge.mutable_valid_until()->set_seconds(200);
  FieldViolations none;
  ValidatePledgeTerms(pledge, "pledge", &none);
  EXPECT_THAT(Fields(none), IsEmpty());
}

TEST(PledgeTermsTest, InForceOnlyWhileActiveAndWithinItsDates) {
  v1::Pledge pledge = ValidReturnPledge();
  const absl::Time from = absl::FromUnixSeconds(pledge.valid_from().seconds());
  const absl::Time until = absl::FromUnixSeconds(pledge.valid_until().seconds());
  pledge.set_state(AC);
  EXPECT_FALSE(IsInForce(pledge, from - absl::Seconds(1)));
  EXPECT_TRUE(IsInForce(pledge, from));
  EXPECT_TRUE(IsInForce(pledge, until - absl::Seconds(1)));
  EXPECT_FALSE(IsInForce(pledge, until));
  pledge.set_state(S);
  EXPECT_FALSE(IsInForce(pledge, from));
}

}  // namespace
}  // namespace fangxin
