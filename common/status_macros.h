#ifndef FANGXIN_COMMON_STATUS_MACROS_H_
#define FANGXIN_COMMON_STATUS_MACROS_H_

// Debian 12's abseil (20220623) has no status macros; these two are all fangxin uses.

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define FANGXIN_CONCAT_INNER_(a, b) a##b
#define FANGXIN_CONCAT_(a, b) FANGXIN_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (an absl::Status) is not OK.
#define RETURN_IF_ERROR(expr)                                   \
  do {                                                          \
    ::absl::Status fangxin_status_ = (expr);                    \
    if (!fangxin_status_.ok()) return fangxin_status_;          \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, Foo());` declares x from an absl::StatusOr, or returns its status.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(FANGXIN_CONCAT_(fangxin_statusor_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                           \
  if (!statusor.ok()) return statusor.status();     \
  lhs = std::move(statusor).value()

#endif  // FANGXIN_COMMON_STATUS_MACROS_H_
