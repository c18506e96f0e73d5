#include "services/common/validation.h"

#include <algorithm>

#include <cmath>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/authz.h"
#include "services/common/text.h"
#include "services/common/uscc.h"

namespace fangxin {
namespace {

constexpr size_t kMaxDisplayName = 200;
constexpr size_t kMaxAddress = 300;
constexpr size_t kMaxPersonName = 100;
constexpr size_t kMaxReason = 500;
constexpr size_t kMaxEmail = 254;  // RFC 5321's limit on a forward path, less the brackets.
constexpr size_t kMaxEmailLocal = 64;
constexpr size_t kMaxEtagDigits = 20;  // An int64 revision.

// `prefix.field`, or `field` for the request itself.
std::string Path(absl::string_view prefix, absl::string_view field) {
  return prefix.empty() ? std::string(field) : absl::StrCat(prefix, ".", field);
}

std::string Indexed(absl::string_view path, size_t i) { return absl::StrCat(path, "[", i, "]"); }

void CheckText(absl::string_view text, size_t min_chars, size_t max_chars, const std::string& path,
               FieldViolations* v) {
  std::string problem = TextProblem(text, min_chars, max_chars);
  if (!problem.empty()) v->Add(path, std::move(problem));
}

absl::string_view LevelWord(v1::DivisionLevel level) {
  switch (level) {
    case v1::DIVISION_LEVEL_CITY:
      return "a city";
    case v1::DIVISION_LEVEL_COUNTY:
      return "county-level";
    case v1::DIVISION_LEVEL_TOWNSHIP:
      return "a township";
    default:
      return "of no level";
  }
}

// Checks `name` names a known division of `level`; returns it, or nullptr after adding a
// violation. `name` must be non-empty.
const v1::Division* CheckDivisionRef(absl::string_view name, v1::DivisionLevel level,
                                     const std::string& path, const DivisionDirectory& divisions,
                                     FieldViolations* v) {
  auto code = ParseDivisionName(name, path);
  if (!code.ok()) {
    AddViolationsFrom(code.status(), path, v);
    return nullptr;
  }
  const v1::Division* d = divisions.Find(*code);
  if (d == nullptr) {
    v->Add(path, absl::StrCat(name, " is not a known division"));
    return nullptr;
  }
  if (d->level() != level) {
    v->Add(path, absl::StrCat("must be ",
                              level == v1::DIVISION_LEVEL_COUNTY ? "a county-level division"
                                                                 : "a township-level division",
                              "; ", name, " (", d->display_name(), ") is ", LevelWord(d->level())));
    return nullptr;
  }
  return d;
}

// The division + township pair shared by stores and areas: a county is required; a township is
// optional but must lie in that county.
void CheckPlacement(absl::string_view division, absl::string_view township,
                    absl::string_view prefix, const DivisionDirectory& divisions,
                    FieldViolations* v) {
  const v1::Division* county = nullptr;
  std::string division_path = Path(prefix, "division");
  if (division.empty()) {
    v->Add(division_path, "is required (divisions/{code} of a county-level division)");
  } else {
    county = CheckDivisionRef(division, v1::DIVISION_LEVEL_COUNTY, division_path, divisions, v);
  }
  if (township.empty()) return;
  std::string township_path = Path(prefix, "township");
  const v1::Division* town =
      CheckDivisionRef(township, v1::DIVISION_LEVEL_TOWNSHIP, township_path, divisions, v);
  if (town != nullptr && county != nullptr && town->parent() != county->name()) {
    v->Add(township_path, absl::StrCat(township, " (", town->display_name(), ") is not in ",
                                       division, " (", county->display_name(), ")"));
  }
}

void CheckRequiredLatLng(bool present, const v1::LatLng& position, const std::string& path,
                         FieldViolations* v) {
  if (!present) {
    v->Add(path, "is required");
    return;
  }
  ValidateLatLng(position, path, v);
}

bool IsEmailLocalChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         absl::string_view("!#$%&'*+/=?^_`{|}~.-").find(c) != absl::string_view::npos;
}

// "" when `email` has the basic shape local@domain.tld; otherwise the rule broken.
std::string EmailProblem(absl::string_view email) {
  if (email.size() > kMaxEmail) return absl::StrCat("must be at most ", kMaxEmail, " characters");
  size_t at = email.find('@');
  if (at == absl::string_view::npos || email.find('@', at + 1) != absl::string_view::npos) {
    return "must contain exactly one '@'";
  }
  absl::string_view local = email.substr(0, at);
  absl::string_view domain = email.substr(at + 1);
  constexpr char kShape[] = "must look like name@example.com";
  if (local.empty() || local.size() > kMaxEmailLocal || local.front() == '.' ||
      local.back() == '.' || absl::StrContains(local, "..")) {
    return kShape;
  }
  for (char c : local) {
    if (!IsEmailLocalChar(c)) return kShape;
  }
  std::vector<absl::string_view> labels = absl::StrSplit(domain, '.');
  if (labels.size() < 2) return kShape;
  for (absl::string_view label : labels) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return kShape;
    }
    for (char c : label) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') return kShape;
    }
  }
  return "";
}

