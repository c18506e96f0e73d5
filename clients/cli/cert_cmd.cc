// fangxinctl cert: programmes (create | get | list | update), apply, application (get | list),
// score, decide, object, resolve, certificate (get | list | revoke | import), evaluate, tiers.
//
// Programmes and imported certificates are read from protobuf JSON files (the .proto field
// names or their lowerCamel forms, enums by name), since a criteria checklist does not fit in
// flags.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"
#include "clients/sdk/certification_client.h"
#include "google/protobuf/util/json_util.h"

namespace fangxin::cli {
namespace {

// `x` or `programs/x` -> `programs/x`; `programs/x/versions/2` stays as it is.
std::string Prefixed(const std::string& prefix, const std::string& id_or_name) {
  if (id_or_name.empty() || absl::StartsWith(id_or_name, prefix)) return id_or_name;
  return prefix + id_or_name;
}
std::string ProgrammeName(const std::string& s) { return Prefixed("programs/", s); }
std::string ApplicationName(const std::string& s) { return Prefixed("applications/", s); }
std::string CertificateName(const std::string& s) { return Prefixed("certificates/", s); }

absl::StatusOr<sdk::CertificationClient> Certification(const Context& ctx) {
  absl::StatusOr<std::shared_ptr<sdk::CertificationConnection>> connection =
      sdk::MakeCertificationConnection(ctx.client_options);
  if (!connection.ok()) return connection.status();
  return sdk::CertificationClient(*connection);
}

// UnitKind's values are UNIT_STORE ..., not UNIT_KIND_STORE: `store` -> UNIT_STORE.
absl::StatusOr<v1::UnitKind> ParseUnitKind(const std::string& flag, const std::string& text) {
  std::string upper = absl::AsciiStrToUpper(text);
  if (!absl::StartsWith(upper, "UNIT_")) upper = "UNIT_" + upper;
  v1::UnitKind kind;
  if (v1::UnitKind_Parse(upper, &kind) && kind != v1::UNIT_KIND_UNSPECIFIED) return kind;
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": unknown value '", text,
                                                 "'; one of: store, merchant, area, division"));
}
std::string UnitKindLabel(v1::UnitKind kind) {
  std::string label = EnumLabel(kind);
  return absl::StartsWith(label, "unit_") ? label.substr(5) : label;
}

// The message in a protobuf JSON file. NOT_FOUND when unreadable, INVALID_ARGUMENT naming the
// file when it does not parse.
template <typename Message>
absl::StatusOr<Message> ReadJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  Message message;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(buffer.str(), &message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a ",
                                                   Message::descriptor()->full_name(),
                                                   " in JSON: ", std::string(status.message())));
  }
  return message;
}

bool IsShareMetric(v1::Metric m) {
  return m == v1::ON_TIME_COMPLAINT_RATE || m == v1::PLEDGE_COVERAGE ||
         m == v1::CERTIFIED_MEMBER_SHARE || m == v1::INSPECTION_PASS_RATE;
}

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

// ---------------------------------------------------------------------------------------------
// Programmes.

