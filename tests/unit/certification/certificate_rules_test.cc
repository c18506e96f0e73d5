#include "services/certification/rules/certificate_rules.h"

#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/certification/rules/programme_rules.h"
#include "services/certification/rules/time_util.h"
#include "tests/unit/certification/cert_test_util.h"

namespace fangxin {
namespace {

using ::testing::HasSubstr;
using C = CertificateAction;
using cert_test::StoreProgramme;

constexpr auto VAL = v1::VALID;
constexpr auto RECT = v1::RECTIFYING;
constexpr auto REV = v1::REVOKED;
constexpr auto EXP = v1::EXPIRED;

constexpr absl::Duration kDay = absl::Hours(24);
constexpr absl::Duration kYear = absl::Hours(24 * 365);
const absl::Time kIssue = absl::FromUnixSeconds(1'760'000'000);

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) { return FromProto(timestamp); }

// ---- The state machine ----------------------------------------------------------------------

struct Row {
  v1::CertificateState from;
  CertificateAction action;
  v1::CertificateState next;
};

const Row kLiveTable[] = {
    {VAL, C::kReEvaluationPassed, VAL},
    {VAL, C::kReEvaluationFailed, RECT},
    {VAL, C::kRevoke, REV},
    {VAL, C::kExpire, EXP},
    {RECT, C::kReEvaluationPassed, VAL},
    {RECT, C::kReEvaluationFailed, REV},
    {RECT, C::kRevoke, REV},
    {RECT, C::kExpire, EXP},
};

TEST(CertificateRulesTest, EveryTransitionOfTheLiveStates) {
  std::set<std::pair<int, int>> covered;
  for (const Row& row : kLiveTable) {
    SCOPED_TRACE(
        absl::StrCat(v1::CertificateState_Name(row.from), " ", CertificateActionName(row.action)));
    covered.insert({row.from, static_cast<int>(row.action)});
    absl::StatusOr<v1::CertificateState> next = NextCertificateState(row.from, row.action);
    ASSERT_TRUE(next.ok()) << next.status();
    EXPECT_EQ(*next, row.next);
  }
  for (v1::CertificateState state : {VAL, RECT}) {
    for (CertificateAction action : kAllCertificateActions) {
      EXPECT_TRUE(covered.count({state, static_cast<int>(action)}));
    }
  }
}

TEST(CertificateRulesTest, FinalAndUnspecifiedStatesRefuseEveryAction) {
  for (v1::CertificateState state : {REV, EXP, v1::CERTIFICATE_STATE_UNSPECIFIED}) {
    for (CertificateAction action : kAllCertificateActions) {
      SCOPED_TRACE(
          absl::StrCat(v1::CertificateState_Name(state), " ", CertificateActionName(action)));
      absl::StatusOr<v1::CertificateState> next = NextCertificateState(state, action);
      ASSERT_FALSE(next.ok());
      EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_EQ(ErrorReasonOf(next.status()), kCertificateFinal);
      EXPECT_THAT(next.status().message(), HasSubstr(v1::CertificateState_Name(state)));
    }
  }
}

TEST(CertificateRulesTest, LiveAndFinalStates) {
  EXPECT_TRUE(IsLiveCertificate(VAL));
  EXPECT_TRUE(IsLiveCertificate(RECT));
  EXPECT_FALSE(IsLiveCertificate(REV));
  EXPECT_FALSE(IsLiveCertificate(EXP));
  EXPECT_FALSE(IsLiveCertificate(v1::CERTIFICATE_STATE_UNSPECIFIED));
  EXPECT_TRUE(IsFinalCertificateState(REV));
  EXPECT_TRUE(IsFinalCertificateState(EXP));
  EXPECT_FALSE(IsFinalCertificateState(VAL));
  EXPECT_FALSE(IsFinalCertificateState(RECT));
}

// ---- Due work -------------------------------------------------------------------------------

v1::Certificate Issued(v1::CertificateState state) {
  v1::Certificate certificate;
  certificate.set_name("certificates/c1");
  certificate.set_state(state);
  ToProto(kIssue, certificate.mutable_issue_time());
  ToProto(kIssue + 3 * kYear, certificate.mutable_valid_until());
  ToProto(kIssue + kYear, certificate.mutable_next_evaluation_time());
  if (state == RECT)
    ToProto(kIssue + kYear + 90 * kDay, certificate.mutable_rectification_deadline());
  return certificate;
}

TEST(DueWorkTest, ValidIsReEvaluatedFromItsEvaluationTime) {
  const v1::Certificate certificate = Issued(VAL);
  EXPECT_EQ(DueWork(certificate, kIssue), CertificateDue::kNothing);
  EXPECT_EQ(DueWork(certificate, kIssue + kYear - absl::Seconds(1)), CertificateDue::kNothing);
  EXPECT_EQ(DueWork(certificate, kIssue + kYear), CertificateDue::kReEvaluate);
}

TEST(DueWorkTest, ExpiryAtValidUntilComesFirst) {
  for (v1::CertificateState state : {VAL, RECT}) {
    SCOPED_TRACE(v1::CertificateState_Name(state));
    const v1::Certificate certificate = Issued(state);
    // One second before, the other work (overdue here) is what is due.
    EXPECT_NE(DueWork(certificate, kIssue + 3 * kYear - absl::Seconds(1)), CertificateDue::kExpire);
    EXPECT_EQ(DueWork(certificate, kIssue + 3 * kYear), CertificateDue::kExpire);
  }
}

TEST(DueWorkTest, RectifyingIsCheckedAtItsDeadline) {
  const v1::Certificate certificate = Issued(RECT);
  const absl::Time deadline = kIssue + kYear + 90 * kDay;
  // Past next_evaluation_time but rectifying: the yearly re-evaluation does not apply.
  EXPECT_EQ(DueWork(certificate, deadline - absl::Seconds(1)), CertificateDue::kNothing);
  EXPECT_EQ(DueWork(certificate, deadline), CertificateDue::kRectificationCheck);
}

TEST(DueWorkTest, FinalCertificatesHaveNothingDue) {
  for (v1::CertificateState state : {REV, EXP}) {
    v1::Certificate certificate = Issued(VAL);
    certificate.set_state(state);
    EXPECT_EQ(DueWork(certificate, kIssue + 10 * kYear), CertificateDue::kNothing);
  }
}

TEST(NextEvaluationTimeTest, FirstAnniversaryStrictlyAfterNow) {
  EXPECT_EQ(NextEvaluationTime(kIssue, kIssue), kIssue + kYear);
  EXPECT_EQ(NextEvaluationTime(kIssue, kIssue - kDay), kIssue + kYear);
  EXPECT_EQ(NextEvaluationTime(kIssue, kIssue + kYear - absl::Seconds(1)), kIssue + kYear);
  EXPECT_EQ(NextEvaluationTime(kIssue, kIssue + kYear), kIssue + 2 * kYear);
  EXPECT_EQ(NextEvaluationTime(kIssue, kIssue + kYear + absl::Seconds(1)), kIssue + 2 * kYear);
  EXPECT_EQ(NextEvaluationTime(kIssue, kIssue + 2 * kYear + 40 * kDay), kIssue + 3 * kYear);
}

// ---- Re-evaluation --------------------------------------------------------------------------

v1::Evaluation WithVerdict(v1::Verdict verdict) {
  v1::Evaluation evaluation;
  evaluation.set_verdict(verdict);
  evaluation.set_summary(absl::StrCat(v1::Verdict_Name(verdict), ": 70 of 110 points"));
  return evaluation;
}

TEST(ApplyReEvaluationTest, ValidPassStaysValidForAnotherYear) {
  const absl::Time now = kIssue + kYear + kDay;
  absl::StatusOr<v1::Certificate> updated =
      ApplyReEvaluation(Issued(VAL), WithVerdict(v1::PASS), StoreProgramme(), now);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->state(), VAL);
  EXPECT_EQ(TimeOf(updated->next_evaluation_time()), kIssue + 2 * kYear);
  EXPECT_FALSE(updated->has_rectification_deadline());
  EXPECT_EQ(updated->last_evaluation().verdict(), v1::PASS);
  EXPECT_THAT(updated->state_reason(), HasSubstr("passed"));
}

TEST(ApplyReEvaluationTest, ValidFailRectifiesByTheProgrammesDeadline) {
  const absl::Time now = kIssue + kYear;
  v1::Programme programme = StoreProgramme();
  programme.set_rectification_days(30);
  absl::StatusOr<v1::Certificate> updated =
      ApplyReEvaluation(Issued(VAL), WithVerdict(v1::FAIL), programme, now);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->state(), RECT);
  EXPECT_EQ(TimeOf(updated->rectification_deadline()), now + 30 * kDay);
  EXPECT_EQ(TimeOf(updated->next_evaluation_time()), kIssue + 2 * kYear);
  EXPECT_EQ(updated->last_evaluation().verdict(), v1::FAIL);
  EXPECT_THAT(updated->state_reason(), HasSubstr("30 days to rectify"));
  EXPECT_FALSE(updated->has_revoke_time());
}