// "" when `phone` is 5-20 of [0-9+- ] with at least one digit.
std::string PhoneProblem(absl::string_view phone) {
  constexpr char kRule[] = "must be 5 to 20 of digits, spaces, '+' and '-'";
  if (phone.size() < 5 || phone.size() > 20) return kRule;
  bool digit = false;
  for (char c : phone) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      digit = true;
    } else if (c != '+' && c != '-' && c != ' ') {
      return kRule;
    }
  }
  return digit ? "" : "must contain digits";
}

}  // namespace

bool IsKnownIndustry(absl::string_view industry) {
  for (absl::string_view known : kIndustries) {
    if (industry == known) return true;
  }
  return false;
}

absl::string_view EffectiveIndustry(absl::string_view industry) {
  return industry.empty() ? kDefaultIndustry : industry;
}

void ValidateLatLng(const v1::LatLng& position, absl::string_view path, FieldViolations* v) {
  double lat = position.latitude();
  double lng = position.longitude();
  if (!std::isfinite(lat)) {
    v->Add(Path(path, "latitude"), "must be a finite number");
  } else if (lat < -90 || lat > 90) {
    v->Add(Path(path, "latitude"), "must be between -90 and 90");
  }
  if (!std::isfinite(lng)) {
    v->Add(Path(path, "longitude"), "must be a finite number");
  } else if (lng < -180 || lng > 180) {
    v->Add(Path(path, "longitude"), "must be between -180 and 180");
  }
  if (lat == 0 && lng == 0) {
    v->Add(std::string(path), "must not be (0, 0), the value of an unset position");
  }
}

void ValidateContact(const v1::Contact& contact, absl::string_view prefix, FieldViolations* v) {
  CheckText(contact.person(), 0, kMaxPersonName, Path(prefix, "person"), v);
  if (!contact.phone().empty()) {
    std::string problem = PhoneProblem(contact.phone());
    if (!problem.empty()) v->Add(Path(prefix, "phone"), std::move(problem));
  }
  if (!contact.email().empty()) {
    std::string problem = EmailProblem(contact.email());
    if (!problem.empty()) v->Add(Path(prefix, "email"), std::move(problem));
  }
}

