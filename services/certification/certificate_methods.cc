// CertificationCore: reading, revoking and importing certificates.

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/certification/certification_core.h"
#include "services/certification/certification_keys.h"
#include "services/certification/place_filter.h"
#include "services/certification/rules/certificate_rules.h"
#include "services/certification/rules/time_util.h"
#include "services/certification/rules/unit_names.h"
#include "services/certification/unit_lookup.h"
#include "services/common/text.h"
#include "services/common/validation.h"
#include "services/merchant/targets.h"
#include "services/support/list_page.h"

namespace fangxin {
namespace {

constexpr char kRevokeCertificate[] = "/fangxin.v1.CertificationService/RevokeCertificate";
constexpr char kImportCertificate[] = "/fangxin.v1.CertificationService/ImportCertificate";

// ALREADY_EXISTS CERTIFICATE_NUMBER_TAKEN; `holder` when known.
absl::Status NumberTakenError(const std::string& number, const std::string& holder) {
  return ErrorWithReason(
      absl::StatusCode::kAlreadyExists, kCertificateNumberTaken,
      absl::StrCat("certificate number ", number, " is already taken",
                   holder.empty() ? "" : absl::StrCat(" by ", holder)),
      {{"number", number}});
}

constexpr size_t kMaxRevokeReasonChars = 2000;
constexpr size_t kMaxNumberChars = 64;
constexpr size_t kMaxIssuerChars = 200;

void CheckText(absl::string_view text, size_t min_chars, size_t max_chars, const char* field,
               FieldViolations* violations) {
  if (std::string problem = TextProblem(text, min_chars, max_chars); !problem.empty()) {
    violations->Add(field, problem);
  }
}

// The client-settable fields of an imported certificate.
void ValidateImport(const v1::ImportCertificateRequest& request, absl::Time now,
                    FieldViolations* violations) {
  const v1::Certificate& c = request.certificate();
  if (!request.has_certificate()) violations->Add("certificate", "is required");
  AddViolationsFrom(ParseProgrammeName(c.programme(), "certificate.programme").status(),
                    "certificate.programme", violations);
  AddViolationsFrom(UnitKindOfName(c.unit(), "certificate.unit").status(), "certificate.unit",
                    violations);
  CheckText(c.number(), 1, kMaxNumberChars, "certificate.number", violations);
  CheckText(c.issuer(), 1, kMaxIssuerChars, "certificate.issuer", violations);
  if (!c.has_issue_time()) {
    violations->Add("certificate.issue_time", "is required");
  } else if (FromProto(c.issue_time()) > now) {
    violations->Add("certificate.issue_time", "must not be in the future");
  }
  if (!c.has_valid_until()) {
    violations->Add("certificate.valid_until", "is required");
  } else if (c.has_issue_time() && FromProto(c.valid_until()) <= FromProto(c.issue_time())) {
    violations->Add("certificate.valid_until", "must be after issue_time");
  } else if (FromProto(c.valid_until()) <= now) {
    violations->Add("certificate.valid_until",
                    "must be in the future: an expired certificate places no unit in a tier");
  }
  if (!request.certificate_id().empty()) {
    ValidateId(request.certificate_id(), "certificate_id", violations);
  }
  ValidateRequestId(request.request_id(), violations);
}

}  // namespace

absl::StatusOr<std::string> ParseCertificateName(absl::string_view name, absl::string_view field) {
  constexpr absl::string_view kPrefix = "certificates/";
  if (!absl::StartsWith(name, kPrefix)) {
    return InvalidFieldError(field, "must be certificates/{certificate_id}");
  }
  std::string id(name.substr(kPrefix.size()));
  if (std::string problem = IdProblem(id); !problem.empty()) {
    return InvalidFieldError(field, absl::StrCat("certificate id ", problem));
  }
  return id;
}

absl::StatusOr<v1::Certificate> CertificationCore::GetCertificate(
    const Principal& caller, const v1::GetCertificateRequest& request) {
  RETURN_IF_ERROR(ParseCertificateName(request.name(), "name").status());
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, Target{}));
  return Read<v1::Certificate>(*registry_, request.name());
}

