#ifndef FANGXIN_SERVICES_PLEDGE_PLEDGE_RULES_H_
#define FANGXIN_SERVICES_PLEDGE_PLEDGE_RULES_H_

// The rules of a pledge as pure functions over protos: its state machine and the validation of
// its terms. No I/O and no clock of their own; callers pass the time. Thread-safe.

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/errors.h"
#include "fangxin/v1/resources.pb.h"

namespace fangxin {

// Everything that can happen to a pledge. Filing (Create) is not here: it always makes a DRAFT.
enum class PledgeAction {
  kActivate,            // The filer puts a DRAFT in force.
  kAmend,               // The filer changes the terms (a new terms version).
  kRenew,               // The filer files a successor before this one expires.
  kRequestWithdrawal,   // The filer withdraws; an ACTIVE pledge stays in force for the notice.
  kCompleteWithdrawal,  // The sweeper: the notice period has passed.
  kSuspend,             // A regulator, or the violation policy.
  kReinstate,           // A regulator lifts a suspension.
  kRevoke,              // A regulator ends the pledge.
  kExpire,              // The sweeper: valid_until has passed.
  kTerminate,           // The store or its merchant closed.
};

// Every action, for tables and tests.
inline constexpr PledgeAction kAllPledgeActions[] = {
    PledgeAction::kActivate,
    PledgeAction::kAmend,
    PledgeAction::kRenew,
    PledgeAction::kRequestWithdrawal,
    PledgeAction::kCompleteWithdrawal,
    PledgeAction::kSuspend,
    PledgeAction::kReinstate,
    PledgeAction::kRevoke,
    PledgeAction::kExpire,
    PledgeAction::kTerminate,
};

absl::string_view PledgeActionName(PledgeAction action);

// Reasons (ErrorInfo.reason) of a refused transition; all FAILED_PRECONDITION.
inline constexpr char kPledgeFinal[] = "PLEDGE_FINAL";  // REVOKED, WITHDRAWN, EXPIRED, TERMINATED.
inline constexpr char kPledgeNotDraft[] = "PLEDGE_NOT_DRAFT";
inline constexpr char kPledgeNotActive[] = "PLEDGE_NOT_ACTIVE";
inline constexpr char kPledgeNotSuspended[] = "PLEDGE_NOT_SUSPENDED";
inline constexpr char kPledgeSuspended[] = "PLEDGE_SUSPENDED";
inline constexpr char kPledgeWithdrawalPending[] = "PLEDGE_WITHDRAWAL_PENDING";
// Not a transition refusal but a rule of the registry: another ACTIVE pledge of the same kind.
inline constexpr char kPledgeAlreadyActiveForStore[] = "PLEDGE_ALREADY_ACTIVE_FOR_STORE";

bool IsFinalPledgeState(v1::PledgeState state);

// The state `action` leads to from `from`, or FAILED_PRECONDITION with one of the reasons above.
// An amendment or a renewal keeps the state; a withdrawal request keeps an ACTIVE pledge ACTIVE
// (it takes effect after the notice) but withdraws a DRAFT at once, as nobody relied on it.
absl::StatusOr<v1::PledgeState> NextPledgeState(v1::PledgeState from, PledgeAction action);

// The same, also refusing actions a pending withdrawal rules out (amend, renew, a second
// request; PLEDGE_WITHDRAWAL_PENDING).
absl::StatusOr<v1::PledgeState> NextPledgeState(const v1::Pledge& pledge, PledgeAction action);

// Limits of the terms.
inline constexpr int32_t kMinReturnWindowDays = 7;
inline constexpr int32_t kMaxReturnWindowDays = 365;
inline constexpr int32_t kDefaultReturnWindowDays = 7;
inline constexpr int kMaxListItems = 20;
inline constexpr int kMaxItemChars = 200;
inline constexpr int kMaxDescriptionChars = 500;
// Default notice before a withdrawal takes effect.
inline constexpr absl::Duration kDefaultWithdrawalNotice = absl::Hours(30 * 24);

// Fills defaults a client may omit (window_days 0 → 7). Call before ValidatePledgeTerms.
void ApplyPledgeDefaults(v1::Pledge* pledge);

// Checks what a filer supplies: kind, the terms matching it, and the dates. Adds one violation
// per bad field under `path_prefix` (e.g. "pledge"). Does not look at output-only fields.
void ValidatePledgeTerms(const v1::Pledge& pledge, absl::string_view path_prefix,
                         FieldViolations* violations);

// Whether `pledge` counts for the public as pledged at `now`: ACTIVE and now within
// [valid_from, valid_until).
bool IsInForce(const v1::Pledge& pledge, absl::Time now);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_PLEDGE_PLEDGE_RULES_H_
