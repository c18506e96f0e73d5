#ifndef FANGXIN_SERVICES_PLEDGE_PLEDGE_CORE_H_
#define FANGXIN_SERVICES_PLEDGE_PLEDGE_CORE_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"
#include "fangxin/v1/pledge_service.pb.h"
#include "services/common/authz.h"
#include "services/common/page_token.h"
#include "services/pledge/pledge_rules.h"
#include "services/support/mutation.h"
#include "storage/registry.h"

namespace fangxin {

// The rules of PledgeService without gRPC: authorize → validate → read → apply the transition
// table (pledge_rules.h) → commit. Reads answer synchronously; mutations answer through a Reply
// once their commit is durable. Thread-safe; holds no state besides the pointers and options.
class PledgeCore {
 public:
  struct Options {
    // How long an ACTIVE pledge stays in force after its withdrawal is requested. Default 30
    // days, so consumers who bought relying on it are not surprised.
    absl::Duration withdrawal_notice = kDefaultWithdrawalNotice;
  };

  // None owned; all must outlive the core. `clock` decides notice periods and "in force".
  PledgeCore(storage::Registry* registry, const PageTokenCodec* tokens, const Clock* clock,
             Options options)
      : registry_(registry), tokens_(tokens), clock_(clock), options_(options) {}

  // Filing and reading (pledge_methods.cc).
  void CreatePledge(const Principal& caller, const v1::CreatePledgeRequest& request,
                    Reply<v1::Pledge> reply);
  absl::StatusOr<v1::Pledge> GetPledge(const Principal& caller,
                                       const v1::GetPledgeRequest& request);
  absl::StatusOr<v1::ListPledgesResponse> ListPledges(const Principal& caller,
                                                      const v1::ListPledgesRequest& request);
  absl::StatusOr<v1::StorePledgeStatus> GetStorePledgeStatus(
      const Principal& caller, const v1::GetStorePledgeStatusRequest& request);

  // The filer's transitions (pledge_transitions.cc).
  void ActivatePledge(const Principal& caller, const v1::ActivatePledgeRequest& request,
                      Reply<v1::Pledge> reply);
  void AmendPledge(const Principal& caller, const v1::AmendPledgeRequest& request,
                   Reply<v1::Pledge> reply);
  void RenewPledge(const Principal& caller, const v1::RenewPledgeRequest& request,
                   Reply<v1::Pledge> reply);
  void WithdrawPledge(const Principal& caller, const v1::WithdrawPledgeRequest& request,
                      Reply<v1::Pledge> reply);

  // The regulator's transitions (pledge_transitions.cc).
  void SuspendPledge(const Principal& caller, const v1::SuspendPledgeRequest& request,
                     Reply<v1::Pledge> reply);
  void ReinstatePledge(const Principal& caller, const v1::ReinstatePledgeRequest& request,
                       Reply<v1::Pledge> reply);
  void RevokePledge(const Principal& caller, const v1::RevokePledgeRequest& request,
                    Reply<v1::Pledge> reply);

 private:
  // The common shape of a state change: validate name/etag/reason/request id, replay, read,
  // authorize, apply the transition table, let `mutate` adjust the new version (and add writes
  // ahead of it: the reply is the change's first write), commit with `reason` in the audit
  // entry.
  struct Transition {
    const char* method;
    Action authz;
    PledgeAction action;
    bool reason_required;
  };
  void ChangeState(const Principal& caller, const google::protobuf::Message& request,
                   const Transition& transition, const std::string& name, const std::string& etag,
                   const std::string& reason, const std::string& request_id,
                   const std::function<absl::Status(v1::Pledge*, storage::ChangeSet*)>& mutate,
                   Reply<v1::Pledge> reply);

  storage::Registry* const registry_;
  const PageTokenCodec* const tokens_;
  const Clock* const clock_;
  const Options options_;
};

// `pledges/{id}` -> id; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<std::string> ParsePledgeName(absl::string_view name, absl::string_view field);

// The authorization target of a pledge: the store's merchant and the place it was filed in.
Target PledgeTarget(const v1::Pledge& pledge);

// A commit refused for the live-pledge unique index, as the pledge error clients expect
// (FAILED_PRECONDITION PLEDGE_ALREADY_ACTIVE_FOR_STORE); other statuses pass through.
absl::Status MapLiveConflict(absl::Status status, const v1::Pledge& pledge);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_PLEDGE_PLEDGE_CORE_H_
