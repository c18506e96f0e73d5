#include "services/certification/rules/application_rules.h"

#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/certification/rules/time_util.h"
#include "tests/unit/certification/cert_test_util.h"

namespace fangxin {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using A = ApplicationAction;
using cert_test::FieldsOf;
using cert_test::Score;
using cert_test::StoreProgramme;

constexpr auto SUB = v1::SUBMITTED;
constexpr auto REV = v1::UNDER_REVIEW;
constexpr auto NOT = v1::PUBLIC_NOTICE;
constexpr auto REJ = v1::REJECTED;
constexpr auto CER = v1::CERTIFIED;
constexpr v1::ApplicationState X = v1::APPLICATION_STATE_UNSPECIFIED;

// One row per (open state, action): the next state, or the reason of the refusal.
struct Row {
  v1::ApplicationState from;
  ApplicationAction action;
  v1::ApplicationState next;  // X when refused.
  const char* reason;         // nullptr when allowed.
};

const Row kTable[] = {
    // SUBMITTED: only the pre-check.
    {SUB, A::kPrecheckPass, REV, nullptr},
    {SUB, A::kPrecheckFail, REJ, nullptr},
    {SUB, A::kScore, X, kApplicationNotUnderReview},
    {SUB, A::kApprove, X, kApplicationNotUnderReview},
    {SUB, A::kReject, X, kApplicationNotUnderReview},
    {SUB, A::kLodgeObjection, X, kApplicationNotInNotice},
    {SUB, A::kUpholdObjection, X, kApplicationNotInNotice},
    {SUB, A::kDismissObjection, X, kApplicationNotInNotice},
    {SUB, A::kCompleteNotice, X, kApplicationNotInNotice},
    // UNDER_REVIEW: scoring and the decision.
    {REV, A::kPrecheckPass, X, kApplicationNotSubmitted},
    {REV, A::kPrecheckFail, X, kApplicationNotSubmitted},
    {REV, A::kScore, REV, nullptr},
    {REV, A::kApprove, NOT, nullptr},
    {REV, A::kReject, REJ, nullptr},
    {REV, A::kLodgeObjection, X, kApplicationNotInNotice},
    {REV, A::kUpholdObjection, X, kApplicationNotInNotice},
    {REV, A::kDismissObjection, X, kApplicationNotInNotice},
    {REV, A::kCompleteNotice, X, kApplicationNotInNotice},
    // PUBLIC_NOTICE: objections and completion.
    {NOT, A::kPrecheckPass, X, kApplicationNotSubmitted},
    {NOT, A::kPrecheckFail, X, kApplicationNotSubmitted},
    {NOT, A::kScore, X, kApplicationNotUnderReview},
    {NOT, A::kApprove, X, kApplicationNotUnderReview},
    {NOT, A::kReject, X, kApplicationNotUnderReview},
    {NOT, A::kLodgeObjection, NOT, nullptr},
    {NOT, A::kUpholdObjection, REV, nullptr},
    {NOT, A::kDismissObjection, NOT, nullptr},
    {NOT, A::kCompleteNotice, CER, nullptr},
};

TEST(ApplicationRulesTest, EveryTransitionOfTheOpenStates) {
  std::set<std::pair<int, int>> covered;
  for (const Row& row : kTable) {
    SCOPED_TRACE(
        absl::StrCat(v1::ApplicationState_Name(row.from), " ", ApplicationActionName(row.action)));
    covered.insert({row.from, static_cast<int>(row.action)});
    absl::StatusOr<v1::ApplicationState> next = NextApplicationState(row.from, row.action);
    if (row.reason == nullptr) {
      ASSERT_TRUE(next.ok()) << next.status();
      EXPECT_EQ(*next, row.next);
    } else {
      ASSERT_FALSE(next.ok());
      EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_EQ(ErrorReasonOf(next.status()), row.reason);
      EXPECT_THAT(next.status().message(), HasSubstr(v1::ApplicationState_Name(row.from)));
    }
  }
  // The table is exhaustive over the open states.
  for (v1::ApplicationState state : {SUB, REV, NOT}) {
    for (ApplicationAction action : kAllApplicationActions) {
      EXPECT_TRUE(covered.count({state, static_cast<int>(action)}))
          << v1::ApplicationState_Name(state) << " " << ApplicationActionName(action);
    }
  }
}

TEST(ApplicationRulesTest, FinalAndUnspecifiedStatesRefuseEveryAction) {
  for (v1::ApplicationState state : {REJ, CER, v1::WITHDRAWN, X}) {
    for (ApplicationAction action : kAllApplicationActions) {
      SCOPED_TRACE(
          absl::StrCat(v1::ApplicationState_Name(state), " ", ApplicationActionName(action)));
      absl::StatusOr<v1::ApplicationState> next = NextApplicationState(state, action);
      ASSERT_FALSE(next.ok());
      EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_EQ(ErrorReasonOf(next.status()), kApplicationFinal);
    }
  }
}

TEST(ApplicationRulesTest, FinalAndOpenStates) {
  EXPECT_TRUE(IsFinalApplicationState(REJ));
  EXPECT_TRUE(IsFinalApplicationState(CER));
  EXPECT_TRUE(IsFinalApplicationState(v1::WITHDRAWN));
  EXPECT_FALSE(IsFinalApplicationState(SUB));
  EXPECT_FALSE(IsFinalApplicationState(REV));
  EXPECT_FALSE(IsFinalApplicationState(NOT));
  EXPECT_TRUE(IsOpenApplication(SUB));
  EXPECT_TRUE(IsOpenApplication(REV));
  EXPECT_TRUE(IsOpenApplication(NOT));
  EXPECT_FALSE(IsOpenApplication(REJ));
  EXPECT_FALSE(IsOpenApplication(CER));
  EXPECT_FALSE(IsOpenApplication(v1::WITHDRAWN));
  EXPECT_FALSE(IsOpenApplication(X));
}

TEST(ApplicationRulesTest, EveryActionHasAName) {
  std::set<std::string> names;
  for (ApplicationAction action : kAllApplicationActions) {
    names.insert(std::string(ApplicationActionName(action)));
  }
  EXPECT_EQ(names.size(), std::size(kAllApplicationActions));
  EXPECT_EQ(names.count("change"), 0u);
}

// ---- The public notice ----------------------------------------------------------------------

const absl::Time kNoticeEnd = absl::FromUnixSeconds(1'790'000'000);

v1::Application InNotice() {
  v1::Application application;
  application.set_state(NOT);
  ToProto(kNoticeEnd, application.mutable_notice_end_time());
  return application;
}

void AddObjection(v1::Application* application, v1::ObjectionState state) {
  v1::Objection* objection = application->add_objections();
  objection->set_id(application->objections_size());
  objection->set_state(state);
}

TEST(ApplicationRulesTest, HasOpenObjection) {
  v1::Application application = InNotice();
  EXPECT_FALSE(HasOpenObjection(application));
  AddObjection(&application, v1::OBJECTION_DISMISSED);
  AddObjection(&application, v1::OBJECTION_UPHELD);
  EXPECT_FALSE(HasOpenObjection(application));
  AddObjection(&application, v1::OBJECTION_OPEN);
  EXPECT_TRUE(HasOpenObjection(application));
}

TEST(ApplicationRulesTest, NoticeCompletesExactlyAtItsEnd) {
  const v1::Application application = InNotice();
  EXPECT_FALSE(NoticeComplete(application, kNoticeEnd - absl::Seconds(1)));
  EXPECT_TRUE(NoticeComplete(application, kNoticeEnd));
  EXPECT_TRUE(NoticeComplete(application, kNoticeEnd + absl::Hours(24)));
}

TEST(ApplicationRulesTest, AnOpenObjectionHoldsTheNotice) {
  v1::Application application = InNotice();
  AddObjection(&application, v1::OBJECTION_OPEN);
  EXPECT_FALSE(NoticeComplete(application, kNoticeEnd + absl::Hours(24)));
  application.mutable_objections(0)->set_state(v1::OBJECTION_DISMISSED);
  EXPECT_TRUE(NoticeComplete(application, kNoticeEnd + absl::Hours(24)));
}

TEST(ApplicationRulesTest, OnlyAnApplicationInNoticeCompletes) {
  for (v1::ApplicationState state : {SUB, REV, REJ, CER, v1::WITHDRAWN}) {
    v1::Application application = InNotice();
    application.set_state(state);
    EXPECT_FALSE(NoticeComplete(application, kNoticeEnd + absl::Hours(24)))
        << v1::ApplicationState_Name(state);
  }
}

// ---- Manual scores -------------------------------------------------------------------------

using Scores = google::protobuf::RepeatedPtrField<v1::ManualScore>;

std::vector<std::string> ScoreViolations(const Scores& scores) {
  FieldViolations violations;
  ValidateManualScores(scores, StoreProgramme(), "scores", &violations);
  return FieldsOf(violations);
}

Scores OneScore(v1::ManualScore score) {
  Scores scores;
  *scores.Add() = std::move(score);
  return scores;
}

TEST(ManualScoresTest, ValidScoresPass) {
  Scores scores;
  *scores.Add() = Score("display", 50);
  *scores.Add() = Score("community", 0);
  scores[0].add_evidence_links("https://example.org/photo/1.jpg");
  scores[0].add_evidence_links("http://example.org/report");
  EXPECT_THAT(ScoreViolations(scores), ElementsAre());
}

TEST(ManualScoresTest, AtLeastOneScore) {
  EXPECT_THAT(ScoreViolations(Scores()), ElementsAre("scores"));
}

TEST(ManualScoresTest, CriterionIdRequired) {
  EXPECT_THAT(ScoreViolations(OneScore(Score("", 1))), ElementsAre("scores[0].criterion_id"));
}

TEST(ManualScoresTest, UnknownCriterionRefused) {
  FieldViolations violations;
  ValidateManualScores(OneScore(Score("no_such", 1)), StoreProgramme(), "scores", &violations);
  ASSERT_THAT(FieldsOf(violations), ElementsAre("scores[0].criterion_id"));
  EXPECT_THAT(violations.list()[0].description, HasSubstr("criteria version 3"));
}

TEST(ManualScoresTest, AutomaticCriterionCannotBeScored) {
  EXPECT_THAT(ScoreViolations(OneScore(Score("on_time", 1))),
              ElementsAre("scores[0].criterion_id"));
}

TEST(ManualScoresTest, DuplicateCriterionRefused) {
  Scores scores;
  *scores.Add() = Score("display", 40);
  *scores.Add() = Score("display", 45);
  EXPECT_THAT(ScoreViolations(scores), ElementsAre("scores[1].criterion_id"));
}

TEST(ManualScoresTest, ScoreWithinZeroAndPoints) {
  EXPECT_THAT(ScoreViolations(OneScore(Score("display", 0))), ElementsAre());
  EXPECT_THAT(ScoreViolations(OneScore(Score("display", 50))), ElementsAre());
  EXPECT_THAT(ScoreViolations(OneScore(Score("display", 51))), ElementsAre("scores[0].score"));
  EXPECT_THAT(ScoreViolations(OneScore(Score("display", -1))), ElementsAre("scores[0].score"));
}

TEST(ManualScoresTest, EvidenceRequiredAndBounded) {
  v1::ManualScore score = Score("display", 40);
  score.clear_evidence();
  EXPECT_THAT(ScoreViolations(OneScore(score)), ElementsAre("scores[0].evidence"));
  score.set_evidence(std::string(2000, 'x'));
  EXPECT_THAT(ScoreViolations(OneScore(score)), ElementsAre());
  score.set_evidence(std::string(2001, 'x'));
  EXPECT_THAT(ScoreViolations(OneScore(score)), ElementsAre("scores[0].evidence"));
}

TEST(ManualScoresTest, AtMostTenLinks) {
  v1::ManualScore score = Score("display", 40);
  for (int i = 0; i < 10; ++i) score.add_evidence_links(absl::StrCat("https://e.org/", i));
  EXPECT_THAT(ScoreViolations(OneScore(score)), ElementsAre());
  score.add_evidence_links("https://e.org/10");
  EXPECT_THAT(ScoreViolations(OneScore(score)), ElementsAre("scores[0].evidence_links"));
}

TEST(ManualScoresTest, LinksAreHttpOfAtMost500Characters) {
  v1::ManualScore score = Score("display", 40);
  const std::string prefix = "https://e.org/";
  score.add_evidence_links(prefix + std::string(500 - prefix.size(), 'a'));  // 500: fine.
  score.add_evidence_links(prefix + std::string(501 - prefix.size(), 'a'));
  score.add_evidence_links("ftp://e.org/file");
  score.add_evidence_links("e.org/no-scheme");
  score.add_evidence_links("https://");
  score.add_evidence_links("https://e.org/a b");
  EXPECT_THAT(ScoreViolations(OneScore(score)),
              ElementsAre("scores[0].evidence_links[1]", "scores[0].evidence_links[2]",
                          "scores[0].evidence_links[3]", "scores[0].evidence_links[4]",
                          "scores[0].evidence_links[5]"));
}

TEST(ManualScoresTest, EveryBadScoreIsReported) {
  Scores scores;
  *scores.Add() = Score("display", 99);
  *scores.Add() = Score("nope", 1);
  scores[1].clear_evidence();
  EXPECT_THAT(ScoreViolations(scores),
              ElementsAre("scores[0].score", "scores[1].criterion_id", "scores[1].evidence"));
}

}  // namespace
}  // namespace fangxin
