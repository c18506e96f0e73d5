#include "services/pledge/pledge_rules.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/common/text.h"

namespace fangxin {
namespace {

using v1::PledgeState;

absl::Status Refuse(const char* reason, PledgeState from, PledgeAction action) {
  return ErrorWithReason(absl::StatusCode::kFailedPrecondition, reason,
                         absl::StrCat("cannot ", PledgeActionName(action), " a pledge in state ",
                                      v1::PledgeState_Name(from)));
}

absl::Time ToTime(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

void CheckItems(const google::protobuf::RepeatedPtrField<std::string>& items,
                const std::string& path, FieldViolations* violations) {
  if (items.size() > kMaxListItems) {
    violations->Add(path, absl::StrCat("must have at most ", kMaxListItems, " items"));
    return;
  }
  for (int i = 0; i < items.size(); ++i) {
    std::string problem = TextProblem(items[i], 1, kMaxItemChars);
    if (!problem.empty()) violations->Add(absl::StrCat(path, "[", i, "]"), problem);
  }
}

void ValidateNoReasonReturn(const v1::NoReasonReturnTerms& terms, const std::string& path,
                            FieldViolations* violations) {
  if (terms.window_days() < kMinReturnWindowDays) {
    violations->Add(path + ".window_days",
                    absl::StrCat("must be at least ", kMinReturnWindowDays, " days"));
  } else if (terms.window_days() > kMaxReturnWindowDays) {
    violations->Add(path + ".window_days",
                    absl::StrCat("must be at most ", kMaxReturnWindowDays, " days"));
  }
  std::string problem = TextProblem(terms.covered_goods(), 0, kMaxDescriptionChars);
  if (!problem.empty()) violations->Add(path + ".covered_goods", problem);
  std::set<int> seen;
  for (int i = 0; i < terms.excluded_goods_size(); ++i) {
    const int value = terms.excluded_goods(i);
    const std::string field = absl::StrCat(path, ".excluded_goods[", i, "]");
    if (value == v1::EXCLUDED_GOODS_UNSPECIFIED || !v1::ExcludedGoods_IsValid(value)) {
      violations->Add(field, "must be one of the listed excluded goods");
    } else if (!seen.insert(value).second) {
      violations->Add(field, "is listed twice");
    }
  }
  CheckItems(terms.excluded_items(), path + ".excluded_items", violations);
  CheckItems(terms.conditions(), path + ".conditions", violations);
  if (terms.refund_method() == v1::REFUND_METHOD_UNSPECIFIED ||
      !v1::RefundMethod_IsValid(terms.refund_method())) {
    violations->Add(path + ".refund_method", "is required");
  }
}

void ValidateAdvanceCompensation(const v1::AdvanceCompensationTerms& terms, const std::string& path,
                                 FieldViolations* violations) {
  if (terms.scope() == v1::ADVANCE_COMPENSATION_SCOPE_UNSPECIFIED ||
      !v1::AdvanceCompensationScope_IsValid(terms.scope())) {
    violations->Add(path + ".scope", "is required");
  }
  std::string problem = TextProblem(terms.description(), 0, kMaxDescriptionChars);
  if (!problem.empty()) violations->Add(path + ".description", problem);
}

}  // namespace

absl::string_view PledgeActionName(PledgeAction action) {
  switch (action) {
    case PledgeAction::kActivate:
      return "activate";
    case PledgeAction::kAmend:
      return "amend";
    case PledgeAction::kRenew:
      return "renew";
    case PledgeAction::kRequestWithdrawal:
      return "withdraw";
    case PledgeAction::kCompleteWithdrawal:
      return "complete the withdrawal of";
    case PledgeAction::kSuspend:
      return "suspend";
    case PledgeAction::kReinstate:
      return "reinstate";
    case PledgeAction::kRevoke:
      return "revoke";
    case PledgeAction::kExpire:
      return "expire";
    case PledgeAction::kTerminate:
      return "terminate";
  }
  return "change";
}

bool IsFinalPledgeState(PledgeState state) {
  return state == v1::PLEDGE_STATE_REVOKED || state == v1::PLEDGE_STATE_WITHDRAWN ||
         state == v1::PLEDGE_STATE_EXPIRED || state == v1::PLEDGE_STATE_TERMINATED;
}

absl::StatusOr<PledgeState> NextPledgeState(PledgeState from, PledgeAction action) {
  // A final state is final whatever is asked; UNSPECIFIED never occurs in stored pledges and is
  // refused like a final one so a corrupt record cannot be revived.
  if (IsFinalPledgeState(from) || from == v1::PLEDGE_STATE_UNSPECIFIED) {
    return Refuse(kPledgeFinal, from, action);
  }
  const bool draft = from == v1::PLEDGE_STATE_DRAFT;
  const bool active = from == v1::PLEDGE_STATE_ACTIVE;
  const bool suspended = from == v1::PLEDGE_STATE_SUSPENDED;
  switch (action) {
    case PledgeAction::kActivate:
      if (draft) return v1::PLEDGE_STATE_ACTIVE;
      return Refuse(kPledgeNotDraft, from, action);
    case PledgeAction::kAmend:
      // A suspended pledge is under a regulator's review; its terms stay as reviewed.
      if (suspended) return Refuse(kPledgeSuspended, from, action);
      return from;
    case PledgeAction::kRenew:
      if (active) return from;
      return Refuse(kPledgeNotActive, from, action);
    case PledgeAction::kRequestWithdrawal:
      if (draft) return v1::PLEDGE_STATE_WITHDRAWN;
      if (active) return from;
      // Withdrawing would dodge the regulator's decision on the suspension.
      return Refuse(kPledgeSuspended, from, action);
    case PledgeAction::kCompleteWithdrawal:
      if (draft) return Refuse(kPledgeNotActive, from, action);
      return v1::PLEDGE_STATE_WITHDRAWN;
    case PledgeAction::kSuspend:
      if (active) return v1::PLEDGE_STATE_SUSPENDED;
      return Refuse(kPledgeNotActive, from, action);
    case PledgeAction::kReinstate:
      if (suspended) return v1::PLEDGE_STATE_ACTIVE;
      return Refuse(kPledgeNotSuspended, from, action);
    case PledgeAction::kRevoke:
      if (draft) return Refuse(kPledgeNotActive, from, action);
      return v1::PLEDGE_STATE_REVOKED;
    case PledgeAction::kExpire:
      return v1::PLEDGE_STATE_EXPIRED;
    case PledgeAction::kTerminate:
      return v1::PLEDGE_STATE_TERMINATED;
  }
  return Refuse(kPledgeFinal, from, action);
}

absl::StatusOr<PledgeState> NextPledgeState(const v1::Pledge& pledge, PledgeAction action) {
  const bool pending = pledge.has_withdraw_effective_time();
  if (pending && !IsFinalPledgeState(pledge.state()) &&
      (action == PledgeAction::kAmend || action == PledgeAction::kRenew ||
       action == PledgeAction::kRequestWithdrawal)) {
    return Refuse(kPledgeWithdrawalPending, pledge.state(), action);
  }
  if (!pending && action == PledgeAction::kCompleteWithdrawal &&
      !IsFinalPledgeState(pledge.state())) {
    return Refuse(kPledgeNotActive, pledge.state(), action);
  }
  return NextPledgeState(pledge.state(), action);
}

void ApplyPledgeDefaults(v1::Pledge* pledge) {
  if (pledge->has_no_reason_return() && pledge->no_reason_return().window_days() == 0) {
    pledge->mutable_no_reason_return()->set_window_days(kDefaultReturnWindowDays);
  }
}

void ValidatePledgeTerms(const v1::Pledge& pledge, absl::string_view path_prefix,
                         FieldViolations* violations) {
  const std::string prefix(path_prefix);
  switch (pledge.kind()) {
    case v1::PLEDGE_KIND_NO_REASON_RETURN:
      if (!pledge.has_no_reason_return()) {
        violations->Add(prefix + ".no_reason_return", "is required for this kind");
      } else {
        ValidateNoReasonReturn(pledge.no_reason_return(), prefix + ".no_reason_return", violations);
      }
      break;
    case v1::PLEDGE_KIND_ADVANCE_COMPENSATION:
      if (!pledge.has_advance_compensation()) {
        violations->Add(prefix + ".advance_compensation", "is required for this kind");
      } else {
        ValidateAdvanceCompensation(pledge.advance_compensation(), prefix + ".advance_compensation",
                                    violations);
      }
      break;
    default:
      violations->Add(prefix + ".kind", "is required");
  }
  if (!pledge.has_valid_from()) violations->Add(prefix + ".valid_from", "is required");
  if (!pledge.has_valid_until()) {
    violations->Add(prefix + ".valid_until", "is required");
  } else if (pledge.has_valid_from() &&
             ToTime(pledge.valid_until()) <= ToTime(pledge.valid_from())) {
    violations->Add(prefix + ".valid_until", "must be later than valid_from");
  }
}

bool IsInForce(const v1::Pledge& pledge, absl::Time now) {
  return pledge.state() == v1::PLEDGE_STATE_ACTIVE && ToTime(pledge.valid_from()) <= now &&
         now < ToTime(pledge.valid_until());
}

}  // namespace fangxin