absl::StatusOr<v1::ListCertificatesResponse> CertificationCore::ListCertificates(
    const Principal& caller, const v1::ListCertificatesRequest& request) {
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, Target{}));
  FieldViolations violations;
  const PlaceFilter place = PlaceFilter::Parse(request.unit(), request.area(), request.programme(),
                                               request.division(), &violations);
  if (!v1::CertificateState_IsValid(request.state())) violations.Add("state", "is not a state");
  if (!v1::CertificationLevel_IsValid(request.level())) violations.Add("level", "is not a level");
  if (!v1::CertificationCategory_IsValid(request.category())) {
    violations.Add("category", "is not a category");
  }
  RETURN_IF_ERROR(violations.ToStatus());

  // Walk the most selective index the request names; check the other filters on each item.
  storage::ScanQuery query;
  query.collection = cert_index::kCertificates;
  if (!place.SelectIndex(&query)) {
    if (request.state() != v1::CERTIFICATE_STATE_UNSPECIFIED) {
      query.index = cert_index::kState;
      query.value = absl::StrCat(static_cast<int>(request.state()));
    } else {
      query.value = "certificates/";
    }
  }
  query.filter = [place, state = request.state(), level = request.level(),
                  category = request.category()](const google::protobuf::Message& m) {
    const auto& c = static_cast<const v1::Certificate&>(m);
    return place.Matches(c) &&
           (state == v1::CERTIFICATE_STATE_UNSPECIFIED || c.state() == state) &&
           (level == v1::CERTIFICATION_LEVEL_UNSPECIFIED || c.level() == level) &&
           (category == v1::CERTIFICATION_CATEGORY_UNSPECIFIED || c.category() == category);
  };
  ASSIGN_OR_RETURN(Page page, ListPage(*registry_, *tokens_, std::move(query), request,
                                       request.page_size(), request.page_token()));
  v1::ListCertificatesResponse response;
  AppendItems<v1::Certificate>(page, response.mutable_certificates());
  response.set_next_page_token(page.next_page_token);
  response.set_read_revision(page.read_revision);
  return response;
}