std::vector<std::pair<std::string, std::string>> ProgrammeFields(const v1::Programme& p) {
  return {{"name", p.name()},
          {"display_name", p.display_name()},
          {"category", EnumLabel(p.category())},
          {"level", EnumLabel(p.level())},
          {"unit_kind", UnitKindLabel(p.unit_kind())},
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

int ProgrammeCreate(Context& ctx, const Args& args) {
  auto programme = ReadJsonFile<v1::Programme>(args.Get("file"));
  if (!programme.ok()) return ctx.Fail(programme.status());
  v1::CreateProgrammeRequest request;
  *request.mutable_programme() = *std::move(programme);
  request.set_programme_id(args.Get("id"));
  request.set_request_id(args.Get("request_id"));
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  return PrintProgramme(ctx, cert->CreateProgramme(request));
}

int ProgrammeGet(Context& ctx, const Args& args) {
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  return PrintProgramme(ctx, cert->GetProgramme(ProgrammeName(args.positional()[0])));
}

int ProgrammeList(Context& ctx, const Args& args) {
  v1::ListProgrammesRequest request;
  if (args.Has("category")) {
    auto category = ParseEnum<v1::CertificationCategory>("category", args.Get("category"));
    if (!category.ok()) return ctx.Usage(category.status().message());
    request.set_category(*category);
  }
  if (args.Has("level")) {
    auto level = ParseEnum<v1::CertificationLevel>("level", args.Get("level"));
    if (!level.ok()) return ctx.Usage(level.status().message());
    request.set_level(*level);
  }
  if (args.Has("unit_kind")) {
    auto kind = ParseUnitKind("unit_kind", args.Get("unit_kind"));
    if (!kind.ok()) return ctx.Usage(kind.status().message());
    request.set_unit_kind(*kind);
  }
  if (absl::Status s = ApplyPageFlags(args, &request); !s.ok()) return ctx.Usage(s.message());
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  return RunList<v1::Programme, v1::ListProgrammesResponse>(
      ctx, args, cert->ListProgrammes(request), "programmes",
      {"NAME", "DISPLAY_NAME", "CATEGORY", "LEVEL", "UNIT_KIND", "VERSION", "CRITERIA", "ETAG"},
      [](const v1::Programme& p) -> std::vector<std::string> {
        return {p.name(),
                p.display_name(),
                EnumLabel(p.category()),
                EnumLabel(p.level()),
                UnitKindLabel(p.unit_kind()),
                absl::StrCat(p.criteria_version()),
                absl::StrCat(p.criteria_size()),
                p.etag()};
      },
      &v1::ListProgrammesResponse::mutable_programmes);
}

int ProgrammeUpdate(Context& ctx, const Args& args) {
  auto programme = ReadJsonFile<v1::Programme>(args.Get("file"));
  if (!programme.ok()) return ctx.Fail(programme.status());
  v1::UpdateProgrammeRequest request;
  *request.mutable_programme() = *std::move(programme);
  request.mutable_programme()->set_name(ProgrammeName(args.positional()[0]));
  for (absl::string_view path : absl::StrSplit(args.Get("mask"), ',', absl::SkipWhitespace())) {
    request.mutable_update_mask()->add_paths(std::string(absl::StripAsciiWhitespace(path)));
  }
  if (request.update_mask().paths().empty()) {
    return ctx.Usage("--mask: name at least one field, e.g. --mask=criteria,pass_mark");
  }
  request.set_etag(args.Get("etag"));
  request.set_request_id(args.Get("request_id"));
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  return PrintProgramme(ctx, cert->UpdateProgramme(request));
}

// ---------------------------------------------------------------------------------------------
// Applications.

std::vector<std::pair<std::string, std::string>> ApplicationFields(const v1::Application& a) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"name", a.name()},
      {"programme", a.programme()},
      {"criteria_version", absl::StrCat(a.criteria_version())},
      {"unit", a.unit()},
      {"unit_kind", UnitKindLabel(a.unit_kind())},
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

int Apply(Context& ctx, const Args& args) {
  v1::SubmitApplicationRequest request;
  v1::Application* a = request.mutable_application();
  a->set_programme(ProgrammeName(args.Get("programme")));
  a->set_unit(args.Get("unit"));
  a->set_statement(args.Get("statement"));
  request.set_application_id(args.Get("id"));
  request.set_request_id(args.Get("request_id"));
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  return PrintApplication(ctx, cert->SubmitApplication(request));
}

int ApplicationGet(Context& ctx, const Args& args) {
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  return PrintApplication(ctx, cert->GetApplication(ApplicationName(args.positional()[0])));
}

int ApplicationList(Context& ctx, const Args& args) {
  v1::ListApplicationsRequest request;
  request.set_programme(ProgrammeName(args.Get("programme")));
  request.set_unit(args.Get("unit"));
  request.set_division(DivisionName(args.Get("division")));
  request.set_area(AreaName(args.Get("area")));
  if (args.Has("state")) {
    auto state = ParseEnum<v1::ApplicationState>("state", args.Get("state"));
    if (!state.ok()) return ctx.Usage(state.status().message());
    request.set_state(*state);
  }
  if (absl::Status s = ApplyPageFlags(args, &request); !s.ok()) return ctx.Usage(s.message());
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  return RunList<v1::Application, v1::ListApplicationsResponse>(
      ctx, args, cert->ListApplications(request), "applications",
      {"NAME", "PROGRAMME", "UNIT", "LEVEL", "STATE", "VERDICT", "NOTICE_ENDS", "ETAG"},
      ApplicationRow, &v1::ListApplicationsResponse::mutable_applications);
}

int Score(Context& ctx, const Args& args) {
  v1::ScoreApplicationRequest request;
  request.set_name(ApplicationName(args.positional()[0]));
  request.set_etag(args.Get("etag"));
  v1::ManualScore* score = request.add_scores();
  score->set_criterion_id(args.Get("criterion"));
  auto points = ParseInt("score", args.Get("score"), 0, 1000);
  if (!points.ok()) return ctx.Usage(points.status().message());
  score->set_score(*points);
  score->set_evidence(args.Get("evidence"));
  for (const std::string& link : args.GetAll("link")) score->add_evidence_links(link);
  request.set_request_id(args.Get("request_id"));
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  return PrintApplication(ctx, cert->ScoreApplication(request));
}

int Decide(Context& ctx, const Args& args) {
  const bool approve = args.GetBool("approve");
  if (approve == args.GetBool("reject"))
    return ctx.Usage("give exactly one of --approve, --reject");
  v1::DecideApplicationRequest request;
  request.set_name(ApplicationName(args.positional()[0]));
  request.set_etag(args.Get("etag"));
  request.set_approve(approve);
  request.set_reason(args.Get("reason"));
  request.set_request_id(args.Get("request_id"));
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  return PrintApplication(ctx, cert->DecideApplication(request));
}

int Object(Context& ctx, const Args& args) {
  v1::LodgeObjectionRequest request;
  request.set_name(ApplicationName(args.positional()[0]));
  request.set_text(args.Get("text"));
  request.set_request_id(args.Get("request_id"));
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  return PrintApplication(ctx, cert->LodgeObjection(request));
}

int Resolve(Context& ctx, const Args& args) {
  const bool uphold = args.GetBool("uphold");
  if (uphold == args.GetBool("dismiss"))
    return ctx.Usage("give exactly one of --uphold, --dismiss");
  auto objection = ParseInt("objection", args.Get("objection"), 1, 1 << 30);
  if (!objection.ok()) return ctx.Usage(objection.status().message());
  v1::ResolveObjectionRequest request;
  request.set_name(ApplicationName(args.positional()[0]));
  request.set_etag(args.Get("etag"));
  request.set_objection_id(*objection);
  request.set_uphold(uphold);
  request.set_resolution(args.Get("resolution"));
  request.set_request_id(args.Get("request_id"));
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  return PrintApplication(ctx, cert->ResolveObjection(request));
}

// ---------------------------------------------------------------------------------------------
// Certificates.

std::vector<std::pair<std::string, std::string>> CertificateFields(const v1::Certificate& c) {
  return {{"name", c.name()},
          {"number", c.number()},
          {"programme", c.programme()},
          {"criteria_version", absl::StrCat(c.criteria_version())},
          {"category", EnumLabel(c.category())},
          {"level", EnumLabel(c.level())},
          {"unit", c.unit()},
          {"unit_kind", UnitKindLabel(c.unit_kind())},
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

int CertificateGet(Context& ctx, const Args& args) {
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  return PrintCertificate(ctx, cert->GetCertificate(CertificateName(args.positional()[0])));
}

int CertificateList(Context& ctx, const Args& args) {
  v1::ListCertificatesRequest request;
  request.set_unit(args.Get("unit"));
  request.set_programme(ProgrammeName(args.Get("programme")));
  request.set_division(DivisionName(args.Get("division")));
  request.set_area(AreaName(args.Get("area")));
  if (args.Has("state")) {
    auto state = ParseEnum<v1::CertificateState>("state", args.Get("state"));
    if (!state.ok()) return ctx.Usage(state.status().message());
    request.set_state(*state);
  }
  if (args.Has("level")) {
    auto level = ParseEnum<v1::CertificationLevel>("level", args.Get("level"));
    if (!level.ok()) return ctx.Usage(level.status().message());
    request.set_level(*level);
  }
  if (args.Has("category")) {
    auto category = ParseEnum<v1::CertificationCategory>("category", args.Get("category"));
    if (!category.ok()) return ctx.Usage(category.status().message());
    request.set_category(*category);
  }
  if (absl::Status s = ApplyPageFlags(args, &request); !s.ok()) return ctx.Usage(s.message());
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  return RunList<v1::Certificate, v1::ListCertificatesResponse>(
      ctx, args, cert->ListCertificates(request), "certificates",
      {"NAME", "NUMBER", "UNIT", "UNIT_NAME", "CATEGORY", "LEVEL", "STATE", "VALID_UNTIL", "ETAG"},
      [](const v1::Certificate& c) -> std::vector<std::string> {
        return {c.name(),
                c.number(),
                c.unit(),
                c.unit_display_name(),
                EnumLabel(c.category()),
                EnumLabel(c.level()),
                EnumLabel(c.state()),
                FormatTimestamp(c.valid_until()),
                c.etag()};
      },
      &v1::ListCertificatesResponse::mutable_certificates);
}

int CertificateRevoke(Context& ctx, const Args& args) {
  v1::RevokeCertificateRequest request;
  request.set_name(CertificateName(args.positional()[0]));
  request.set_etag(args.Get("etag"));
  request.set_reason(args.Get("reason"));
  request.set_request_id(args.Get("request_id"));
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  return PrintCertificate(ctx, cert->RevokeCertificate(request));
}

int CertificateImport(Context& ctx, const Args& args) {
  auto certificate = ReadJsonFile<v1::Certificate>(args.Get("file"));
  if (!certificate.ok()) return ctx.Fail(certificate.status());
  v1::ImportCertificateRequest request;
  *request.mutable_certificate() = *std::move(certificate);
  request.set_certificate_id(args.Get("id"));
  request.set_request_id(args.Get("request_id"));
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  return PrintCertificate(ctx, cert->ImportCertificate(request));
}

// ---------------------------------------------------------------------------------------------
// Dry run and tiers.

int Evaluate(Context& ctx, const Args& args) {
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  absl::StatusOr<v1::Evaluation> e =
      cert->EvaluateUnit(ProgrammeName(args.Get("programme")), args.Get("unit"));
  if (!e.ok()) return ctx.Fail(e.status());
  if (ctx.format == OutputFormat::kJson) {
    *ctx.out << ToJson(*e);
    return kExitOk;
  }
  PrintEvaluationTable(*ctx.out, *e);
  return kExitOk;
}

int Tiers(Context& ctx, const Args& args) {
  v1::CertificationCategory category = v1::CERTIFICATION_CATEGORY_UNSPECIFIED;
  if (args.Has("category")) {
    auto parsed = ParseEnum<v1::CertificationCategory>("category", args.Get("category"));
    if (!parsed.ok()) return ctx.Usage(parsed.status().message());
    category = *parsed;
  }
  auto cert = Certification(ctx);
  if (!cert.ok()) return ctx.Fail(cert.status());
  absl::StatusOr<v1::ListTiersResponse> tiers =
      cert->ListTiers(DivisionName(args.Get("division")), category);
  if (!tiers.ok()) return ctx.Fail(tiers.status());
  if (ctx.format == OutputFormat::kJson) {
    *ctx.out << ToJson(*tiers);
    return kExitOk;
  }
  TableWriter table(ctx.out, {"LEVEL", "UNIT", "KIND", "UNIT_NAME", "CATEGORY", "STATE",
                              "VALID_UNTIL", "CERTIFICATE"});
  for (const v1::Tier& tier : tiers->tiers()) {
    for (const v1::TierUnit& u : tier.units()) {
      table.AddRow({EnumLabel(tier.level()), u.unit(), UnitKindLabel(u.unit_kind()),
                    u.unit_display_name(), EnumLabel(u.category()), EnumLabel(u.state()),
                    FormatTimestamp(u.valid_until()), u.certificate()});
    }
  }
  table.Flush();
  if (table.rows_added() == 0) {
    *ctx.err << "No certified units found.\n";
    return kExitOk;
  }
  std::vector<std::string> counts;
  for (const v1::Tier& tier : tiers->tiers()) {
    counts.push_back(absl::StrCat(EnumLabel(tier.level()), " ", tier.units_size()));
  }
  *ctx.out << "\n" << absl::StrJoin(counts, ", ") << "\n";
  return kExitOk;
}

FlagSpec EtagFlag() {
  return {"etag", "the etag read (a stale one is refused with ABORTED)", true, false, false,
          "ETAG"};
}

FlagSpec Flag(const std::string& name, const std::string& help, bool required,
              const std::string& value_name) {
  return {name, help, required, false, false, value_name};
}

}  // namespace

std::vector<Command> CertCommands() {
  const std::string kCategories =
      "integrity_brand_enterprise, demonstration_enterprise, demonstration_street_district, "
      "demonstration_business_circle, demonstration_industry, demonstration_region, "
      "brand_cluster, trusted_consumption_village or showcase_project";
  const std::string kLevels = "cultivating, city_advanced, city_demonstration or provincial";

  std::vector<FlagSpec> programme_list_flags = {
      Flag("category", kCategories, false, "CATEGORY"), Flag("level", kLevels, false, "LEVEL"),
      Flag("unit_kind", "store, merchant, area or division", false, "KIND")};
  std::vector<FlagSpec> application_list_flags = {
      Flag("programme", "only applications to this programme (programs/ID)", false, "PROGRAMME"),
      Flag("unit", "only this unit's applications", false, "UNIT"),
      Flag("division", "only units in this county or township", false, "DIVISION"),
      Flag("area", "only units in this area", false, "AREA"),
      Flag("state", "submitted, under_review, rejected, public_notice, certified or withdrawn",
           false, "STATE")};
  std::vector<FlagSpec> certificate_list_flags = {
      Flag("unit", "only this unit's certificates", false, "UNIT"),
      Flag("programme", "only certificates of this programme", false, "PROGRAMME"),
      Flag("division", "only units in this county or township", false, "DIVISION"),
      Flag("area", "only units in this area", false, "AREA"),
      Flag("state", "valid, rectifying, revoked or expired", false, "STATE"),
      Flag("level", kLevels, false, "LEVEL"),
      Flag("category", kCategories, false, "CATEGORY")};
  for (auto* flags : {&programme_list_flags, &application_list_flags, &certificate_list_flags}) {
    for (FlagSpec& f : ListFlags()) flags->push_back(std::move(f));
  }
  const std::string kUnitHelp =
      "the unit: merchants/USCC/stores/ID, merchants/USCC, areas/ID or divisions/CODE";

  return {
      {{"cert",
        "programme create",
        "Define a programme from a JSON file (protobuf JSON).",
        "",
        {Flag("file", "a Programme in protobuf JSON", true, "FILE"),
         Flag("id", "programme id (default: chosen by the server)", false, "ID"), RequestIdFlag()},
        "The file holds a fangxin.v1.Programme: display_name, category, level, unit_kind,\n"
        "criteria (id, title, kind, metric, comparison, threshold, points, veto, bonus),\n"
        "pass_mark and the optional bonus_cap, notice_days, validity_days,\n"
        "rectification_days, requires_lower_level, description."},
       ProgrammeCreate},
      {{"cert",
        "programme get",
        "Show a programme and its criteria (programs/ID[/versions/N]).",
        "NAME",
        {}},
       ProgrammeGet},
      {{"cert", "programme list", "List programmes; follows every page unless --max_pages.", "",
        programme_list_flags},
       ProgrammeList},
      {{"cert",
        "programme update",
        "Make the next criteria version from a JSON file.",
        "NAME",
        {Flag("file", "a Programme in protobuf JSON holding the fields in --mask", true, "FILE"),
         Flag("mask",
              "fields to change, comma-separated: display_name, criteria, pass_mark, bonus_cap, "
              "notice_days, validity_days, rectification_days, requires_lower_level, description",
              true, "FIELDS"),
         EtagFlag(), RequestIdFlag()}},
       ProgrammeUpdate},
      {{"cert",
        "apply",
        "Submit a unit's application; the automatic pre-check runs at once.",
        "",
        {Flag("programme", "the programme (programs/ID)", true, "PROGRAMME"),
         Flag("unit", kUnitHelp, true, "UNIT"),
         Flag("statement", "the applicant's statement, up to 2000 characters", false, "TEXT"),
         Flag("id", "application id (default: chosen by the server)", false, "ID"),
         RequestIdFlag()}},
       Apply},
      {{"cert", "application get", "Show an application with its latest evaluation.", "NAME", {}},
       ApplicationGet},
      {{"cert", "application list", "List applications; follows every page unless --max_pages.", "",
        application_list_flags},
       ApplicationList},
      {{"cert",
        "score",
        "Score a MANUAL criterion of an application under review (reviewers).",
        "NAME",
        {Flag("criterion", "the MANUAL criterion's id", true, "ID"),
         Flag("score", "0 to the criterion's points", true, "N"),
         Flag("evidence", "what the reviewer saw, 1 to 2000 characters", true, "TEXT"),
         {"link", "an http(s) link to evidence (up to 10)", false, true, false, "URL"},
         EtagFlag(),
         RequestIdFlag()}},
       Score},
      {{"cert",
        "decide",
        "Approve into public notice, or reject (reviewers).",
        "NAME",
        {{"approve", "approve: the evaluation must PASS", false, false, true, ""},
         {"reject", "reject", false, false, true, ""},
         Flag("reason", "why, 1 to 2000 characters", true, "TEXT"),
         EtagFlag(),
         RequestIdFlag()}},
       Decide},
      {{"cert",
        "object",
        "Lodge an objection to an application in public notice.",
        "NAME",
        {Flag("text", "the objection, 1 to 2000 characters", true, "TEXT"), RequestIdFlag()}},
       Object},
      {{"cert",
        "resolve",
        "Uphold (back to review) or dismiss an objection (reviewers).",
        "NAME",
        {Flag("objection", "the objection's number (1, 2, ...)", true, "N"),
         {"uphold", "uphold: the application goes back to review", false, false, true, ""},
         {"dismiss", "dismiss: the notice goes on", false, false, true, ""},
         Flag("resolution", "the resolution, 1 to 2000 characters", true, "TEXT"),
         EtagFlag(),
         RequestIdFlag()}},
       Resolve},
      {{"cert", "certificate get", "Show a certificate (certificates/ID).", "NAME", {}},
       CertificateGet},
      {{"cert", "certificate list", "List certificates; follows every page unless --max_pages.", "",
        certificate_list_flags},
       CertificateList},
      {{"cert",
        "certificate revoke",
        "Revoke a certificate (regulators).",
        "NAME",
        {EtagFlag(), Flag("reason", "why, recorded in the audit trail", true, "TEXT"),
         RequestIdFlag()}},
       CertificateRevoke},
      {{"cert",
        "certificate import",
        "Record a certificate granted before fangxin or by another authority (admins).",
        "",
        {Flag("file", "a Certificate in protobuf JSON", true, "FILE"),
         Flag("id", "certificate id (default: chosen by the server)", false, "ID"),
         RequestIdFlag()},
        "The file holds a fangxin.v1.Certificate with programme, unit, number, issuer,\n"
        "issue_time and valid_until (RFC 3339, e.g. \"2025-03-15T00:00:00+08:00\")."},
       CertificateImport},
      {{"cert",
        "evaluate",
        "Dry run: each criterion's value, threshold and verdict for a unit (nothing is written).",
        "",
        {Flag("programme", "the programme (programs/ID; its current version)", true, "PROGRAMME"),
         Flag("unit", kUnitHelp, true, "UNIT")}},
       Evaluate},
      {{"cert",
        "tiers",
        "The tiered cultivation list: a division's units by highest level.",
        "",
        {Flag("division", "county or township code or divisions/CODE; divisions/- for the city",
              true, "DIVISION"),
         Flag("category", kCategories, false, "CATEGORY")}},
       Tiers},
  };
}

}  // namespace fangxin::cli
