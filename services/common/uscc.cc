#include "services/common/uscc.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace fangxin {
namespace {

// Registration department codes (position 1) published with the standard and its later
// assignments. A new department would be added here.
constexpr absl::string_view kDepartments = "123456789ANY";

// Value 0..30 of `c` in the character set, or -1.
int CharValue(char c) {
  size_t pos = kUsccCharset.find(c);
  return pos == absl::string_view::npos ? -1 : static_cast<int>(pos);
}

// "'x'" for printable ASCII, else the byte in hex, so a description never carries raw binary.
std::string Quoted(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return absl::StrCat("'", std::string(1, c), "'");
  return absl::StrFormat("byte 0x%02X", u);
}

}  // namespace

std::optional<char> UsccCheckCharacter(absl::string_view first17) {
  if (first17.size() != kUsccLength - 1) return std::nullopt;
  int sum = 0;
  int weight = 1;  // 3^(i-1) mod 31, for i = 1..17.
  for (char c : first17) {
    int value = CharValue(c);
    if (value < 0) return std::nullopt;
    sum = (sum + value * weight) % 31;
    weight = weight * 3 % 31;
  }
  int check = (31 - sum) % 31;  // 31 - 0 = 31 is written as 0.
  return kUsccCharset[check];
}

std::string UsccProblem(absl::string_view code) {
  if (code.empty()) return "is required";
  if (code.size() != kUsccLength) {
    return "must be 18 characters";
  }
  for (size_t i = 0; i < code.size(); ++i) {
    if (CharValue(code[i]) < 0) {
      std::string hint;
      if (absl::ascii_islower(static_cast<unsigned char>(code[i]))) hint = "; use upper case";
      return absl::StrCat("character ", i + 1, " (", Quoted(code[i]),
                          ") is not in the GB 32100 character set", hint);
    }
  }
  if (kDepartments.find(code[0]) == absl::string_view::npos) {
    return absl::StrCat("character 1 (", Quoted(code[0]),
                        ") is not a registration department code (one of 1-9, A, N, Y)");
  }
  if (!absl::ascii_isdigit(static_cast<unsigned char>(code[1]))) {
    return absl::StrCat("character 2 (", Quoted(code[1]),
                        ") must be a digit (the organization category)");
  }
  if (code[0] == '9' && (code[1] < '1' || code[1] > '3')) {
    return absl::StrCat("character 2 (", Quoted(code[1]),
                        ") must be 1, 2 or 3 for department 9 (enterprise, individual "
                        "business, farmers' cooperative)");
  }
  for (size_t i = 2; i < 8; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(code[i]))) {
      return absl::StrCat("character ", i + 1, " (", Quoted(code[i]),
                          ") must be a digit: characters 3-8 are an administrative division "
                          "code");
    }
  }
  char expected = *UsccCheckCharacter(code.substr(0, kUsccLength - 1));
  if (code[kUsccLength - 1] != expected) {
    return absl::StrCat("check character is ", Quoted(code[kUsccLength - 1]), " but should be ",
                        Quoted(expected));
  }
  return "";
}

v1::MerchantKind UsccMerchantKind(absl::string_view code) {
  if (code.size() >= 2 && code[0] == '9' && code[1] == '2') {
    return v1::MERCHANT_KIND_INDIVIDUAL_BUSINESS;
  }
  return v1::MERCHANT_KIND_ENTERPRISE;
}

}  // namespace fangxin
