// How `fangxinctl cert` prints programmes, applications, certificates and evaluations.

#include "clients/cli/cert_output.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/certification/rules/programme_rules.h"
#include "services/certification/rules/unit_names.h"

namespace fangxin::cli {
namespace {

// Rates as percentages with one decimal, counts and scores as plain numbers.
std::string FormatMetricValue(v1::Metric metric, double value) {
  if (IsShareMetric(metric)) return absl::StrFormat("%.1f%%", 100 * value);
  return absl::StrFormat("%g", value);
}

std::string FormatThreshold(const v1::CriterionResult& r) {
  const std::string op = r.comparison() == v1::AT_MOST ? "<= " : ">= ";
  return op + FormatMetricValue(r.metric(), r.threshold());
}

std::string Verdict(const v1::CriterionResult& r) {
  std::string verdict = r.pending() ? "pending" : r.met() ? "met" : "not met";
  if (r.veto()) absl::StrAppend(&verdict, " (veto)");
  if (r.bonus()) absl::StrAppend(&verdict, " (bonus)");
  return verdict;
}

}  // namespace

// The evaluation as a person reads it: one row per criterion, then the totals.
void PrintEvaluationTable(std::ostream& out, const v1::Evaluation& e) {
  TableWriter table(
      &out, {"CRITERION", "KIND", "VALUE", "THRESHOLD", "VERDICT", "POINTS", "EXPLANATION"});
  for (const v1::CriterionResult& r : e.results()) {
    const bool automatic = r.kind() == v1::AUTOMATIC;
    const std::string value = r.pending() ? "-"
                              : automatic ? FormatMetricValue(r.metric(), r.value())
                                          : absl::StrFormat("%g", r.value());
    std::string explanation = r.explanation();
    if (!r.basis().empty()) absl::StrAppend(&explanation, " [", r.basis(), "]");
    table.AddRow({r.criterion_id(), automatic ? EnumLabel(r.metric()) : "manual", value,
                  FormatThreshold(r), Verdict(r),
                  absl::StrCat(r.points_awarded(), "/", r.points_possible()), explanation});
  }
  table.Flush();
  out << "\n";
  PrintFields(out,
              {{"verdict", EnumLabel(e.verdict())},
               {"points", absl::StrCat(e.total_points(), " (base ", e.base_points(), " + bonus ",
                                       e.bonus_points(), " of ", e.bonus_points_uncapped(),
                                       "); pass mark ", e.pass_mark())},
               {"failed_vetoes", absl::StrJoin(e.failed_vetoes(), ", ")},
               {"criteria_version", absl::StrCat(e.criteria_version())},
               {"evaluate_time", FormatTimestamp(e.evaluate_time())},
               {"summary", e.summary()}});
}


std::vector<std::pair<std::string, std::string>> ProgrammeFields(const v1::Programme& p) {
  return {{"name", p.name()},
          {"display_name", p.display_name()},
          {"category", EnumLabel(p.category())},
          {"level", EnumLabel(p.level())},
          {"unit_kind", std::string(UnitKindLabel(p.unit_kind()))},
          {"criteria_version", absl::StrCat(p.criteria_version())},
          {"pass_mark", absl::StrCat(p.pass_mark())},
          {"bonus_cap", absl::StrCat(p.bonus_cap())},
          {"notice_days", absl::StrCat(p.notice_days())},
          {"validity_days", absl::StrCat(p.validity_days())},
          {"rectification_days", absl::StrCat(p.rectification_days())},
          {"requires_lower_level", p.requires_lower_level() ? "yes" : "no"},
          {"description", p.description()},
          {"etag", p.etag()},
          {"update_time", FormatTimestamp(p.update_time())}};
}

int PrintProgramme(Context& ctx, const absl::StatusOr<v1::Programme>& p) {
  if (!p.ok()) return ctx.Fail(p.status());
  PrintResource(ctx, *p, ProgrammeFields(*p));
  if (ctx.format == OutputFormat::kJson) return kExitOk;
  *ctx.out << "\n";
  TableWriter table(ctx.out,
                    {"CRITERION", "KIND", "MEASURE", "THRESHOLD", "POINTS", "FLAGS", "TITLE"});
  for (const v1::Criterion& c : p->criteria()) {
    const bool automatic = c.kind() == v1::AUTOMATIC;
    std::vector<std::string> flags;
    if (c.veto()) flags.push_back("veto");
    if (c.bonus()) flags.push_back("bonus");
    table.AddRow({c.id(), EnumLabel(c.kind()), automatic ? EnumLabel(c.metric()) : "score",
                  automatic ? absl::StrCat(c.comparison() == v1::AT_MOST ? "<= " : ">= ",
                                           FormatMetricValue(c.metric(), c.threshold()))
                            : absl::StrFormat(">= %g", c.threshold()),
                  absl::StrCat(c.points()), absl::StrJoin(flags, ","), c.title()});
  }
  table.Flush();
  return kExitOk;
}


std::vector<std::pair<std::string, std::string>> ApplicationFields(const v1::Application& a) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"name", a.name()},
      {"programme", a.programme()},
      {"criteria_version", absl::StrCat(a.criteria_version())},
      {"unit", a.unit()},
      {"unit_kind", std::string(UnitKindLabel(a.unit_kind()))},
      {"category", EnumLabel(a.category())},
      {"level", EnumLabel(a.level())},
      {"division", a.division()},
      {"township", a.township()},
      {"area", a.area()},
      {"merchant", a.merchant()},
      {"state", EnumLabel(a.state())},
      {"state_reason", a.state_reason()},
      {"statement", a.statement()},
      {"applicant", a.applicant()},
      {"submit_time", FormatTimestamp(a.submit_time())},
      {"decide_time", FormatTimestamp(a.decide_time())},
      {"notice_end_time", FormatTimestamp(a.notice_end_time())},
      {"certificate", a.certificate()},
      {"etag", a.etag()}};
  for (const v1::ManualScore& s : a.scores()) {
    std::string line = absl::StrCat(s.score(), " by ", s.reviewer().empty() ? "-" : s.reviewer(),
                                    ": ", s.evidence());
    if (!s.evidence_links().empty()) {
      absl::StrAppend(&line, " (", absl::StrJoin(s.evidence_links(), " "), ")");
    }
    fields.push_back({absl::StrCat("score ", s.criterion_id()), line});
  }
  for (const v1::Objection& o : a.objections()) {
    std::string line =
        absl::StrCat(EnumLabel(o.state()), ", ", FormatTimestamp(o.lodge_time()), ": ", o.text());
    if (!o.resolution().empty()) absl::StrAppend(&line, " — resolution: ", o.resolution());
    fields.push_back({absl::StrCat("objection ", o.id()), line});
  }
  return fields;
}

