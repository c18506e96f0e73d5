// CertificationCore: programmes and their criteria versions.

#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/certification/certificate_upkeep.h"
#include "services/certification/certification_core.h"
#include "services/certification/certification_keys.h"
#include "services/certification/rules/programme_rules.h"
#include "services/common/validation.h"
#include "services/merchant/targets.h"
#include "services/support/list_page.h"

namespace fangxin {
namespace {

constexpr char kCreateProgramme[] = "/fangxin.v1.CertificationService/CreateProgramme";
constexpr char kUpdateProgramme[] = "/fangxin.v1.CertificationService/UpdateProgramme";

constexpr size_t kMaxProgrammeIdChars = 63;

// The update_mask paths UpdateProgramme accepts (certification_service.proto).
constexpr absl::string_view kProgrammeUpdatePaths[] = {
    "display_name", "criteria",      "pass_mark",          "bonus_cap",
    "notice_days",  "validity_days", "rectification_days", "requires_lower_level",
    "description"};

// "" when `id` is a programme id; otherwise the rule broken.
std::string ProgrammeIdProblem(absl::string_view id) {
  if (id.empty()) return "is required";
  if (id.size() > kMaxProgrammeIdChars) return "must be at most 63 characters";
  for (char c : id) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '-') {
      return "must contain only a-z, 0-9 and '-'";
    }
  }
  if (!absl::ascii_islower(static_cast<unsigned char>(id[0]))) return "must start with a letter";
  return "";
}

// The programme and its version record, to write in one commit.
void AddProgrammeWrites(const v1::Programme& programme, storage::Expect expect,
                        int64_t expected_revision, storage::ChangeSet* change) {
  auto latest = std::make_shared<v1::Programme>(programme);
  auto version = std::make_shared<v1::Programme>(programme);
  version->set_name(ProgrammeVersionName(programme.name(), programme.criteria_version()));
  change->writes.push_back({std::move(latest), expect, expected_revision});
  change->writes.push_back({std::move(version), storage::Expect::kAbsent, 0});
}

}  // namespace

absl::StatusOr<std::string> ParseProgrammeName(absl::string_view name, absl::string_view field) {
  constexpr absl::string_view kPrefix = "programs/";
  if (!absl::StartsWith(name, kPrefix)) return InvalidFieldError(field, "must be programs/{id}");
  std::string id(name.substr(kPrefix.size()));
  if (std::string problem = ProgrammeIdProblem(id); !problem.empty()) {
    return InvalidFieldError(field, absl::StrCat("programme id ", problem));
  }
  return id;
}

std::string ProgrammeVersionName(absl::string_view programme, int32_t version) {
  return absl::StrCat(programme, "/", cert_index::kProgrammeVersions, "/", version);
}

void CertificationCore::CreateProgramme(const Principal& caller,
                                        const v1::CreateProgrammeRequest& request,
                                        Reply<v1::Programme> reply) {
  v1::Programme programme = request.programme();
  ApplyProgrammeDefaults(&programme);
  FieldViolations violations;
  if (!request.has_programme()) violations.Add("programme", "is required");
  ValidateProgramme(programme, "programme", &violations);
  if (!request.programme_id().empty()) {
    if (std::string problem = ProgrammeIdProblem(request.programme_id()); !problem.empty()) {
      violations.Add("programme_id", problem);
    }
  }
  ValidateRequestId(request.request_id(), &violations);
  if (!violations.empty()) return reply(violations.ToStatus());
  if (absl::Status s = Authorize(caller, Action::kManageProgrammes, Target{}); !s.ok()) {
    return reply(s);
  }

  storage::ChangeSet change = NewChangeSet(caller, kCreateProgramme, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  programme.set_name(absl::StrCat(
      "programs/", request.programme_id().empty() ? NewResourceId() : request.programme_id()));
  programme.set_criteria_version(1);
  AddProgrammeWrites(programme, storage::Expect::kAbsent, 0, &change);
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

absl::StatusOr<v1::Programme> CertificationCore::GetProgramme(
    const Principal& caller, const v1::GetProgrammeRequest& request) {
  // `programs/{id}` or `programs/{id}/versions/{n}`.
  const std::vector<absl::string_view> parts = absl::StrSplit(request.name(), '/');
  int32_t version = 0;
  const bool versioned = parts.size() == 4 && parts[2] == cert_index::kProgrammeVersions &&
                         absl::SimpleAtoi(parts[3], &version) && version > 0;
  if (parts.size() != 2 && !versioned) {
    return InvalidFieldError("name", "must be programs/{id} or programs/{id}/versions/{n}");
  }
  const std::string programme = absl::StrCat(parts[0], "/", parts[1]);
  RETURN_IF_ERROR(ParseProgrammeName(programme, "name").status());
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, Target{}));
  if (versioned) return ReadProgrammeVersion(*registry_, programme, version);
  return Read<v1::Programme>(*registry_, programme);
}

