#include "clients/map/pledge_status.h"

namespace fangxin::map {
namespace {

// Higher wins when a store has several pledges.
int Rank(PledgeStatus status) {
  switch (status) {
    case PledgeStatus::kActive:
      return 5;
    case PledgeStatus::kSuspended:
      return 4;
    case PledgeStatus::kDraft:
      return 3;
    case PledgeStatus::kRevoked:
      return 2;
    case PledgeStatus::kEnded:
      return 1;
    case PledgeStatus::kNone:
      return 0;
  }
  return 0;
}

constexpr PledgeStatus kAllStatuses[] = {PledgeStatus::kNone,    PledgeStatus::kDraft,
                                         PledgeStatus::kActive,  PledgeStatus::kSuspended,
                                         PledgeStatus::kRevoked, PledgeStatus::kEnded};

}  // namespace

absl::string_view PledgeStatusLabel(PledgeStatus status) {
  switch (status) {
    case PledgeStatus::kNone:
      return "none";
    case PledgeStatus::kDraft:
      return "draft";
    case PledgeStatus::kActive:
      return "active";
    case PledgeStatus::kSuspended:
      return "suspended";
    case PledgeStatus::kRevoked:
      return "revoked";
    case PledgeStatus::kEnded:
      return "ended";
  }
  return "none";
}

std::optional<PledgeStatus> ParsePledgeStatus(absl::string_view label) {
  for (PledgeStatus status : kAllStatuses) {
    if (PledgeStatusLabel(status) == label) return status;
  }
  return std::nullopt;
}

PledgeStatus StatusOfState(v1::PledgeState state) {
  switch (state) {
    case v1::PLEDGE_STATE_DRAFT:
      return PledgeStatus::kDraft;
    case v1::PLEDGE_STATE_ACTIVE:
      return PledgeStatus::kActive;
    case v1::PLEDGE_STATE_SUSPENDED:
      return PledgeStatus::kSuspended;
    case v1::PLEDGE_STATE_REVOKED:
      return PledgeStatus::kRevoked;
    case v1::PLEDGE_STATE_WITHDRAWN:
    case v1::PLEDGE_STATE_EXPIRED:
    case v1::PLEDGE_STATE_TERMINATED:
      return PledgeStatus::kEnded;
    default:
      return PledgeStatus::kNone;
  }
}

PledgeStatus StoreStatus(absl::Span<const v1::PledgeState> states) {
  PledgeStatus best = PledgeStatus::kNone;
  for (v1::PledgeState state : states) {
    PledgeStatus status = StatusOfState(state);
    if (Rank(status) > Rank(best)) best = status;
  }
  return best;
}

}  // namespace fangxin::map
