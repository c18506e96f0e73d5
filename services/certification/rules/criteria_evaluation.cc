#include "services/certification/rules/criteria_evaluation.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/certification/rules/programme_rules.h"
#include "services/certification/rules/time_util.h"

namespace fangxin {
namespace {

// A metric's value in words: shares as percentages with one decimal, whole counts without
// decimals, anything else with two.
std::string FormatMetricValue(v1::Metric metric, double value) {
  if (IsShareMetric(metric)) return absl::StrFormat("%.1f%%", value * 100);
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
    return absl::StrFormat("%.0f", value);
  }
  return absl::StrFormat("%.2f", value);
}

// The value as FormatMetricValue prints it, with more decimals (up to four) when that would
// print a value different from the threshold as equal to it: "89.96% >= 90.0%: not met"
// rather than the puzzling "90.0% >= 90.0%: not met".
std::string FormatValueAgainst(v1::Metric metric, double value, double threshold) {
  const std::string text = FormatMetricValue(metric, value);
  if (value == threshold || !std::isfinite(value) || !std::isfinite(threshold)) return text;
  const bool share = IsShareMetric(metric);
  const double scale = share ? 100 : 1;
  const int shown_decimals = share ? 1 : (value == std::floor(value) ? 0 : 2);
  for (int decimals = shown_decimals; decimals <= 4; ++decimals) {
    const double factor = std::pow(10.0, decimals);
    if (std::round(value * scale * factor) != std::round(threshold * scale * factor)) {
      return decimals == shown_decimals
                 ? text
                 : absl::StrFormat("%.*f%s", decimals, value * scale, share ? "%" : "");
    }
  }
  return absl::StrFormat("%.4f%s", value * scale, share ? "%" : "");
}

absl::string_view ComparisonSymbol(v1::Comparison comparison) {
  switch (comparison) {
    case v1::AT_LEAST:
      return ">=";
    case v1::AT_MOST:
      return "<=";
    default:
      return "?";
  }
}

bool Compare(double value, v1::Comparison comparison, double threshold) {
  switch (comparison) {
    case v1::AT_LEAST:
      return value >= threshold;
    case v1::AT_MOST:
      return value <= threshold;
    default:
      return false;  // An unvalidated criterion never passes by accident.
  }
}

// ": met", ": not met" or ": not met (veto)".
std::string VerdictWords(const v1::CriterionResult& result) {
  if (result.met()) return ": met";
  return result.veto() ? ": not met (veto)" : ": not met";
}

void EvaluateAutomatic(const v1::Criterion& criterion, const UnitMetrics& metrics,
                       v1::CriterionResult* result) {
  const std::string label(MetricLabel(criterion.metric()));
  const std::string threshold = FormatMetricValue(criterion.metric(), criterion.threshold());
  auto it = metrics.find(criterion.metric());
  if (it == metrics.end()) {
    result->set_met(false);
    result->set_explanation(absl::StrCat(label, " not computed (needs ",
                                         ComparisonSymbol(criterion.comparison()), " ", threshold,
                                         ")", VerdictWords(*result)));
    return;
  }
  const MetricValue& metric = it->second;
  result->set_value(metric.value);
  result->set_basis(metric.basis);
  result->set_met(Compare(metric.value, criterion.comparison(), criterion.threshold()));
  result->set_points_awarded(result->met() ? criterion.points() : 0);
  result->set_explanation(absl::StrCat(
      label, " ", FormatValueAgainst(criterion.metric(), metric.value, criterion.threshold()), " ",
      ComparisonSymbol(criterion.comparison()), " ", threshold, VerdictWords(*result)));
}

void EvaluateManual(const v1::Criterion& criterion, const v1::ManualScore* score,
                    MissingManual missing, v1::CriterionResult* result) {
  const std::string threshold = FormatMetricValue(v1::METRIC_UNSPECIFIED, criterion.threshold());
  if (score != nullptr) {
    result->set_value(score->score());
    result->set_met(score->score() >= criterion.threshold());
    result->set_points_awarded(score->score());
    result->set_explanation(absl::StrCat("manual, scored ", score->score(), " of ",
                                         criterion.points(), " >= ", threshold,
                                         VerdictWords(*result)));
    return;
  }
  if (missing == MissingManual::kFullPoints) {
    result->set_value(criterion.points());
    result->set_met(true);
    result->set_points_awarded(criterion.points());
    result->set_explanation(absl::StrCat("manual, assessed by the issuing authority, counted as ",
                                         criterion.points(), " of ", criterion.points(), ": met"));
    return;
  }
  result->set_pending(true);
  result->set_explanation("manual, not scored yet");
}

// The last score of each criterion id.
const v1::ManualScore* FindScore(const google::protobuf::RepeatedPtrField<v1::ManualScore>& scores,
                                 const std::string& criterion_id) {
  const v1::ManualScore* found = nullptr;
  for (const v1::ManualScore& score : scores) {
    if (score.criterion_id() == criterion_id) found = &score;
  }
  return found;
}

std::string Summary(const v1::Evaluation& evaluation, int pending, int64_t available) {
  const std::string points = absl::StrCat(evaluation.total_points(), " of ", available,
                                          " points, pass mark ", evaluation.pass_mark());
  switch (evaluation.verdict()) {
    case v1::PASS:
      return absl::StrCat("PASS: ", points);
    case v1::PENDING:
      return absl::StrCat("PENDING: ", pending,
                          pending == 1 ? " manual criterion" : " manual criteria",
                          " not scored yet; ", points);
    default:
      if (!evaluation.failed_vetoes().empty()) {
        return absl::StrCat("FAIL: veto ", absl::StrJoin(evaluation.failed_vetoes(), ", "),
                            " not met; ", points);
      }
      return absl::StrCat("FAIL: ", points);
  }
}

}  // namespace

