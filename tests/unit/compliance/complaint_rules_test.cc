// Every (from state, to state, outcome) of a complaint update, allowed or refused, with the
// exact code, reason and field.

#include "services/compliance/complaint_rules.h"

#include <string>

#include "common/errors.h"
#include "gtest/gtest.h"

namespace fangxin {
namespace {

using S = v1::ComplaintState;
using O = v1::ComplaintOutcome;

constexpr S kStates[] = {v1::COMPLAINT_STATE_UNSPECIFIED, v1::COMPLAINT_STATE_RECEIVED,
                         v1::COMPLAINT_STATE_ACCEPTED, v1::COMPLAINT_STATE_REJECTED,
                         v1::COMPLAINT_STATE_RESOLVED};
constexpr O kOutcomes[] = {v1::COMPLAINT_OUTCOME_UNSPECIFIED, v1::COMPLAINT_OUTCOME_UPHELD,
                           v1::COMPLAINT_OUTCOME_NOT_UPHELD, v1::COMPLAINT_OUTCOME_MEDIATED};

// The expected answer: "ok", "bad:<fields>" (INVALID_ARGUMENT naming every bad field, in
// order) or "transition" (FAILED_PRECONDITION COMPLAINT_BAD_TRANSITION).
std::string Expected(S from, S to, O outcome) {
  std::string bad;
  if (to == v1::COMPLAINT_STATE_UNSPECIFIED || to == v1::COMPLAINT_STATE_RECEIVED) bad = "state";
  if ((to == v1::COMPLAINT_STATE_RESOLVED) == (outcome == v1::COMPLAINT_OUTCOME_UNSPECIFIED)) {
    bad += bad.empty() ? "outcome" : ",outcome";
  }
  if (!bad.empty()) return "bad:" + bad;
  if (from == v1::COMPLAINT_STATE_RECEIVED &&
      (to == v1::COMPLAINT_STATE_ACCEPTED || to == v1::COMPLAINT_STATE_REJECTED)) {
    return "ok";
  }
  if (from == v1::COMPLAINT_STATE_ACCEPTED && to == v1::COMPLAINT_STATE_RESOLVED) return "ok";
  return "transition";
}

std::string Actual(const absl::Status& status) {
  if (status.ok()) return "ok";
  if (status.code() == absl::StatusCode::kInvalidArgument) {
    std::string fields;
    for (const FieldViolation& v : FieldViolationsOf(status)) {
      fields += (fields.empty() ? "" : ",") + v.field;
    }
    return "bad:" + fields;
  }
  if (status.code() == absl::StatusCode::kFailedPrecondition &&
      ErrorReasonOf(status) == kComplaintBadTransition) {
    return "transition";
  }
  return status.ToString();
}

TEST(ComplaintRulesTest, EveryUpdateIsAllowedOrRefusedAsTheLifeSays) {
  int allowed = 0;
  for (S from : kStates) {
    for (S to : kStates) {
      for (O outcome : kOutcomes) {
        const std::string expected = Expected(from, to, outcome);
        EXPECT_EQ(Actual(CheckComplaintUpdate(from, to, outcome)), expected)
            << v1::ComplaintState_Name(from) << " -> " << v1::ComplaintState_Name(to) << " with "
            << v1::ComplaintOutcome_Name(outcome);
        allowed += expected == "ok";
      }
    }
  }
  // RECEIVED -> ACCEPTED, RECEIVED -> REJECTED, ACCEPTED -> RESOLVED x 3 outcomes.
  EXPECT_EQ(allowed, 5);
}

TEST(ComplaintRulesTest, RejectedAndResolvedAreFinal) {
  for (S to : {v1::COMPLAINT_STATE_ACCEPTED, v1::COMPLAINT_STATE_REJECTED}) {
    EXPECT_EQ(ErrorReasonOf(CheckComplaintUpdate(v1::COMPLAINT_STATE_REJECTED, to,
                                                 v1::COMPLAINT_OUTCOME_UNSPECIFIED)),
              kComplaintBadTransition);
    EXPECT_EQ(ErrorReasonOf(CheckComplaintUpdate(v1::COMPLAINT_STATE_RESOLVED, to,
                                                 v1::COMPLAINT_OUTCOME_UNSPECIFIED)),
              kComplaintBadTransition);
  }
}

TEST(ComplaintRulesTest, AnUnknownOutcomeNumberIsNamed) {
  absl::Status s = CheckComplaintUpdate(v1::COMPLAINT_STATE_ACCEPTED, v1::COMPLAINT_STATE_RESOLVED,
                                        static_cast<O>(42));
  ASSERT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldViolationsOf(s)[0].field, "outcome");
}

}  // namespace
}  // namespace fangxin
