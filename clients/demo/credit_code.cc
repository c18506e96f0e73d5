#include "clients/demo/credit_code.h"

namespace fangxin::demo {

char OrganizationCodeCheckCharacter(absl::string_view first8) {
  static constexpr int kWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  if (first8.size() != 8) return '\0';
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    const char c = first8[i];
    int value;
    if (c >= '0' && c <= '9') {
      value = c - '0';
    } else if (c >= 'A' && c <= 'Z') {
      value = c - 'A' + 10;
    } else {
      return '\0';
    }
    sum += value * kWeights[i];
  }
  const int check = 11 - sum % 11;
  if (check == 10) return 'X';
  if (check == 11) return '0';
  return static_cast<char>('0' + check);
}

}  // namespace fangxin::demo
