#include "services/common/names.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "services/common/uscc.h"

namespace fangxin {
namespace {

bool IsIdChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// Splits `name` on '/' and checks the literal collection segments of `pattern` (e.g.
// "merchants/*/stores/*"); on success `*ids` holds the segments matching '*'.
bool MatchPattern(absl::string_view name, absl::string_view pattern,
                  std::vector<std::string>* ids) {
  std::vector<absl::string_view> got = absl::StrSplit(name, '/');
  std::vector<absl::string_view> want = absl::StrSplit(pattern, '/');
  if (got.size() != want.size()) return false;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i] == "*") {
      ids->emplace_back(got[i]);
    } else if (got[i] != want[i]) {
      return false;
    }
  }
  return true;
}

absl::Status ShapeError(absl::string_view field, absl::string_view name, absl::string_view form) {
  if (name.empty()) return InvalidFieldError(field, absl::StrCat("is required (", form, ")"));
  return InvalidFieldError(field, absl::StrCat("must have the form ", form));
}

// Parses a one-id name `{collection}/{id}` whose id obeys IdProblem.
absl::StatusOr<std::string> ParseSimpleIdName(absl::string_view name, absl::string_view field,
                                              absl::string_view collection,
                                              absl::string_view form) {
  std::vector<std::string> ids;
  if (!MatchPattern(name, absl::StrCat(collection, "/*"), &ids)) {
    return ShapeError(field, name, form);
  }
  std::string problem = IdProblem(ids[0]);
  if (!problem.empty()) {
    return InvalidFieldError(field, absl::StrCat("has an invalid id: ", problem));
  }
  return ids[0];
}

}  // namespace

std::string IdProblem(absl::string_view id) {
  if (id.empty()) return "is required";
  if (id.size() > kMaxIdLength)
    return absl::StrCat("must be at most ", kMaxIdLength, " characters");
  for (char c : id) {
    if (!IsIdChar(c)) return "must contain only a-z, 0-9 and '-'";
  }
  if (id[0] == '-') return "must start with a letter or digit";
  return "";
}

std::string DivisionCodeProblem(absl::string_view code) {
  if (code.empty()) return "is required";
  if (code.size() != 6 && code.size() != 9) return "must be 6 or 9 digits";
  for (char c : code) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return "must be 6 or 9 digits";
  }
  return "";
}

std::string FormatDivisionName(absl::string_view code) { return absl::StrCat("divisions/", code); }
std::string FormatMerchantName(absl::string_view uscc) { return absl::StrCat("merchants/", uscc); }
std::string FormatStoreName(absl::string_view uscc, absl::string_view store_id) {
  return absl::StrCat("merchants/", uscc, "/stores/", store_id);
}
std::string FormatAreaName(absl::string_view area_id) { return absl::StrCat("areas/", area_id); }
std::string FormatApiKeyName(absl::string_view key_id) { return absl::StrCat("apiKeys/", key_id); }

absl::StatusOr<std::string> ParseDivisionName(absl::string_view name, absl::string_view field) {
  std::vector<std::string> ids;
  if (!MatchPattern(name, "divisions/*", &ids)) {
    return ShapeError(field, name, "divisions/{code}");
  }
  std::string problem = DivisionCodeProblem(ids[0]);
  if (!problem.empty()) {
    return InvalidFieldError(field, absl::StrCat("has an invalid division code: ", problem));
  }
  return ids[0];
}

absl::StatusOr<std::string> ParseMerchantName(absl::string_view name, absl::string_view field) {
  std::vector<std::string> ids;
  if (!MatchPattern(name, "merchants/*", &ids)) {
    return ShapeError(field, name, "merchants/{uscc}");
  }
  std::string problem = UsccProblem(ids[0]);
  if (!problem.empty()) {
    return InvalidFieldError(field, absl::StrCat("has an invalid credit code: ", problem));
  }
  return ids[0];
}

absl::StatusOr<ParsedStoreName> ParseStoreName(absl::string_view name, absl::string_view field) {
  std::vector<std::string> ids;
  if (!MatchPattern(name, "merchants/*/stores/*", &ids)) {
    return ShapeError(field, name, "merchants/{uscc}/stores/{store_id}");
  }
  std::string problem = UsccProblem(ids[0]);
  if (!problem.empty()) {
    return InvalidFieldError(field, absl::StrCat("has an invalid credit code: ", problem));
  }
  problem = IdProblem(ids[1]);
  if (!problem.empty()) {
    return InvalidFieldError(field, absl::StrCat("has an invalid store id: ", problem));
  }
  return ParsedStoreName{ids[0], ids[1]};
}

absl::StatusOr<std::string> ParseAreaName(absl::string_view name, absl::string_view field) {
  return ParseSimpleIdName(name, field, "areas", "areas/{area_id}");
}

absl::StatusOr<std::string> ParseApiKeyName(absl::string_view name, absl::string_view field) {
  return ParseSimpleIdName(name, field, "apiKeys", "apiKeys/{key_id}");
}

}  // namespace fangxin
