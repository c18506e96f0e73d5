#ifndef FANGXIN_SERVICES_CERTIFICATION_RULES_CRITERIA_EVALUATION_H_
#define FANGXIN_SERVICES_CERTIFICATION_RULES_CRITERIA_EVALUATION_H_

// The evaluation of a unit against a programme version's criteria: every criterion's value,
// threshold, verdict and points, with words that explain them, and the overall verdict.
// Pure, deterministic and thread-safe: the metrics are computed by the caller
// (services/certification/unit_metrics.h) and the time is passed in.

#include <map>
#include <string>

#include "absl/time/time.h"
#include "fangxin/v1/certification.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace fangxin {

// One computed metric of a unit.
struct MetricValue {
  double value = 0;
  // What the value was computed from, in words, e.g. "41 of 52 open stores".
  std::string basis;
};

// The metrics computed for a unit. A metric missing from the map was not computed (it does not
// apply to the unit kind, or the reader could not compute it) and fails its criterion.
using UnitMetrics = std::map<v1::Metric, MetricValue>;

// How an unscored MANUAL criterion counts.
enum class MissingManual {
  // Pending: not met, no points, and the verdict is PENDING unless a veto failed. For
  // applications and EvaluateUnit.
  kPending,
  // Met in full (value and points = the criterion's points). For the re-evaluation of an
  // imported certificate, whose manual criteria the issuing authority assessed.
  kFullPoints,
};

// Evaluates `metrics` and `scores` against `programme_version`'s criteria at `now`.
//   AUTOMATIC: met = value compared with threshold by the criterion's comparison (a metric
//     absent from `metrics` is not met; its explanation says "not computed"); points awarded
//     in full when met, else 0.
//   MANUAL: with a score (the last one for the criterion id wins; scores of unknown or
//     automatic ids are ignored) value = awarded = score and met = score >= threshold; without
//     one, as `missing` says.
//   Bonus criteria add to bonus_points_uncapped; bonus_points = min(uncapped, bonus_cap).
//   base_points: awarded points of the non-bonus criteria. total = base + bonus.
//   failed_vetoes: ids of veto criteria neither met nor pending.
//   verdict: FAIL if a veto failed; else PENDING if a criterion is pending; else PASS when
//     total >= pass_mark, FAIL otherwise.
// Each CriterionResult carries an explanation ("upheld complaints in 12 months 1 <= 2: met",
// "pledge active days 30 >= 180: not met (veto)", "manual, not scored yet"; shares as
// percentages with one decimal: "on-time complaint rate 92.3% >= 90.0%: met"; a value that
// would print as its threshold without being equal gets up to four decimals) and the metric's
// basis; `summary` is one line: "PASS: 72 of 80 points, pass mark 60", "FAIL: veto
// upheld_complaints not met; 62 of 80 points, pass mark 60", "PENDING: 2 manual criteria not
// scored yet; 40 of 80 points, pass mark 60" (the points are those available, bonus capped).
// The pre-check at submission is Evaluate(..., no scores, kPending, now); it rejects exactly
// when failed_vetoes is not empty (an automatic veto not met: manual ones are pending). Use
// failed_vetoes, not the verdict: a programme with only AUTOMATIC criteria that misses its pass
// mark without a failed veto is FAIL, yet goes to review like any other.
v1::Evaluation Evaluate(const v1::Programme& programme_version, const UnitMetrics& metrics,
                        const google::protobuf::RepeatedPtrField<v1::ManualScore>& scores,
                        MissingManual missing, absl::Time now);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_CERTIFICATION_RULES_CRITERIA_EVALUATION_H_
