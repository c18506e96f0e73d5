#include "services/common/authz.h"

#include <algorithm>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors.h"

namespace fangxin {
namespace {

const AuthzRule* RuleFor(Action action) {
  for (const AuthzRule& rule : kAuthzTable) {
    if (rule.action == action) return &rule;
  }
  return nullptr;
}

bool HasScope(const Principal& p, const std::string& resource) {
  // An empty target field never matches, even against a (malformed) empty scope.
  return !resource.empty() &&
         std::find(p.scopes.begin(), p.scopes.end(), resource) != p.scopes.end();
}

// The scopes that would put `target` in scope for the principal's role: the alternatives named
// in an OUT_OF_SCOPE error.
std::vector<std::string> ScopesCovering(v1::Role role, const Target& target) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& s) {
    if (!s.empty()) out.push_back(s);
  };
  switch (role) {
    case v1::ROLE_REGULATOR:
      add(target.division);
      add(target.township);
      break;
    case v1::ROLE_AREA_MANAGER:
      add(target.area);
      break;
    case v1::ROLE_MERCHANT:
      add(target.merchant);
      break;
    default:
      break;
  }
  return out;
}

bool InScope(const Principal& p, const Target& target) {
  if (p.role == v1::ROLE_REGULATOR && p.scopes.empty()) return true;  // City regulator.
  for (const std::string& scope : ScopesCovering(p.role, target)) {
    if (HasScope(p, scope)) return true;
  }
  return false;
}

// What a principal of `role` should hold, for a target that names nothing it could match.
absl::string_view ScopeShape(v1::Role role) {
  switch (role) {
    case v1::ROLE_REGULATOR:
      return "divisions/{code}";
    case v1::ROLE_AREA_MANAGER:
      return "areas/{area_id}";
    case v1::ROLE_MERCHANT:
      return "merchants/{uscc}";
    default:
      return "(none)";
  }
}

}  // namespace

std::string RoleName(v1::Role role) {
  if (!v1::Role_IsValid(role)) return absl::StrCat("UNKNOWN(", static_cast<int>(role), ")");
  std::string name = v1::Role_Name(role);
  if (absl::StartsWith(name, "ROLE_")) name.erase(0, 5);
  return name;
}

absl::string_view ActionId(Action action) {
  switch (action) {
    case Action::kReadPublic:
      return "READ_PUBLIC";
    case Action::kCreateMerchant:
      return "CREATE_MERCHANT";
    case Action::kUpdateMerchant:
      return "UPDATE_MERCHANT";
    case Action::kCloseMerchant:
      return "CLOSE_MERCHANT";
    case Action::kWriteStore:
      return "WRITE_STORE";
    case Action::kCreateArea:
      return "CREATE_AREA";
    case Action::kUpdateArea:
      return "UPDATE_AREA";
    case Action::kManageKeys:
      return "MANAGE_KEYS";
    case Action::kFilePledge:
      return "FILE_PLEDGE";
    case Action::kRegulatePledge:
      return "REGULATE_PLEDGE";
    case Action::kIngestComplaint:
      return "INGEST_COMPLAINT";
    case Action::kReadComplaint:
      return "READ_COMPLAINT";
    case Action::kInspect:
      return "INSPECT";
    case Action::kReadCompliance:
      return "READ_COMPLIANCE";
    case Action::kVerifyAudit:
      return "VERIFY_AUDIT";
    case Action::kReadAudit:
      return "READ_AUDIT";
    case Action::kManageProgrammes:
      return "MANAGE_PROGRAMMES";
    case Action::kApplyForCertification:
      return "APPLY_FOR_CERTIFICATION";
    case Action::kReviewCertification:
      return "REVIEW_CERTIFICATION";
    case Action::kObjectToCertification:
      return "OBJECT_TO_CERTIFICATION";
    case Action::kReadCertification:
      return "READ_CERTIFICATION";
    case Action::kImportCertificate:
      return "IMPORT_CERTIFICATE";
  }
  return "UNKNOWN";
}

