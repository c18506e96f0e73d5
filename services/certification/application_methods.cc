// CertificationCore: submitting and reading applications.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/certification/certificate_upkeep.h"
#include "services/certification/certification_core.h"
#include "services/certification/certification_keys.h"
#include "services/certification/place_filter.h"
#include "services/certification/rules/application_rules.h"
#include "services/certification/rules/programme_rules.h"
#include "services/certification/rules/tiers.h"
#include "services/certification/rules/time_util.h"
#include "services/certification/rules/unit_names.h"
#include "services/certification/unit_lookup.h"
#include "services/common/text.h"
#include "services/common/validation.h"
#include "services/merchant/targets.h"
#include "services/support/list_page.h"

namespace fangxin {
namespace {

constexpr char kSubmitApplication[] = "/fangxin.v1.CertificationService/SubmitApplication";
constexpr size_t kMaxStatementChars = 2000;

// The checks of SubmitApplication against what the unit holds and has pending.
absl::Status CheckEligible(storage::Registry& registry, const v1::Programme& programme,
                           const UnitInfo& unit) {
  ASSIGN_OR_RETURN(std::vector<v1::Certificate> held, LiveCertificatesOf(registry, unit.name));
  if (programme.requires_lower_level() && !HoldsLevelBelow(programme, held)) {
    std::optional<v1::CertificationLevel> below = LevelBelow(programme.level());
    return ErrorWithReason(
        absl::StatusCode::kFailedPrecondition, kLowerLevelRequired,
        absl::StrCat(programme.name(), " requires a VALID ",
                     v1::CertificationCategory_Name(programme.category()), " certificate at level ",
                     below ? v1::CertificationLevel_Name(*below) : "below", "; ", unit.name,
                     " holds none"),
        {{"unit", unit.name}, {"programme", programme.name()}});
  }
  ASSIGN_OR_RETURN(std::string live, registry.LookupUnique(cert_index::kCertificates,
                                                           cert_index::LiveCertificateEntry(
                                                               programme.name(), unit.name)));
  if (!live.empty()) {
    return ErrorWithReason(
        absl::StatusCode::kFailedPrecondition, kAlreadyCertified,
        absl::StrCat(unit.name, " already holds ", live, " of ", programme.name()),
        {{"unit", unit.name}, {"certificate", live}});
  }
  ASSIGN_OR_RETURN(std::string open, registry.LookupUnique(cert_index::kApplications,
                                                           cert_index::OpenApplicationEntry(
                                                               programme.name(), unit.name)));
  if (!open.empty()) {
    return ErrorWithReason(
        absl::StatusCode::kFailedPrecondition, kApplicationPending,
        absl::StrCat(unit.name, " already has ", open, " open for ", programme.name()),
        {{"unit", unit.name}, {"application", open}});
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> ParseApplicationName(absl::string_view name, absl::string_view field) {
  constexpr absl::string_view kPrefix = "applications/";
  if (!absl::StartsWith(name, kPrefix)) {
    return InvalidFieldError(field, "must be applications/{application_id}");
  }
  std::string id(name.substr(kPrefix.size()));
  if (std::string problem = IdProblem(id); !problem.empty()) {
    return InvalidFieldError(field, absl::StrCat("application id ", problem));
  }
  return id;
}

void RedactApplicationFor(const Principal& principal, v1::Application* application) {
  if (principal.role != v1::ROLE_PUBLIC) return;
  application->clear_applicant();
  for (v1::ManualScore& score : *application->mutable_scores()) score.clear_reviewer();
  for (v1::Objection& objection : *application->mutable_objections()) {
    objection.clear_lodged_by();
    objection.clear_resolved_by();
  }
}

absl::Status MapUniqueConflict(absl::Status status, absl::string_view reason,
                               absl::string_view message) {
  if (status.code() != absl::StatusCode::kFailedPrecondition ||
      ErrorReasonOf(status) != "UNIQUE_CONSTRAINT") {
    return status;
  }
  return ErrorWithReason(absl::StatusCode::kFailedPrecondition, reason, message);
}

void CertificationCore::SubmitApplication(const Principal& caller,
                                          const v1::SubmitApplicationRequest& request,
                                          Reply<v1::Application> reply) {
  const v1::Application& submitted = request.application();
  FieldViolations violations;
  if (!request.has_application()) violations.Add("application", "is required");
  AddViolationsFrom(ParseProgrammeName(submitted.programme(), "application.programme").status(),
                    "application.programme", &violations);
  AddViolationsFrom(UnitKindOfName(submitted.unit(), "application.unit").status(),
                    "application.unit", &violations);
  if (std::string problem = TextProblem(submitted.statement(), 0, kMaxStatementChars);
      !problem.empty()) {
    violations.Add("application.statement", problem);
  }
  if (!request.application_id().empty()) {
    ValidateId(request.application_id(), "application_id", &violations);
  }
  ValidateRequestId(request.request_id(), &violations);
  if (!violations.empty()) return reply(violations.ToStatus());

  storage::ChangeSet change =
      NewChangeSet(caller, kSubmitApplication, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  absl::StatusOr<v1::Programme> programme = Read<v1::Programme>(*registry_, submitted.programme());
  if (!programme.ok()) return reply(programme.status());
  absl::StatusOr<UnitInfo> unit = LookupUnit(*registry_, submitted.unit(), "application.unit");
  if (!unit.ok()) return reply(unit.status());
  if (absl::Status s = RequireUnitKind(*unit, *programme); !s.ok()) return reply(s);
  if (absl::Status s = Authorize(caller, Action::kApplyForCertification, unit->target); !s.ok()) {
    return reply(s);
  }
  if (absl::Status s = RequireOpenUnit(*unit); !s.ok()) return reply(s);
  if (absl::Status s = CheckEligible(*registry_, *programme, *unit); !s.ok()) return reply(s);

  // The pre-check: the automatic criteria now, the manual ones pending.
  const absl::Time now = clock_->Now();
  absl::StatusOr<v1::Evaluation> precheck =
      EvaluateNow(*programme, unit->name, unit->kind, {}, now);
  if (!precheck.ok()) return reply(precheck.status());
  // Only a failed automatic veto rejects at once; points short of the pass mark may still be
  // made up by the manual criteria, and a reviewer rejects those.
  const bool failed = !precheck->failed_vetoes().empty();
  absl::StatusOr<v1::ApplicationState> state = NextApplicationState(
      v1::SUBMITTED, failed ? ApplicationAction::kPrecheckFail : ApplicationAction::kPrecheckPass);
  if (!state.ok()) return reply(state.status());

  auto application = std::make_shared<v1::Application>();
  application->set_name(absl::StrCat("applications/", request.application_id().empty()
                                                          ? NewResourceId()
                                                          : request.application_id()));
  application->set_programme(programme->name());
  application->set_criteria_version(programme->criteria_version());
  CopyUnitPlace(*unit, application.get());
  application->set_category(programme->category());
  application->set_level(programme->level());
  application->set_state(*state);
  *application->mutable_precheck() = *precheck;
  *application->mutable_evaluation() = *precheck;
  application->set_statement(submitted.statement());
  application->set_applicant(caller.name);
  ToProto(now, application->mutable_submit_time());
  if (failed) {
    ToProto(now, application->mutable_decide_time());
    application->set_state_reason(absl::StrCat("pre-check failed: ", precheck->summary()));
  }
  // The programme must still be at the version evaluated, and the unit as read (open, in the
  // same place), when the application is written.
  change.checks.push_back({programme->name(), programme->mod_revision()});
  change.checks.push_back({unit->name, unit->mod_revision});
  const std::string conflict_message =
      absl::StrCat(unit->name, " already has an open application to ", programme->name());
  change.writes.push_back({std::move(application), storage::Expect::kAbsent, 0});
  registry_->Commit(std::move(change), [reply = std::move(reply), conflict_message](
                                           absl::StatusOr<storage::CommitResult> result) {
    if (!result.ok()) {
      return reply(MapUniqueConflict(result.status(), kApplicationPending, conflict_message));
    }
    reply(FirstResource<v1::Application>(*result));
  });
}

absl::StatusOr<v1::Application> CertificationCore::GetApplication(
    const Principal& caller, const v1::GetApplicationRequest& request) {
  RETURN_IF_ERROR(ParseApplicationName(request.name(), "name").status());
  // Who may not read it must not learn whether it exists: authorize the role first.
  if (caller.role != v1::ROLE_PUBLIC &&
      GrantFor(caller.role, Action::kReadCertification) == Grant::kNever) {
    RETURN_IF_ERROR(Authorize(caller, Action::kReadCertification, Target{}));
  }
  ASSIGN_OR_RETURN(v1::Application application, Read<v1::Application>(*registry_, request.name()));
  // The public reads an application while its notice runs: hearing objections is its purpose.
  if (caller.role != v1::ROLE_PUBLIC || application.state() != v1::PUBLIC_NOTICE) {
    RETURN_IF_ERROR(Authorize(caller, Action::kReadCertification, PlaceTarget(application)));
  }
  RedactApplicationFor(caller, &application);
  return application;
}

absl::StatusOr<v1::ListApplicationsResponse> CertificationCore::ListApplications(
    const Principal& caller, const v1::ListApplicationsRequest& request) {
  FieldViolations violations;
  const PlaceFilter place = PlaceFilter::Parse(request.unit(), request.area(), request.programme(),
                                               request.division(), &violations);
  if (!v1::ApplicationState_IsValid(request.state())) violations.Add("state", "is not a state");
  RETURN_IF_ERROR(violations.ToStatus());
  // The public lists the applications in notice; every other role those in its scope.
  const bool in_notice_only = caller.role == v1::ROLE_PUBLIC;
  if (in_notice_only && request.state() != v1::APPLICATION_STATE_UNSPECIFIED &&
      request.state() != v1::PUBLIC_NOTICE) {
    RETURN_IF_ERROR(Authorize(caller, Action::kReadCertification, Target{}));
  }
  if (!in_notice_only && GrantFor(caller.role, Action::kReadCertification) == Grant::kNever) {
    RETURN_IF_ERROR(Authorize(caller, Action::kReadCertification, Target{}));
  }

  // Walk the most selective index the request names; check the other filters on each item.
  storage::ScanQuery query;
  query.collection = cert_index::kApplications;
  if (!place.SelectIndex(&query)) {
    if (request.state() != v1::APPLICATION_STATE_UNSPECIFIED || in_notice_only) {
      query.index = cert_index::kState;
      query.value =
          absl::StrCat(static_cast<int>(in_notice_only ? v1::PUBLIC_NOTICE : request.state()));
    } else {
      query.value = "applications/";
    }
  }
  query.filter = [place, state = request.state(), principal = caller,
                  in_notice_only](const google::protobuf::Message& m) {
    const auto& a = static_cast<const v1::Application&>(m);
    if (!place.Matches(a)) return false;
    if (state != v1::APPLICATION_STATE_UNSPECIFIED && a.state() != state) return false;
    if (in_notice_only) return a.state() == v1::PUBLIC_NOTICE;
    return Authorize(principal, Action::kReadCertification, PlaceTarget(a)).ok();
  };
  ASSIGN_OR_RETURN(Page page, ListPage(*registry_, *tokens_, std::move(query), request,
                                       request.page_size(), request.page_token()));
  v1::ListApplicationsResponse response;
  AppendItems<v1::Application>(page, response.mutable_applications());
  for (v1::Application& application : *response.mutable_applications()) {
    RedactApplicationFor(caller, &application);
  }
  response.set_next_page_token(page.next_page_token);
  response.set_read_revision(page.read_revision);
  return response;
}

}  // namespace fangxin