TEST(ApplyReEvaluationTest, RectificationDaysDefaultWhenUnset) {
  const absl::Time now = kIssue + kYear;
  v1::Programme programme = StoreProgramme();
  programme.set_rectification_days(0);
  absl::StatusOr<v1::Certificate> updated =
      ApplyReEvaluation(Issued(VAL), WithVerdict(v1::FAIL), programme, now);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(TimeOf(updated->rectification_deadline()), now + kDefaultRectificationDays * kDay);
}

TEST(ApplyReEvaluationTest, PendingCountsAsFailed) {
  absl::StatusOr<v1::Certificate> updated =
      ApplyReEvaluation(Issued(VAL), WithVerdict(v1::PENDING), StoreProgramme(), kIssue + kYear);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->state(), RECT);
}

TEST(ApplyReEvaluationTest, RectifyingPassReturnsToValid) {
  const v1::Certificate certificate = Issued(RECT);
  const absl::Time now = TimeOf(certificate.rectification_deadline());
  absl::StatusOr<v1::Certificate> updated =
      ApplyReEvaluation(certificate, WithVerdict(v1::PASS), StoreProgramme(), now);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->state(), VAL);
  EXPECT_FALSE(updated->has_rectification_deadline());
  EXPECT_EQ(TimeOf(updated->next_evaluation_time()), kIssue + 2 * kYear);
  EXPECT_THAT(updated->state_reason(), HasSubstr("rectified"));
}

