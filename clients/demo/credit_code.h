#ifndef FANGXIN_CLIENTS_DEMO_CREDIT_CODE_H_
#define FANGXIN_CLIENTS_DEMO_CREDIT_CODE_H_

// The organization code inside the demo's synthetic credit codes. (The credit code's own check
// character comes from services/common/uscc.h, the registry's implementation.)

#include "absl/strings/string_view.h"

namespace fangxin::demo {

// The check character of an organization code (GB 11714-1997) whose body is `first8` (digits or
// upper-case letters, A = 10 ... Z = 35): weights 3,7,9,10,5,8,4,2; check = 11 - (sum mod 11),
// where 10 is written 'X' and 11 is written '0'. Returns '\0' for a malformed body.
char OrganizationCodeCheckCharacter(absl::string_view first8);

}  // namespace fangxin::demo

#endif  // FANGXIN_CLIENTS_DEMO_CREDIT_CODE_H_
