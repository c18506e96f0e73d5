#include "storage/audit_history.h"

#include "absl/strings/strip.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace fangxin::storage {

std::string HistoryKey(absl::string_view name, int64_t revision) {
  return absl::StrFormat("h/%s/#%020d", name, revision);
}

std::string HistoryPrefix(absl::string_view name) { return absl::StrCat("h/", name, "/#"); }

bool ParseHistoryKey(absl::string_view key, absl::string_view prefix, int64_t* revision) {
  if (!absl::ConsumePrefix(&key, prefix) || key.size() != 20) return false;
  return absl::SimpleAtoi(key, revision) && *revision > 0;
}

}  // namespace fangxin::storage