void ValidateMerchant(const v1::Merchant& merchant, absl::string_view prefix,
                      const DivisionDirectory& divisions, FieldViolations* v) {
  std::string uscc_problem = UsccProblem(merchant.uscc());
  if (!uscc_problem.empty()) v->Add(Path(prefix, "uscc"), uscc_problem);
  CheckText(merchant.legal_name(), 1, kMaxDisplayName, Path(prefix, "legal_name"), v);
  if (!v1::MerchantKind_IsValid(merchant.kind())) {
    v->Add(Path(prefix, "kind"), "is not a known merchant kind");
  } else if (merchant.kind() != v1::MERCHANT_KIND_UNSPECIFIED && uscc_problem.empty() &&
             merchant.kind() != UsccMerchantKind(merchant.uscc())) {
    v->Add(Path(prefix, "kind"),
           absl::StrCat("is ", v1::MerchantKind_Name(merchant.kind()), " but credit code ",
                        merchant.uscc(), " is registered as ",
                        v1::MerchantKind_Name(UsccMerchantKind(merchant.uscc()))));
  }
  CheckText(merchant.representative(), 0, kMaxPersonName, Path(prefix, "representative"), v);
  CheckText(merchant.registered_address(), 0, kMaxAddress, Path(prefix, "registered_address"), v);
  std::string division_path = Path(prefix, "division");
  if (merchant.division().empty()) {
    v->Add(division_path, "is required (divisions/{code} of a county-level division)");
  } else {
    CheckDivisionRef(merchant.division(), v1::DIVISION_LEVEL_COUNTY, division_path, divisions, v);
  }
  ValidateContact(merchant.contact(), Path(prefix, "contact"), v);
}

void ValidateStore(const v1::Store& store, absl::string_view prefix,
                   const DivisionDirectory& divisions, FieldViolations* v) {
  CheckText(store.display_name(), 1, kMaxDisplayName, Path(prefix, "display_name"), v);
  CheckText(store.address(), 1, kMaxAddress, Path(prefix, "address"), v);
  CheckPlacement(store.division(), store.township(), prefix, divisions, v);
  if (!store.area().empty()) {
    std::string path = Path(prefix, "area");
    AddViolationsFrom(ParseAreaName(store.area(), path).status(), path, v);
  }
  CheckRequiredLatLng(store.has_location(), store.location(), Path(prefix, "location"), v);
  if (!store.industry().empty() && !IsKnownIndustry(store.industry())) {
    v->Add(Path(prefix, "industry"),
           absl::StrCat("must be one of ", absl::StrJoin(kIndustries, ", ")));
  }
}

void ValidateArea(const v1::Area& area, absl::string_view prefix,
                  const DivisionDirectory& divisions, FieldViolations* v) {
  CheckText(area.display_name(), 1, kMaxDisplayName, Path(prefix, "display_name"), v);
  if (area.kind() == v1::AREA_KIND_UNSPECIFIED) {
    v->Add(Path(prefix, "kind"), "is required");
  } else if (!v1::AreaKind_IsValid(area.kind())) {
    v->Add(Path(prefix, "kind"), "is not a known area kind");
  }
  CheckPlacement(area.division(), area.township(), prefix, divisions, v);
  CheckRequiredLatLng(area.has_center(), area.center(), Path(prefix, "center"), v);
  std::string boundary_path = Path(prefix, "boundary");
  int points = area.boundary_size();
  if (points > 0 && points < 3) {
    v->Add(boundary_path, "must have at least 3 points");
  } else if (static_cast<size_t>(points) > kMaxBoundaryPoints) {
    v->Add(boundary_path, absl::StrCat("must have at most ", kMaxBoundaryPoints, " points"));
  } else {
    for (int i = 0; i < points; ++i) ValidateLatLng(area.boundary(i), Indexed(boundary_path, i), v);
  }
  std::string managers_path = Path(prefix, "managers");
  if (static_cast<size_t>(area.managers_size()) > kMaxAreaManagers) {
    v->Add(managers_path, absl::StrCat("must have at most ", kMaxAreaManagers, " entries"));
  } else {
    for (int i = 0; i < area.managers_size(); ++i) {
      CheckText(area.managers(i), 1, kMaxPersonName, Indexed(managers_path, i), v);
    }
  }
}