TEST(ApplyReEvaluationTest, RectifyingFailAtTheDeadlineRevokes) {
  const v1::Certificate certificate = Issued(RECT);
  const absl::Time now = TimeOf(certificate.rectification_deadline());
  absl::StatusOr<v1::Certificate> updated =
      ApplyReEvaluation(certificate, WithVerdict(v1::FAIL), StoreProgramme(), now);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->state(), REV);
  EXPECT_EQ(TimeOf(updated->revoke_time()), now);
  EXPECT_EQ(updated->last_evaluation().verdict(), v1::FAIL);
  EXPECT_THAT(updated->state_reason(), HasSubstr("rectification deadline"));
}

TEST(ApplyReEvaluationTest, RectifyingFailBeforeTheDeadlineKeepsRectifying) {
  const v1::Certificate certificate = Issued(RECT);
  const absl::Time deadline = TimeOf(certificate.rectification_deadline());
  absl::StatusOr<v1::Certificate> updated = ApplyReEvaluation(
      certificate, WithVerdict(v1::FAIL), StoreProgramme(), deadline - absl::Seconds(1));
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->state(), RECT);
  EXPECT_EQ(TimeOf(updated->rectification_deadline()), deadline);
  EXPECT_FALSE(updated->has_revoke_time());
  EXPECT_EQ(updated->last_evaluation().verdict(), v1::FAIL);
}

