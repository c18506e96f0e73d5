// fangxinctl cert: programmes (create | get | list | update), apply, application (get | list),
// score, decide, object, resolve, certificate (get | list | revoke | import), evaluate, tiers.
//
// Programmes and imported certificates are read from protobuf JSON files (the .proto field
// names or their lowerCamel forms, enums by name), since a criteria checklist does not fit in
// flags.

#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "clients/cli/cert_output.h"
#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"
#include "clients/sdk/certification_client.h"
#include "services/certification/rules/unit_names.h"

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

// ---------------------------------------------------------------------------------------------
// Programmes.

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
                std::string(UnitKindLabel(p.unit_kind())),
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
      table.AddRow({EnumLabel(tier.level()), u.unit(), std::string(UnitKindLabel(u.unit_kind())),
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
