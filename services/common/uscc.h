#ifndef FANGXIN_SERVICES_COMMON_USCC_H_
#define FANGXIN_SERVICES_COMMON_USCC_H_

// The unified social credit code (统一社会信用代码) of GB 32100-2015, the key of a merchant.
//
// Layout of the 18 characters (1-based positions, as the standard counts them):
//   1      registration department (登记管理部门): 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政,
//          6 旅游, 7 宗教, 8 工会, 9 工商 (market supervision), A 中央军委改革和编制办公室,
//          N 农业, Y 其他.
//   2      category within the department (机构类别), a digit; for department 9:
//          1 enterprise, 2 individual business (个体工商户), 3 farmers' cooperative.
//   3-8    administrative division code (GB/T 2260) of the registration authority, 6 digits.
//   9-17   body identifier (主体标识码, the GB 11714 organization code).
//   18     check character over positions 1-17.
// Every character is from the 31-character set below (digits and upper-case letters without
// I, O, S, V, Z), whose values are 0-30 in order. The check value is
//   31 - (sum over i = 1..17 of value(c_i) * 3^(i-1) mod 31) mod 31,
// with 31 written as 0. Because 31 is prime and no weight is 0 mod 31, every single-character
// substitution changes the check value, so any one mistyped character is detected.
//
// Deliberately not checked: the GB 11714 check digit inside positions 9-17 (codes issued
// before 2015 carry organization codes that do not always satisfy it) and whether positions
// 3-8 name an existing division (divisions are renamed and merged; the code never changes).
//
// All functions are pure and thread-safe.

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "fangxin/v1/resources.pb.h"

namespace fangxin {

// The 31 characters of GB 32100, in value order ('0' is 0, 'Y' is 30).
inline constexpr absl::string_view kUsccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
inline constexpr size_t kUsccLength = 18;

// The check character (position 18) for the first 17 characters, or nullopt when `first17`
// is not exactly 17 characters of the set (lower case is outside the set).
std::optional<char> UsccCheckCharacter(absl::string_view first17);

// "" when `code` is a valid credit code; otherwise the first rule it breaks, in words fit for
// a FieldViolation description, e.g. "must be 18 characters",
// "character 5 ('I') is not in the GB 32100 character set",
// "check character is 'X' but should be 'L'". Lower case is invalid (the registry stores
// codes upper case; callers may upper-case user input before calling).
std::string UsccProblem(absl::string_view code);

// True when UsccProblem(code) is "".
inline bool IsValidUscc(absl::string_view code) { return UsccProblem(code).empty(); }

// The merchant kind a code implies: INDIVIDUAL_BUSINESS for department '9' with category '2',
// ENTERPRISE for every other code. Meaningful only for a code that passed UsccProblem.
v1::MerchantKind UsccMerchantKind(absl::string_view code);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_COMMON_USCC_H_