TEST(ApplyReEvaluationTest, FinalCertificatesAreRefused) {
  for (v1::CertificateState state : {REV, EXP}) {
    v1::Certificate certificate = Issued(VAL);
    certificate.set_state(state);
    absl::StatusOr<v1::Certificate> updated =
        ApplyReEvaluation(certificate, WithVerdict(v1::PASS), StoreProgramme(), kIssue + kYear);
    ASSERT_FALSE(updated.ok());
    EXPECT_EQ(updated.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ErrorReasonOf(updated.status()), kCertificateFinal);
  }
}

// ---- A new certificate ----------------------------------------------------------------------

v1::Application CertifiedApplication() {
  v1::Application application;
  application.set_name("applications/a1");
  application.set_programme("programs/brand");
  application.set_criteria_version(3);
  application.set_unit("merchants/91110000600037341L/stores/s1");
  application.set_unit_kind(v1::UNIT_STORE);
  application.set_category(v1::INTEGRITY_BRAND_ENTERPRISE);
  application.set_level(v1::CITY_ADVANCED);
  application.set_division("divisions/320902");
  application.set_township("divisions/320902001");
  application.set_area("areas/old-street");
  application.set_merchant("merchants/91110000600037341L");
  application.set_state(v1::CERTIFIED);
  application.mutable_evaluation()->set_verdict(v1::PASS);
  application.mutable_evaluation()->set_total_points(95);
  return application;
}

TEST(NewCertificateTest, CopiesTheApplicationAndSetsTheDates) {
  v1::Programme programme = StoreProgramme();
  programme.set_validity_days(730);
  const v1::Certificate certificate = NewCertificate(CertifiedApplication(), programme, kIssue);
  EXPECT_EQ(certificate.programme(), "programs/brand");
  EXPECT_EQ(certificate.criteria_version(), 3);
  EXPECT_EQ(certificate.category(), v1::INTEGRITY_BRAND_ENTERPRISE);
  EXPECT_EQ(certificate.level(), v1::CITY_ADVANCED);
  EXPECT_EQ(certificate.unit(), "merchants/91110000600037341L/stores/s1");
  EXPECT_EQ(certificate.unit_kind(), v1::UNIT_STORE);
  EXPECT_EQ(certificate.division(), "divisions/320902");
  EXPECT_EQ(certificate.township(), "divisions/320902001");
  EXPECT_EQ(certificate.area(), "areas/old-street");
  EXPECT_EQ(certificate.merchant(), "merchants/91110000600037341L");
  EXPECT_EQ(certificate.application(), "applications/a1");
  EXPECT_EQ(certificate.state(), VAL);
  EXPECT_EQ(certificate.issuer(), "fangxin");
  EXPECT_EQ(TimeOf(certificate.issue_time()), kIssue);
  EXPECT_EQ(TimeOf(certificate.valid_until()), kIssue + 730 * kDay);
  EXPECT_EQ(TimeOf(certificate.next_evaluation_time()), kIssue + kYear);
  EXPECT_FALSE(certificate.has_rectification_deadline());
  EXPECT_EQ(certificate.last_evaluation().total_points(), 95);
  // Left to the caller.
  EXPECT_TRUE(certificate.name().empty());
  EXPECT_TRUE(certificate.number().empty());
  EXPECT_TRUE(certificate.unit_display_name().empty());
}

TEST(NewCertificateTest, ValidityDefaultsToThreeYears) {
  v1::Programme programme = StoreProgramme();
  programme.set_validity_days(0);
  const v1::Certificate certificate = NewCertificate(CertifiedApplication(), programme, kIssue);
  EXPECT_EQ(TimeOf(certificate.valid_until()), kIssue + kDefaultValidityDays * kDay);
}

TEST(TimeUtilTest, RoundTripsIncludingNanosAndTimesBeforeTheEpoch) {
  for (absl::Time time : {kIssue, kIssue + absl::Nanoseconds(123456789), absl::UnixEpoch(),
                          absl::UnixEpoch() - absl::Nanoseconds(1)}) {
    google::protobuf::Timestamp timestamp;
    ToProto(time, &timestamp);
    EXPECT_GE(timestamp.nanos(), 0);
    EXPECT_LT(timestamp.nanos(), 1'000'000'000);
    EXPECT_EQ(FromProto(timestamp), time);
  }
}

}  // namespace
}  // namespace fangxin