v1::Evaluation Evaluate(const v1::Programme& programme_version, const UnitMetrics& metrics,
                        const google::protobuf::RepeatedPtrField<v1::ManualScore>& scores,
                        MissingManual missing, absl::Time now) {
  v1::Evaluation evaluation;
  evaluation.set_criteria_version(programme_version.criteria_version());
  ToProto(now, evaluation.mutable_evaluate_time());
  evaluation.set_pass_mark(programme_version.pass_mark());

  int64_t base = 0;
  int64_t bonus_uncapped = 0;
  int pending = 0;
  for (const v1::Criterion& criterion : programme_version.criteria()) {
    v1::CriterionResult* result = evaluation.add_results();
    result->set_criterion_id(criterion.id());
    result->set_title(criterion.title());
    result->set_kind(criterion.kind());
    result->set_metric(criterion.metric());
    result->set_comparison(criterion.comparison());
    result->set_threshold(criterion.threshold());
    result->set_points_possible(criterion.points());
    result->set_veto(criterion.veto());
    result->set_bonus(criterion.bonus());
    if (criterion.kind() == v1::MANUAL) {
      EvaluateManual(criterion, FindScore(scores, criterion.id()), missing, result);
    } else {
      EvaluateAutomatic(criterion, metrics, result);
    }
    (criterion.bonus() ? bonus_uncapped : base) += result->points_awarded();
    if (result->pending()) ++pending;
    if (criterion.veto() && !result->met() && !result->pending()) {
      evaluation.add_failed_vetoes(criterion.id());
    }
  }

  const int64_t bonus =
      std::min<int64_t>(bonus_uncapped, std::max<int32_t>(programme_version.bonus_cap(), 0));
  evaluation.set_base_points(static_cast<int32_t>(base));
  evaluation.set_bonus_points_uncapped(static_cast<int32_t>(bonus_uncapped));
  evaluation.set_bonus_points(static_cast<int32_t>(bonus));
  evaluation.set_total_points(static_cast<int32_t>(base + bonus));
  if (!evaluation.failed_vetoes().empty()) {
    evaluation.set_verdict(v1::FAIL);
  } else if (pending > 0) {
    evaluation.set_verdict(v1::PENDING);
  } else {
    evaluation.set_verdict(base + bonus >= programme_version.pass_mark() ? v1::PASS : v1::FAIL);
  }
  evaluation.set_summary(Summary(evaluation, pending, AvailablePoints(programme_version)));
  return evaluation;
}

}  // namespace fangxin
