#ifndef FANGXIN_CLIENTS_MAP_PLEDGE_STATUS_H_
#define FANGXIN_CLIENTS_MAP_PLEDGE_STATUS_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "fangxin/v1/resources.pb.h"

namespace fangxin::map {

// How the map draws a store's no-reason-return standing: one colour per value. Advance-
// compensation pledges do not count; coverage is about no-reason returns.
enum class PledgeStatus {
  kNone,       // never pledged
  kDraft,      // filed, not yet in force
  kActive,     // in force: the store counts as covered
  kSuspended,  // in force once, suspended by a regulator or the violation policy
  kRevoked,    // revoked by a regulator
  kEnded,      // withdrawn, expired or terminated
};

// "none", "draft", "active", "suspended", "revoked", "ended": the values of the GeoJSON
// `pledge_status` property and of the `pledge_state` filter.
absl::string_view PledgeStatusLabel(PledgeStatus status);
// The inverse of PledgeStatusLabel; nullopt for anything else.
std::optional<PledgeStatus> ParsePledgeStatus(absl::string_view label);

// The status of one pledge state (UNSPECIFIED counts as kNone).
PledgeStatus StatusOfState(v1::PledgeState state);

// A store's status given the states of all its no-reason-return pledges: the most telling one,
// in the order active, suspended, draft, revoked, ended, none. A store that renewed (old pledge
// EXPIRED, new one ACTIVE) is active; one whose pledge was revoked and that filed a new draft
// shows the draft.
PledgeStatus StoreStatus(absl::Span<const v1::PledgeState> states);

}  // namespace fangxin::map

#endif  // FANGXIN_CLIENTS_MAP_PLEDGE_STATUS_H_
