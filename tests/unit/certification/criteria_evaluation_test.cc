#include "services/certification/rules/criteria_evaluation.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/certification/rules/programme_rules.h"
#include "services/certification/rules/time_util.h"
#include "tests/unit/certification/cert_test_util.h"

namespace fangxin {
namespace {

using cert_test::Automatic;
using cert_test::Bonus;
using cert_test::Manual;
using cert_test::Score;
using cert_test::StoreProgramme;
using cert_test::Veto;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using Scores = google::protobuf::RepeatedPtrField<v1::ManualScore>;

const absl::Time kNow = absl::FromUnixSeconds(1'780'000'000);

v1::Programme WithCriteria(std::vector<v1::Criterion> criteria, int pass_mark, int bonus_cap = 0) {
  v1::Programme programme;
  programme.set_criteria_version(1);
  for (v1::Criterion& criterion : criteria) *programme.add_criteria() = std::move(criterion);
  programme.set_pass_mark(pass_mark);
  programme.set_bonus_cap(bonus_cap);
  return programme;
}

Scores ScoresOf(std::vector<v1::ManualScore> list) {
  Scores scores;
  for (v1::ManualScore& score : list) *scores.Add() = std::move(score);
  return scores;
}

// ---- AUTOMATIC: every metric, both comparisons, at and either side of the threshold ----------

struct Probe {
  const char* where;
  double value;
  bool met_at_least;
  bool met_at_most;
};

TEST(EvaluateTest, EveryMetricAndComparisonAtTheThreshold) {
  for (int m = v1::Metric_MIN + 1; m <= v1::Metric_MAX; ++m) {
    const v1::Metric metric = static_cast<v1::Metric>(m);
    const bool share = IsShareMetric(metric);
    const double threshold = share ? 0.9 : 5;
    const double step = share ? 0.001 : 1;
    const Probe probes[] = {
        {"at", threshold, true, true},
        {"just below", threshold - step, false, true},
        {"just above", threshold + step, true, false},
    };
    for (v1::Comparison comparison : {v1::AT_LEAST, v1::AT_MOST}) {
      for (const Probe& probe : probes) {
        SCOPED_TRACE(absl::StrCat(v1::Metric_Name(metric), " ", v1::Comparison_Name(comparison),
                                  " ", probe.where));
        const bool expect_met = comparison == v1::AT_LEAST ? probe.met_at_least : probe.met_at_most;
        const v1::Programme programme =
            WithCriteria({Automatic("c", metric, comparison, threshold, 10)}, 10);
        const UnitMetrics metrics = {{metric, {probe.value, "3 open stores"}}};
        const v1::Evaluation evaluation =
            Evaluate(programme, metrics, Scores(), MissingManual::kPending, kNow);
        ASSERT_EQ(evaluation.results_size(), 1);
        const v1::CriterionResult& result = evaluation.results(0);
        EXPECT_EQ(result.met(), expect_met);
        EXPECT_FALSE(result.pending());
        EXPECT_EQ(result.value(), probe.value);
        EXPECT_EQ(result.threshold(), threshold);
        EXPECT_EQ(result.metric(), metric);
        EXPECT_EQ(result.comparison(), comparison);
        EXPECT_EQ(result.points_awarded(), expect_met ? 10 : 0);
        EXPECT_EQ(result.points_possible(), 10);
        EXPECT_EQ(result.basis(), "3 open stores");
        EXPECT_EQ(evaluation.verdict(), expect_met ? v1::PASS : v1::FAIL);
        // The explanation carries the value, the comparison, the threshold and the verdict.
        const std::string value_text =
            share ? absl::StrFormat("%.1f%%", probe.value * 100) : absl::StrCat(probe.value);
        const std::string threshold_text = share ? "90.0%" : "5";
        EXPECT_EQ(result.explanation(),
                  absl::StrCat(MetricLabel(metric), " ", value_text, " ",
                               comparison == v1::AT_LEAST ? ">=" : "<=", " ", threshold_text,
                               expect_met ? ": met" : ": not met"));
      }
    }
  }
}

TEST(EvaluateTest, ExplanationsReadAsDocumented) {
  const v1::Programme programme =
      WithCriteria({Automatic("complaints", v1::UPHELD_COMPLAINTS_12M, v1::AT_MOST, 2, 10),
                    Veto(Automatic("pledge_days", v1::PLEDGE_ACTIVE_DAYS, v1::AT_LEAST, 180, 10)),
                    Automatic("on_time", v1::ON_TIME_COMPLAINT_RATE, v1::AT_LEAST, 0.9, 10)},
                   10);
  const UnitMetrics metrics = {
      {v1::UPHELD_COMPLAINTS_12M, {1, "1 upheld of 4 complaints"}},
      {v1::PLEDGE_ACTIVE_DAYS, {30, "pledge since 2026-10-29"}},
      {v1::ON_TIME_COMPLAINT_RATE, {12.0 / 13, "12 of 13 decided on time"}},
  };
  const v1::Evaluation evaluation =
      Evaluate(programme, metrics, Scores(), MissingManual::kPending, kNow);
  ASSERT_EQ(evaluation.results_size(), 3);
  EXPECT_EQ(evaluation.results(0).explanation(), "upheld complaints in 12 months 1 <= 2: met");
  EXPECT_EQ(evaluation.results(1).explanation(), "pledge active days 30 >= 180: not met (veto)");
  EXPECT_EQ(evaluation.results(2).explanation(), "on-time complaint rate 92.3% >= 90.0%: met");
  EXPECT_EQ(evaluation.results(2).basis(), "12 of 13 decided on time");
}

TEST(EvaluateTest, AValueJustShortOfTheThresholdNeverPrintsAsEqual) {
  const v1::Programme programme =
      WithCriteria({Automatic("on_time", v1::ON_TIME_COMPLAINT_RATE, v1::AT_LEAST, 0.9, 10),
                    Automatic("days", v1::PLEDGE_ACTIVE_DAYS, v1::AT_LEAST, 180, 10)},
                   10);
  const UnitMetrics metrics = {{v1::ON_TIME_COMPLAINT_RATE, {0.8996, ""}},
                               {v1::PLEDGE_ACTIVE_DAYS, {179.999, ""}}};
  const v1::Evaluation evaluation =
      Evaluate(programme, metrics, Scores(), MissingManual::kPending, kNow);
  EXPECT_EQ(evaluation.results(0).explanation(), "on-time complaint rate 89.96% >= 90.0%: not met");
  EXPECT_EQ(evaluation.results(1).explanation(), "pledge active days 179.999 >= 180: not met");
}

TEST(EvaluateTest, MetricMissingFromTheMapIsNotMet) {
  const v1::Programme programme =
      WithCriteria({Automatic("coverage", v1::PLEDGE_COVERAGE, v1::AT_LEAST, 0.5, 10)}, 10);
  const v1::Evaluation evaluation =
      Evaluate(programme, UnitMetrics(), Scores(), MissingManual::kPending, kNow);
  const v1::CriterionResult& result = evaluation.results(0);
  EXPECT_FALSE(result.met());
  EXPECT_FALSE(result.pending());
  EXPECT_EQ(result.points_awarded(), 0);
  EXPECT_EQ(result.explanation(), "pledge coverage not computed (needs >= 50.0%): not met");
  EXPECT_EQ(evaluation.verdict(), v1::FAIL);
}

TEST(EvaluateTest, MissingVetoMetricFailsTheVeto) {
  const v1::Programme programme =
      WithCriteria({Veto(Automatic("coverage", v1::PLEDGE_COVERAGE, v1::AT_LEAST, 0.5, 0)),
                    Automatic("complaints", v1::UPHELD_COMPLAINTS_12M, v1::AT_MOST, 2, 10)},
                   10);
  const v1::Evaluation evaluation = Evaluate(programme, {{v1::UPHELD_COMPLAINTS_12M, {0, ""}}},
                                             Scores(), MissingManual::kPending, kNow);
  EXPECT_THAT(evaluation.failed_vetoes(), ElementsAre("coverage"));
  EXPECT_EQ(evaluation.verdict(), v1::FAIL);
  EXPECT_THAT(evaluation.results(0).explanation(), HasSubstr("not computed"));
  EXPECT_THAT(evaluation.results(0).explanation(), HasSubstr("(veto)"));
}

// ---- MANUAL ----------------------------------------------------------------------------------

v1::Programme OneManual() { return WithCriteria({Manual("display", 50, 30)}, 30); }

TEST(EvaluateTest, ManualScoredAtTheThresholdIsMet) {
  const v1::Evaluation evaluation =
      Evaluate(OneManual(), {}, ScoresOf({Score("display", 30)}), MissingManual::kPending, kNow);
  const v1::CriterionResult& result = evaluation.results(0);
  EXPECT_TRUE(result.met());
  EXPECT_FALSE(result.pending());
  EXPECT_EQ(result.value(), 30);
  EXPECT_EQ(result.points_awarded(), 30);
  EXPECT_EQ(result.points_possible(), 50);
  EXPECT_EQ(result.explanation(), "manual, scored 30 of 50 >= 30: met");
  EXPECT_EQ(evaluation.verdict(), v1::PASS);
}

TEST(EvaluateTest, ManualBelowTheThresholdIsNotMetButKeepsItsPoints) {
  const v1::Evaluation evaluation =
      Evaluate(OneManual(), {}, ScoresOf({Score("display", 29)}), MissingManual::kPending, kNow);
  const v1::CriterionResult& result = evaluation.results(0);
  EXPECT_FALSE(result.met());
  EXPECT_EQ(result.points_awarded(), 29);
  EXPECT_EQ(result.explanation(), "manual, scored 29 of 50 >= 30: not met");
  EXPECT_EQ(evaluation.total_points(), 29);
  EXPECT_EQ(evaluation.verdict(), v1::FAIL);  // 29 < pass mark 30.
}

TEST(EvaluateTest, ManualUnscoredIsPending) {
  const v1::Evaluation evaluation =
      Evaluate(OneManual(), {}, Scores(), MissingManual::kPending, kNow);
  const v1::CriterionResult& result = evaluation.results(0);
  EXPECT_TRUE(result.pending());
  EXPECT_FALSE(result.met());
  EXPECT_EQ(result.points_awarded(), 0);
  EXPECT_EQ(result.explanation(), "manual, not scored yet");
  EXPECT_EQ(evaluation.verdict(), v1::PENDING);
  EXPECT_THAT(evaluation.summary(), StartsWith("PENDING: 1 manual criterion not scored yet"));
}

TEST(EvaluateTest, ManualUnscoredCountsInFullForImportedCertificates) {
  const v1::Evaluation evaluation =
      Evaluate(OneManual(), {}, Scores(), MissingManual::kFullPoints, kNow);
  const v1::CriterionResult& result = evaluation.results(0);
  EXPECT_FALSE(result.pending());
  EXPECT_TRUE(result.met());
  EXPECT_EQ(result.points_awarded(), 50);
  EXPECT_EQ(result.value(), 50);
  EXPECT_THAT(result.explanation(), HasSubstr("issuing authority"));
  EXPECT_EQ(evaluation.verdict(), v1::PASS);
}

TEST(EvaluateTest, FullPointsDoesNotOverrideAGivenScore) {
  const v1::Evaluation evaluation =
      Evaluate(OneManual(), {}, ScoresOf({Score("display", 10)}), MissingManual::kFullPoints, kNow);
  EXPECT_EQ(evaluation.results(0).points_awarded(), 10);
  EXPECT_FALSE(evaluation.results(0).met());
}

TEST(EvaluateTest, TheLastScoreOfACriterionCountsAndOthersAreIgnored) {
  const v1::Evaluation evaluation = Evaluate(
      OneManual(), {}, ScoresOf({Score("display", 10), Score("unknown", 50), Score("display", 40)}),
      MissingManual::kPending, kNow);
  EXPECT_EQ(evaluation.results(0).points_awarded(), 40);
  EXPECT_EQ(evaluation.total_points(), 40);
}

TEST(EvaluateTest, APendingVetoIsNotAFailedVeto) {
  const v1::Programme programme = WithCriteria({Veto(Manual("site_visit", 10, 5))}, 5);
  const v1::Evaluation evaluation =
      Evaluate(programme, {}, Scores(), MissingManual::kPending, kNow);
  EXPECT_THAT(evaluation.failed_vetoes(), ElementsAre());
  EXPECT_EQ(evaluation.verdict(), v1::PENDING);
}

TEST(EvaluateTest, AManualVetoScoredBelowItsThresholdFails) {
  const v1::Programme programme =
      WithCriteria({Veto(Manual("site_visit", 10, 5)), Manual("display", 100, 0)}, 50);
  const v1::Evaluation evaluation =
      Evaluate(programme, {}, ScoresOf({Score("site_visit", 4), Score("display", 100)}),
               MissingManual::kPending, kNow);
  EXPECT_THAT(evaluation.failed_vetoes(), ElementsAre("site_visit"));
  EXPECT_EQ(evaluation.verdict(), v1::FAIL);
  EXPECT_EQ(evaluation.results(0).explanation(), "manual, scored 4 of 10 >= 5: not met (veto)");
}

// ---- Vetoes, bonus, pass mark ------------------------------------------------------------------

TEST(EvaluateTest, AFailedVetoFailsWhateverTheScore) {
  v1::Programme programme = StoreProgramme();  // Veto: upheld complaints <= 2.
  const UnitMetrics metrics = {{v1::UPHELD_COMPLAINTS_12M, {3, ""}},
                               {v1::ON_TIME_COMPLAINT_RATE, {1.0, ""}}};
  const v1::Evaluation evaluation =
      Evaluate(programme, metrics, ScoresOf({Score("display", 50), Score("community", 20)}),
               MissingManual::kPending, kNow);
  EXPECT_EQ(evaluation.total_points(), 90);  // 30 + 50 + capped 10: above the pass mark 80.
  EXPECT_THAT(evaluation.failed_vetoes(), ElementsAre("upheld_complaints"));
  EXPECT_EQ(evaluation.verdict(), v1::FAIL);
  EXPECT_EQ(evaluation.summary(),
            "FAIL: veto upheld_complaints not met; 90 of 110 points, pass mark 80");
}

TEST(EvaluateTest, AFailedVetoWinsOverPending) {
  const UnitMetrics metrics = {{v1::UPHELD_COMPLAINTS_12M, {3, ""}},
                               {v1::ON_TIME_COMPLAINT_RATE, {1.0, ""}}};
  const v1::Evaluation evaluation =
      Evaluate(StoreProgramme(), metrics, Scores(), MissingManual::kPending, kNow);
  EXPECT_EQ(evaluation.verdict(), v1::FAIL);
}

TEST(EvaluateTest, PrecheckPassesToReviewWhenAutomaticVetoesHold) {
  const UnitMetrics metrics = {{v1::UPHELD_COMPLAINTS_12M, {0, ""}},
                               {v1::ON_TIME_COMPLAINT_RATE, {0.5, ""}}};
  const v1::Evaluation evaluation =
      Evaluate(StoreProgramme(), metrics, Scores(), MissingManual::kPending, kNow);
  // A missed non-veto automatic criterion does not fail the pre-check; the manual ones pend.
  EXPECT_EQ(evaluation.verdict(), v1::PENDING);
  EXPECT_THAT(evaluation.failed_vetoes(), ElementsAre());
}

TEST(EvaluateTest, PrecheckRejectsOnlyOnAFailedVetoNotOnPoints) {
  // All automatic, no veto failed, short of the pass mark: FAIL by points, no failed veto, so
  // the pre-check (which looks at failed_vetoes) sends it to review.
  const v1::Programme programme =
      WithCriteria({Veto(Automatic("complaints", v1::UPHELD_COMPLAINTS_12M, v1::AT_MOST, 2, 10)),
                    Automatic("coverage", v1::PLEDGE_COVERAGE, v1::AT_LEAST, 0.8, 10)},
                   20);
  const UnitMetrics metrics = {{v1::UPHELD_COMPLAINTS_12M, {0, ""}},
                               {v1::PLEDGE_COVERAGE, {0.5, ""}}};
  const v1::Evaluation evaluation =
      Evaluate(programme, metrics, Scores(), MissingManual::kPending, kNow);
  EXPECT_EQ(evaluation.verdict(), v1::FAIL);
  EXPECT_THAT(evaluation.failed_vetoes(), ElementsAre());
  EXPECT_EQ(evaluation.summary(), "FAIL: 10 of 20 points, pass mark 20");
}

TEST(EvaluateTest, BonusIsCapped) {
  const v1::Programme programme =
      WithCriteria({Automatic("base", v1::VIOLATIONS_12M, v1::AT_MOST, 0, 60),
                    Bonus(Automatic("bonus_a", v1::PLEDGE_COVERAGE, v1::AT_LEAST, 0.5, 15)),
                    Bonus(Manual("bonus_b", 10, 0))},
                   60, /*bonus_cap=*/20);
  const UnitMetrics metrics = {{v1::VIOLATIONS_12M, {0, ""}}, {v1::PLEDGE_COVERAGE, {1, ""}}};
  const v1::Evaluation evaluation =
      Evaluate(programme, metrics, ScoresOf({Score("bonus_b", 10)}), MissingManual::kPending, kNow);
  EXPECT_EQ(evaluation.base_points(), 60);
  EXPECT_EQ(evaluation.bonus_points_uncapped(), 25);
  EXPECT_EQ(evaluation.bonus_points(), 20);
  EXPECT_EQ(evaluation.total_points(), 80);
  EXPECT_EQ(evaluation.verdict(), v1::PASS);
  EXPECT_EQ(evaluation.summary(), "PASS: 80 of 80 points, pass mark 60");
}

TEST(EvaluateTest, BonusBelowTheCapCountsInFull) {
  const v1::Programme programme =
      WithCriteria({Manual("base", 50, 0), Bonus(Manual("bonus", 10, 0))}, 50, 20);
  const v1::Evaluation evaluation =
      Evaluate(programme, {}, ScoresOf({Score("base", 40), Score("bonus", 7)}),
               MissingManual::kPending, kNow);
  EXPECT_EQ(evaluation.base_points(), 40);
  EXPECT_EQ(evaluation.bonus_points_uncapped(), 7);
  EXPECT_EQ(evaluation.bonus_points(), 7);
  EXPECT_EQ(evaluation.total_points(), 47);
}

TEST(EvaluateTest, PassMarkExactlyMetPasses) {
  v1::Programme programme = StoreProgramme();
  const UnitMetrics metrics = {{v1::UPHELD_COMPLAINTS_12M, {0, ""}},
                               {v1::ON_TIME_COMPLAINT_RATE, {0.95, ""}}};
  // 20 + 30 + 25 + 5 = 80 = the pass mark.
  v1::Evaluation evaluation =
      Evaluate(programme, metrics, ScoresOf({Score("display", 25), Score("community", 5)}),
               MissingManual::kPending, kNow);
  EXPECT_EQ(evaluation.total_points(), 80);
  EXPECT_EQ(evaluation.verdict(), v1::PASS);
  // One point short.
  evaluation = Evaluate(programme, metrics, ScoresOf({Score("display", 25), Score("community", 4)}),
                        MissingManual::kPending, kNow);
  EXPECT_EQ(evaluation.total_points(), 79);
  EXPECT_EQ(evaluation.verdict(), v1::FAIL);
  EXPECT_EQ(evaluation.summary(), "FAIL: 79 of 110 points, pass mark 80");
}

TEST(EvaluateTest, CarriesTheVersionTimeAndCriteriaInOrder) {
  const v1::Programme programme = StoreProgramme();
  const v1::Evaluation evaluation =
      Evaluate(programme, {}, Scores(), MissingManual::kPending, kNow);
  EXPECT_EQ(evaluation.criteria_version(), 3);
  EXPECT_EQ(FromProto(evaluation.evaluate_time()), kNow);
  EXPECT_EQ(evaluation.pass_mark(), 80);
  ASSERT_EQ(evaluation.results_size(), programme.criteria_size());
  for (int i = 0; i < programme.criteria_size(); ++i) {
    EXPECT_EQ(evaluation.results(i).criterion_id(), programme.criteria(i).id());
    EXPECT_EQ(evaluation.results(i).title(), programme.criteria(i).title());
    EXPECT_EQ(evaluation.results(i).kind(), programme.criteria(i).kind());
    EXPECT_EQ(evaluation.results(i).veto(), programme.criteria(i).veto());
    EXPECT_EQ(evaluation.results(i).bonus(), programme.criteria(i).bonus());
  }
}

TEST(EvaluateTest, IsDeterministic) {
  const UnitMetrics metrics = {{v1::UPHELD_COMPLAINTS_12M, {1, "a"}},
                               {v1::ON_TIME_COMPLAINT_RATE, {0.7, "b"}}};
  const Scores scores = ScoresOf({Score("display", 33)});
  const v1::Evaluation first =
      Evaluate(StoreProgramme(), metrics, scores, MissingManual::kPending, kNow);
  const v1::Evaluation second =
      Evaluate(StoreProgramme(), metrics, scores, MissingManual::kPending, kNow);
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
}

}  // namespace
}  // namespace fangxin