void CertificationCore::RevokeCertificate(const Principal& caller,
                                          const v1::RevokeCertificateRequest& request,
                                          Reply<v1::Certificate> reply) {
  FieldViolations violations;
  AddViolationsFrom(ParseCertificateName(request.name(), "name").status(), "name", &violations);
  ValidateEtag(request.etag(), "etag", &violations);
  CheckText(request.reason(), 1, kMaxRevokeReasonChars, "reason", &violations);
  ValidateRequestId(request.request_id(), &violations);
  if (!violations.empty()) return reply(violations.ToStatus());
  absl::StatusOr<int64_t> etag = ParseEtag(request.etag(), "etag");
  if (!etag.ok()) return reply(etag.status());

  storage::ChangeSet change =
      NewChangeSet(caller, kRevokeCertificate, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  absl::StatusOr<v1::Certificate> current = Read<v1::Certificate>(*registry_, request.name());
  if (!current.ok()) return reply(current.status());
  if (absl::Status s = Authorize(caller, Action::kReviewCertification, PlaceTarget(*current));
      !s.ok()) {
    return reply(s);
  }
  absl::StatusOr<v1::CertificateState> next =
      NextCertificateState(current->state(), CertificateAction::kRevoke);
  if (!next.ok()) return reply(next.status());
  auto updated = std::make_shared<v1::Certificate>(*current);
  updated->set_state(*next);
  updated->set_state_reason(request.reason());
  ToProto(clock_->Now(), updated->mutable_revoke_time());
  change.reason = request.reason();
  change.writes.push_back({std::move(updated), storage::Expect::kModRevision, *etag});
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

void CertificationCore::ImportCertificate(const Principal& caller,
                                          const v1::ImportCertificateRequest& request,
                                          Reply<v1::Certificate> reply) {
  const absl::Time now = clock_->Now();
  FieldViolations violations;
  ValidateImport(request, now, &violations);
  if (!violations.empty()) return reply(violations.ToStatus());
  const v1::Certificate& imported = request.certificate();

  storage::ChangeSet change =
      NewChangeSet(caller, kImportCertificate, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  absl::StatusOr<v1::Programme> programme = Read<v1::Programme>(*registry_, imported.programme());
  if (!programme.ok()) return reply(programme.status());
  absl::StatusOr<UnitInfo> unit = LookupUnit(*registry_, imported.unit(), "certificate.unit");
  if (!unit.ok()) return reply(unit.status());
  if (absl::Status s = Authorize(caller, Action::kImportCertificate, unit->target); !s.ok()) {
    return reply(s);
  }
  if (absl::Status s = RequireUnitKind(*unit, *programme); !s.ok()) return reply(s);
  if (absl::Status s = RequireOpenUnit(*unit); !s.ok()) return reply(s);
  const std::string conflict_message =
      absl::StrCat(unit->name, " already holds a live certificate of ", programme->name());
  absl::StatusOr<std::string> live = registry_->LookupUnique(
      cert_index::kCertificates, cert_index::LiveCertificateEntry(programme->name(), unit->name));
  if (!live.ok()) return reply(live.status());
  if (!live->empty()) {
    return reply(ErrorWithReason(absl::StatusCode::kFailedPrecondition, kAlreadyCertified,
                                 conflict_message, {{"certificate", *live}}));
  }
  // An open application to the same programme would reach its certificate later and find the
  // unit certified already; the reviewers decide it first.
  absl::StatusOr<std::string> open = registry_->LookupUnique(
      cert_index::kApplications, cert_index::OpenApplicationEntry(programme->name(), unit->name));
  if (!open.ok()) return reply(open.status());
  if (!open->empty()) {
    return reply(ErrorWithReason(
        absl::StatusCode::kFailedPrecondition, kApplicationPending,
        absl::StrCat(unit->name, " has ", *open, " open for ", programme->name(),
                     "; decide it before importing a certificate of the same programme"),
        {{"application", *open}}));
  }
  absl::StatusOr<std::string> numbered = registry_->LookupUnique(
      cert_index::kCertificates, cert_index::NumberEntry(imported.number()));
  if (!numbered.ok()) return reply(numbered.status());
  if (!numbered->empty()) return reply(NumberTakenError(imported.number(), *numbered));

  auto certificate = std::make_shared<v1::Certificate>();
  certificate->set_name(absl::StrCat("certificates/", request.certificate_id().empty()
                                                          ? NewResourceId()
                                                          : request.certificate_id()));
  certificate->set_number(imported.number());
  certificate->set_programme(programme->name());
  certificate->set_criteria_version(programme->criteria_version());
  certificate->set_category(programme->category());
  certificate->set_level(programme->level());
  CopyUnitPlace(*unit, certificate.get());
  certificate->set_state(v1::VALID);
  *certificate->mutable_issue_time() = imported.issue_time();
  *certificate->mutable_valid_until() = imported.valid_until();
  ToProto(NextEvaluationTime(FromProto(imported.issue_time()), now),
          certificate->mutable_next_evaluation_time());
  certificate->set_issuer(imported.issuer());
  certificate->set_state_reason(absl::StrCat("imported: issued by ", imported.issuer()));
  change.checks.push_back({programme->name(), programme->mod_revision()});
  change.checks.push_back({unit->name, unit->mod_revision});
  change.writes.push_back({std::move(certificate), storage::Expect::kAbsent, 0});
  registry_->Commit(std::move(change), [reply = std::move(reply), conflict_message,
                                        number = imported.number()](
                                           absl::StatusOr<storage::CommitResult> result) {
    if (!result.ok()) {
      // Two unique entries can collide: the number, or the unit's live certificate.
      if (ErrorMetadataOf(result.status(), "index") == cert_index::kNumber) {
        return reply(NumberTakenError(number, ""));
      }
      return reply(MapUniqueConflict(result.status(), kAlreadyCertified, conflict_message));
    }
    reply(FirstResource<v1::Certificate>(*result));
  });
}

}  // namespace fangxin