void ValidateApiKey(const v1::ApiKey& key, absl::string_view prefix,
                    const DivisionDirectory& divisions, FieldViolations* v) {
  CheckText(key.display_name(), 1, kMaxDisplayName, Path(prefix, "display_name"), v);
  // A certificate's common name becomes a storage index value, which cannot hold '/'.
  if (const std::string& cn = key.client_certificate_name(); !cn.empty()) {
    const bool shaped = cn.size() <= 200 && std::all_of(cn.begin(), cn.end(), [](char c) {
      return absl::ascii_isalnum(c) || c == '.' || c == '-' || c == '_' || c == '@' || c == ' ';
    });
    if (!shaped) {
      v->Add(Path(prefix, "client_certificate_name"),
             "must be up to 200 characters of letters, digits, '.', '-', '_', '@' and spaces");
    }
  }
  std::string role_path = Path(prefix, "role");
  std::string scopes_path = Path(prefix, "scopes");
  if (key.role() == v1::ROLE_UNSPECIFIED) {
    v->Add(role_path, "is required");
    return;  // The scope rules depend on the role.
  }
  if (!v1::Role_IsValid(key.role())) {
    v->Add(role_path, "is not a known role");
    return;
  }
  std::string role = RoleName(key.role());
  int n = key.scopes_size();
  absl::flat_hash_map<std::string, int> seen;
  for (int i = 0; i < n; ++i) {
    auto [it, inserted] = seen.emplace(key.scopes(i), i);
    if (!inserted) {
      v->Add(Indexed(scopes_path, i), absl::StrCat("repeats ", Indexed(scopes_path, it->second)));
    }
  }
  switch (key.role()) {
    case v1::ROLE_ADMIN:
    case v1::ROLE_CITY_SYSTEM:
    case v1::ROLE_PUBLIC:
      if (n > 0) v->Add(scopes_path, absl::StrCat("must be empty for role ", role));
      break;
    case v1::ROLE_REGULATOR:
      for (int i = 0; i < n; ++i) {
        std::string path = Indexed(scopes_path, i);
        auto code = ParseDivisionName(key.scopes(i), path);
        if (!code.ok()) {
          AddViolationsFrom(code.status(), path, v);
          continue;
        }
        const v1::Division* d = divisions.Find(*code);
        if (d == nullptr) {
          v->Add(path, absl::StrCat(key.scopes(i), " is not a known division"));
        } else if (d->level() != v1::DIVISION_LEVEL_COUNTY &&
                   d->level() != v1::DIVISION_LEVEL_TOWNSHIP) {
          v->Add(path, absl::StrCat("must be a county or township division; a city-wide "
                                    "regulator has no scopes"));
        }
      }
      break;
    case v1::ROLE_AREA_MANAGER:
      if (n == 0) {
        v->Add(scopes_path, "must name at least one areas/{area_id} for role AREA_MANAGER");
      }
      for (int i = 0; i < n; ++i) {
        std::string path = Indexed(scopes_path, i);
        AddViolationsFrom(ParseAreaName(key.scopes(i), path).status(), path, v);
      }
      break;
    case v1::ROLE_MERCHANT:
      if (n != 1) {
        v->Add(scopes_path, "must name exactly one merchants/{uscc} for role MERCHANT");
      }
      for (int i = 0; i < n; ++i) {
        std::string path = Indexed(scopes_path, i);
        AddViolationsFrom(ParseMerchantName(key.scopes(i), path).status(), path, v);
      }
      break;
    default:
      break;
  }
}

void ValidateMerchantForCreate(const v1::CreateMerchantRequest& request,
                               const DivisionDirectory& divisions, FieldViolations* v) {
  if (!request.has_merchant()) {
    v->Add("merchant", "is required");
  } else {
    ValidateMerchant(request.merchant(), "merchant", divisions, v);
  }
  ValidateRequestId(request.request_id(), v);
}