int PrintApplication(Context& ctx, const absl::StatusOr<v1::Application>& a) {
  if (!a.ok()) return ctx.Fail(a.status());
  PrintResource(ctx, *a, ApplicationFields(*a));
  if (ctx.format == OutputFormat::kJson) return kExitOk;
  // The latest evaluation explains where the application stands; before any scoring that is
  // the pre-check.
  const bool scored = a->has_evaluation() && a->evaluation().results_size() > 0;
  const v1::Evaluation& e = scored ? a->evaluation() : a->precheck();
  if (e.results_size() == 0) return kExitOk;
  *ctx.out << "\n" << (scored ? "evaluation" : "pre-check") << ":\n";
  PrintEvaluationTable(*ctx.out, e);
  return kExitOk;
}

std::vector<std::string> ApplicationRow(const v1::Application& a) {
  return {
      a.name(),
      a.programme(),
      a.unit(),
      EnumLabel(a.level()),
      EnumLabel(a.state()),
      a.has_evaluation() ? EnumLabel(a.evaluation().verdict()) : EnumLabel(a.precheck().verdict()),
      FormatTimestamp(a.notice_end_time()),
      a.etag()};
}


std::vector<std::pair<std::string, std::string>> CertificateFields(const v1::Certificate& c) {
  return {{"name", c.name()},
          {"number", c.number()},
          {"programme", c.programme()},
          {"criteria_version", absl::StrCat(c.criteria_version())},
          {"category", EnumLabel(c.category())},
          {"level", EnumLabel(c.level())},
          {"unit", c.unit()},
          {"unit_kind", std::string(UnitKindLabel(c.unit_kind()))},
          {"unit_display_name", c.unit_display_name()},
          {"division", c.division()},
          {"township", c.township()},
          {"area", c.area()},
          {"merchant", c.merchant()},
          {"application", c.application()},
          {"issuer", c.issuer()},
          {"state", EnumLabel(c.state())},
          {"state_reason", c.state_reason()},
          {"issue_time", FormatTimestamp(c.issue_time())},
          {"valid_until", FormatTimestamp(c.valid_until())},
          {"next_evaluation_time", FormatTimestamp(c.next_evaluation_time())},
          {"rectification_deadline", FormatTimestamp(c.rectification_deadline())},
          {"revoke_time", FormatTimestamp(c.revoke_time())},
          {"last_verdict", c.has_last_evaluation() && c.last_evaluation().verdict() != 0
                               ? EnumLabel(c.last_evaluation().verdict())
                               : ""},
          {"etag", c.etag()}};
}

int PrintCertificate(Context& ctx, const absl::StatusOr<v1::Certificate>& c) {
  if (!c.ok()) return ctx.Fail(c.status());
  PrintResource(ctx, *c, CertificateFields(*c));
  return kExitOk;
}

}  // namespace fangxin::cli