absl::string_view ActionDescription(Action action) {
  switch (action) {
    case Action::kReadPublic:
      return "read public data";
    case Action::kCreateMerchant:
      return "create merchants";
    case Action::kUpdateMerchant:
      return "update merchants";
    case Action::kCloseMerchant:
      return "close merchants";
    case Action::kWriteStore:
      return "write stores";
    case Action::kCreateArea:
      return "create areas";
    case Action::kUpdateArea:
      return "update areas";
    case Action::kManageKeys:
      return "manage keys";
    case Action::kFilePledge:
      return "file pledges";
    case Action::kRegulatePledge:
      return "suspend, reinstate or revoke pledges";
    case Action::kIngestComplaint:
      return "ingest complaints";
    case Action::kReadComplaint:
      return "read complaints";
    case Action::kInspect:
      return "plan spot checks and record inspections";
    case Action::kReadCompliance:
      return "read inspections, violations and reports";
    case Action::kVerifyAudit:
      return "verify the audit log";
    case Action::kReadAudit:
      return "read the audit log";
    case Action::kManageProgrammes:
      return "define certification programmes";
    case Action::kApplyForCertification:
      return "apply for certification";
    case Action::kReviewCertification:
      return "review certification";
    case Action::kObjectToCertification:
      return "object to a certification";
    case Action::kReadCertification:
      return "read certification applications";
    case Action::kImportCertificate:
      return "import certificates";
  }
  return "do that";
}

Grant GrantFor(v1::Role role, Action action) {
  const AuthzRule* rule = RuleFor(action);
  if (rule == nullptr) return Grant::kNever;
  switch (role) {
    case v1::ROLE_ADMIN:
      return rule->admin;
    case v1::ROLE_REGULATOR:
      return rule->regulator;
    case v1::ROLE_AREA_MANAGER:
      return rule->area_manager;
    case v1::ROLE_MERCHANT:
      return rule->merchant;
    case v1::ROLE_CITY_SYSTEM:
      return rule->city_system;
    case v1::ROLE_PUBLIC:
      return rule->public_role;
    default:
      return Grant::kNever;
  }
}

absl::Status Authorize(const Principal& principal, Action action, const Target& target) {
  // Every call passes through here: an allowed call builds nothing, only a refusal does.
  const Grant grant = GrantFor(principal.role, action);
  if (grant == Grant::kAlways) return absl::OkStatus();
  if (grant == Grant::kInScope && InScope(principal, target)) return absl::OkStatus();
  std::string role = RoleName(principal.role);
  std::map<std::string, std::string> metadata = {
      {"principal", principal.name}, {"role", role}, {"action", std::string(ActionId(action))}};
  if (grant == Grant::kNever) {
    return ErrorWithReason(absl::StatusCode::kPermissionDenied, "ROLE_NOT_ALLOWED",
                           absl::StrCat("role ", role, " may not ", ActionDescription(action)),
                           metadata);
  }
  std::vector<std::string> needed = ScopesCovering(principal.role, target);
  std::string who = absl::StrCat(principal.name, " (role ", role, ")");
  std::string message =
      needed.empty()
          ? absl::StrCat(who, " needs a scope matching the target to ", ActionDescription(action),
                         ", and the target names no ", ScopeShape(principal.role))
          : absl::StrCat(who, " needs scope ", absl::StrJoin(needed, " or "), " to ",
                         ActionDescription(action));
  metadata["required_scopes"] = absl::StrJoin(needed, ",");
  return ErrorWithReason(absl::StatusCode::kPermissionDenied, "OUT_OF_SCOPE", message, metadata);
}

bool CanSeeContact(const Principal& principal, const Target& target) {
  switch (principal.role) {
    case v1::ROLE_ADMIN:
    case v1::ROLE_CITY_SYSTEM:
      return true;
    case v1::ROLE_REGULATOR:
      return InScope(principal, target);
    case v1::ROLE_MERCHANT:
      return HasScope(principal, target.merchant);
    default:
      return false;
  }
}

void RedactForPublic(v1::Merchant* merchant) { merchant->clear_contact(); }

void RedactPledgeFor(const Principal& principal, v1::Pledge* pledge) {
  if (principal.role == v1::ROLE_PUBLIC) pledge->clear_filed_by();
}

}  // namespace fangxin