void ValidateStoreForCreate(const v1::CreateStoreRequest& request,
                            const DivisionDirectory& divisions, FieldViolations* v) {
  AddViolationsFrom(ParseMerchantName(request.parent(), "parent").status(), "parent", v);
  if (!request.store_id().empty()) ValidateId(request.store_id(), "store_id", v);
  if (!request.has_store()) {
    v->Add("store", "is required");
  } else {
    ValidateStore(request.store(), "store", divisions, v);
  }
  ValidateRequestId(request.request_id(), v);
}

void ValidateAreaForCreate(const v1::CreateAreaRequest& request, const DivisionDirectory& divisions,
                           FieldViolations* v) {
  if (!request.area_id().empty()) ValidateId(request.area_id(), "area_id", v);
  if (!request.has_area()) {
    v->Add("area", "is required");
  } else {
    ValidateArea(request.area(), "area", divisions, v);
  }
  ValidateRequestId(request.request_id(), v);
}

void ValidateApiKeyForCreate(const v1::CreateKeyRequest& request,
                             const DivisionDirectory& divisions, FieldViolations* v) {
  if (!request.has_key()) {
    v->Add("key", "is required");
  } else {
    ValidateApiKey(request.key(), "key", divisions, v);
  }
  ValidateRequestId(request.request_id(), v);
}

void ValidateRequestId(absl::string_view request_id, FieldViolations* v) {
  if (request_id.size() > kMaxRequestIdLength) {
    v->Add("request_id", absl::StrCat("must be at most ", kMaxRequestIdLength, " characters"));
    return;
  }
  for (char c : request_id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
      v->Add("request_id", "must contain only letters, digits, '.', '_' and '-'");
      return;
    }
  }
}

int32_t ValidatePageSize(int32_t page_size, FieldViolations* v) {
  if (page_size == 0) return kDefaultPageSize;
  if (page_size < 0) {
    v->Add("page_size", "must not be negative (0 means the default, 50)");
    return kDefaultPageSize;
  }
  if (page_size > kMaxPageSize) {
    v->Add("page_size", absl::StrCat("must be at most ", kMaxPageSize));
    return kDefaultPageSize;
  }
  return page_size;
}

void ValidateReason(absl::string_view reason, FieldViolations* v) {
  CheckText(reason, 1, kMaxReason, "reason", v);
}

void ValidateEtag(absl::string_view etag, absl::string_view field, FieldViolations* v) {
  if (etag.empty()) {
    v->Add(std::string(field), "is required (the etag of the version read)");
    return;
  }
  bool digits = etag.size() <= kMaxEtagDigits;
  for (char c : etag) digits = digits && absl::ascii_isdigit(static_cast<unsigned char>(c));
  if (!digits) v->Add(std::string(field), "is not an etag returned by this server");
}

void ValidateId(absl::string_view id, absl::string_view field, FieldViolations* v) {
  std::string problem = IdProblem(id);
  if (!problem.empty()) v->Add(std::string(field), std::move(problem));
}

void ValidateUpdateMask(const google::protobuf::FieldMask& mask,
                        absl::Span<const absl::string_view> allowed, FieldViolations* v) {
  std::string allowed_list = absl::StrJoin(allowed, ", ");
  if (mask.paths_size() == 0) {
    v->Add("update_mask", absl::StrCat("must name at least one field among ", allowed_list));
    return;
  }
  for (int i = 0; i < mask.paths_size(); ++i) {
    const std::string& path = mask.paths(i);
    bool ok = false;
    for (absl::string_view a : allowed) ok = ok || path == a;
    if (!ok) {
      v->Add(Indexed("update_mask.paths", i),
             absl::StrCat("'", path, "' cannot be updated; allowed: ", allowed_list));
    }
  }
}

void AddViolationsFrom(const absl::Status& status, absl::string_view field, FieldViolations* v) {
  if (status.ok()) return;
  std::vector<FieldViolation> list = FieldViolationsOf(status);
  if (list.empty()) {
    v->Add(std::string(field), std::string(status.message()));
    return;
  }
  for (FieldViolation& fv : list) v->Add(std::move(fv.field), std::move(fv.description));
}

}  // namespace fangxin
