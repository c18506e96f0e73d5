#ifndef FANGXIN_SERVICES_COMMON_NAMES_H_
#define FANGXIN_SERVICES_COMMON_NAMES_H_

// Resource names (`collection/id`), built and parsed in one place so every service agrees on
// their shape:
//   divisions/{code}                    code: 6 digits (city, county) or 9 (township)
//   merchants/{uscc}                    uscc: a valid GB 32100 credit code (see uscc.h)
//   merchants/{uscc}/stores/{store_id}  store_id: an id (below)
//   areas/{area_id}                     area_id: an id
//   apiKeys/{key_id}                    key_id: an id
// An id is 1 to 40 characters of [a-z0-9-] starting with a letter or digit: safe in URLs,
// file names and storage keys, and free of '_' (the separator in API key tokens).
//
// Each Parse function returns the id(s), or INVALID_ARGUMENT whose BadRequest detail names
// `field` (default "name") and says what is wrong. Pure and thread-safe.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fangxin {

inline constexpr size_t kMaxIdLength = 40;

// "" when `id` is a valid id; otherwise the rule broken ("is required",
// "must be at most 40 characters", "must contain only a-z, 0-9 and '-'",
// "must start with a letter or digit").
std::string IdProblem(absl::string_view id);

// "" when `code` is 6 or 9 ASCII digits; otherwise the rule broken.
std::string DivisionCodeProblem(absl::string_view code);

std::string FormatDivisionName(absl::string_view code);
std::string FormatMerchantName(absl::string_view uscc);
std::string FormatStoreName(absl::string_view uscc, absl::string_view store_id);
std::string FormatAreaName(absl::string_view area_id);
std::string FormatApiKeyName(absl::string_view key_id);

struct ParsedStoreName {
  std::string uscc;
  std::string store_id;
};

// `divisions/{code}` -> code. Does not check that the division exists (DivisionDirectory does).
absl::StatusOr<std::string> ParseDivisionName(absl::string_view name,
                                              absl::string_view field = "name");
// `merchants/{uscc}` -> uscc, with the check character verified.
absl::StatusOr<std::string> ParseMerchantName(absl::string_view name,
                                              absl::string_view field = "name");
// `merchants/{uscc}/stores/{store_id}` -> both.
absl::StatusOr<ParsedStoreName> ParseStoreName(absl::string_view name,
                                               absl::string_view field = "name");
// `areas/{area_id}` -> area_id.
absl::StatusOr<std::string> ParseAreaName(absl::string_view name, absl::string_view field = "name");
// `apiKeys/{key_id}` -> key_id.
absl::StatusOr<std::string> ParseApiKeyName(absl::string_view name,
                                            absl::string_view field = "name");

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMMON_NAMES_H_