absl::StatusOr<v1::ListProgrammesResponse> CertificationCore::ListProgrammes(
    const Principal& caller, const v1::ListProgrammesRequest& request) {
  RETURN_IF_ERROR(Authorize(caller, Action::kReadPublic, Target{}));
  FieldViolations violations;
  if (!v1::CertificationCategory_IsValid(request.category())) {
    violations.Add("category", "is not a category");
  }
  if (!v1::CertificationLevel_IsValid(request.level())) violations.Add("level", "is not a level");
  if (!v1::UnitKind_IsValid(request.unit_kind())) violations.Add("unit_kind", "is not a unit kind");
  RETURN_IF_ERROR(violations.ToStatus());

  storage::ScanQuery query;
  query.collection = cert_index::kProgrammes;
  if (request.category() != v1::CERTIFICATION_CATEGORY_UNSPECIFIED) {
    query.index = cert_index::kCategory;
    query.value = absl::StrCat(static_cast<int>(request.category()));
  } else if (request.level() != v1::CERTIFICATION_LEVEL_UNSPECIFIED) {
    query.index = cert_index::kLevel;
    query.value = absl::StrCat(static_cast<int>(request.level()));
  } else {
    query.value = "programs/";
  }
  const v1::CertificationCategory category = request.category();
  const v1::CertificationLevel level = request.level();
  const v1::UnitKind unit_kind = request.unit_kind();
  query.filter = [category, level, unit_kind](const google::protobuf::Message& m) {
    const auto& p = static_cast<const v1::Programme&>(m);
    return (category == v1::CERTIFICATION_CATEGORY_UNSPECIFIED || p.category() == category) &&
           (level == v1::CERTIFICATION_LEVEL_UNSPECIFIED || p.level() == level) &&
           (unit_kind == v1::UNIT_KIND_UNSPECIFIED || p.unit_kind() == unit_kind);
  };
  ASSIGN_OR_RETURN(Page page, ListPage(*registry_, *tokens_, std::move(query), request,
                                       request.page_size(), request.page_token()));
  v1::ListProgrammesResponse response;
  AppendItems<v1::Programme>(page, response.mutable_programmes());
  response.set_next_page_token(page.next_page_token);
  response.set_read_revision(page.read_revision);
  return response;
}

void CertificationCore::UpdateProgramme(const Principal& caller,
                                        const v1::UpdateProgrammeRequest& request,
                                        Reply<v1::Programme> reply) {
  FieldViolations violations;
  const std::string& name = request.programme().name();
  AddViolationsFrom(ParseProgrammeName(name, "programme.name").status(), "programme.name",
                    &violations);
  ValidateUpdateMask(request.update_mask(), kProgrammeUpdatePaths, &violations);
  ValidateEtag(request.etag(), "etag", &violations);
  ValidateRequestId(request.request_id(), &violations);
  if (!violations.empty()) return reply(violations.ToStatus());
  absl::StatusOr<int64_t> etag = ParseEtag(request.etag(), "etag");
  if (!etag.ok()) return reply(etag.status());
  if (absl::Status s = Authorize(caller, Action::kManageProgrammes, Target{}); !s.ok()) {
    return reply(s);
  }

  storage::ChangeSet change = NewChangeSet(caller, kUpdateProgramme, request, request.request_id());
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  absl::StatusOr<v1::Programme> current = Read<v1::Programme>(*registry_, name);
  if (!current.ok()) return reply(current.status());
  v1::Programme updated = *current;
  ApplyUpdateMask(request.programme(), request.update_mask(), &updated);
  ApplyProgrammeDefaults(&updated);
  ValidateProgramme(updated, "programme", &violations);
  if (!violations.empty()) return reply(violations.ToStatus());
  // Applications and certificates keep the version they were made under; this one is new.
  updated.set_criteria_version(current->criteria_version() + 1);
  AddProgrammeWrites(updated, storage::Expect::kModRevision, *etag, &change);
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

}  // namespace fangxin
