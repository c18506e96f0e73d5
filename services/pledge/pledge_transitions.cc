// PledgeCore: the named state changes of a pledge, by its filer and by regulators.

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "google/protobuf/util/time_util.h"
#include "services/common/validation.h"
#include "services/merchant/targets.h"
#include "services/pledge/pledge_core.h"

namespace fangxin {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kActivatePledge[] = "/fangxin.v1.PledgeService/ActivatePledge";
constexpr char kAmendPledge[] = "/fangxin.v1.PledgeService/AmendPledge";
constexpr char kRenewPledge[] = "/fangxin.v1.PledgeService/RenewPledge";
constexpr char kWithdrawPledge[] = "/fangxin.v1.PledgeService/WithdrawPledge";
constexpr char kSuspendPledge[] = "/fangxin.v1.PledgeService/SuspendPledge";
constexpr char kReinstatePledge[] = "/fangxin.v1.PledgeService/ReinstatePledge";
constexpr char kRevokePledge[] = "/fangxin.v1.PledgeService/RevokePledge";

absl::Time ToTime(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

google::protobuf::Timestamp ToProto(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

// The amendment's terms as a pledge of their kind, so the filing rules check them; field paths
// are those of the request ("no_reason_return.window_days").
v1::Pledge AmendedTerms(const v1::AmendPledgeRequest& request, FieldViolations* violations) {
  v1::Pledge terms;
  if (request.has_no_reason_return()) {
    terms.set_kind(v1::PLEDGE_KIND_NO_REASON_RETURN);
    *terms.mutable_no_reason_return() = request.no_reason_return();
  } else if (request.has_advance_compensation()) {
    terms.set_kind(v1::PLEDGE_KIND_ADVANCE_COMPENSATION);
    *terms.mutable_advance_compensation() = request.advance_compensation();
  } else {
    violations->Add("terms", "no_reason_return or advance_compensation is required");
    return terms;
  }
  ApplyPledgeDefaults(&terms);
  // Dates are checked against the stored pledge later; give the rule placeholders.
  terms.mutable_valid_from()->set_seconds(0);
  terms.mutable_valid_until()->set_seconds(1);
  FieldViolations term_violations;
  ValidatePledgeTerms(terms, "x", &term_violations);
  for (const FieldViolation& v : term_violations.list()) {
    violations->Add(v.field.substr(2), v.description);
  }
  return terms;
}

}  // namespace

void PledgeCore::ChangeState(
    const Principal& caller, const google::protobuf::Message& request, const Transition& transition,
    const std::string& name, const std::string& etag_text, const std::string& reason,
    const std::string& request_id,
    const std::function<absl::Status(v1::Pledge*, storage::ChangeSet*)>& mutate,
    Reply<v1::Pledge> reply) {
  FieldViolations violations;
  if (!ParsePledgeName(name, "name").ok()) violations.Add("name", "must be pledges/{pledge_id}");
  absl::StatusOr<int64_t> etag = ParseEtag(etag_text, "etag");
  if (!etag.ok()) violations.Add("etag", std::string(etag.status().message()));
  if (transition.reason_required) ValidateReason(reason, &violations);
  ValidateRequestId(request_id, &violations);
  if (!violations.empty()) return reply(violations.ToStatus());

  storage::ChangeSet change = NewChangeSet(caller, transition.method, request, request_id);
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  absl::StatusOr<v1::Pledge> current = Read<v1::Pledge>(*registry_, name);
  if (!current.ok()) return reply(current.status());
  if (absl::Status s = Authorize(caller, transition.authz, PledgeTarget(*current)); !s.ok()) {
    return reply(s);
  }
  absl::StatusOr<v1::PledgeState> next = NextPledgeState(*current, transition.action);
  if (!next.ok()) return reply(next.status());
  auto updated = std::make_shared<v1::Pledge>(*current);
  updated->set_state(*next);
  if (mutate) {
    if (absl::Status s = mutate(updated.get(), &change); !s.ok()) return reply(s);
  }
  if (!reason.empty()) {
    updated->set_state_reason(reason);
    change.reason = reason;
  }
  const v1::Pledge conflict_subject = *updated;
  change.writes.push_back({std::move(updated), storage::Expect::kModRevision, *etag});
  registry_->Commit(std::move(change), [reply = std::move(reply), conflict_subject](
                                           absl::StatusOr<storage::CommitResult> result) {
    if (!result.ok()) return reply(MapLiveConflict(result.status(), conflict_subject));
    reply(FirstResource<v1::Pledge>(*result));
  });
}

void PledgeCore::ActivatePledge(const Principal& caller, const v1::ActivatePledgeRequest& request,
                                Reply<v1::Pledge> reply) {
  const absl::Time now = clock_->Now();
  ChangeState(
      caller, request, {kActivatePledge, Action::kFilePledge, PledgeAction::kActivate, false},
      request.name(), request.etag(), "", request.request_id(),
      [this, now](v1::Pledge* pledge, storage::ChangeSet* change) {
        if (ToTime(pledge->valid_until()) <= now) {
          return ErrorWithReason(absl::StatusCode::kFailedPrecondition, "PLEDGE_ENDED",
                                 absl::StrCat(pledge->name(), " ended on ",
                                              TimeUtil::ToString(pledge->valid_until())));
        }
        // The store must be open, and stay so until the activation commits: a closure racing
        // with a pledge filed just before it would otherwise leave a live pledge at a closed
        // shop.
        absl::StatusOr<v1::Store> store = Read<v1::Store>(*registry_, pledge->store());
        if (!store.ok()) return store.status();
        if (store->state() != v1::STORE_STATE_OPEN) {
          return ErrorWithReason(absl::StatusCode::kFailedPrecondition, "STORE_CLOSED",
                                 absl::StrCat(store->name(), " is closed"));
        }
        change->checks.push_back({store->name(), store->mod_revision()});
        if (!pledge->has_activate_time()) *pledge->mutable_activate_time() = ToProto(now);
        return absl::OkStatus();
      },
      std::move(reply));
}

void PledgeCore::AmendPledge(const Principal& caller, const v1::AmendPledgeRequest& request,
                             Reply<v1::Pledge> reply) {
  FieldViolations violations;
  const v1::Pledge terms = AmendedTerms(request, &violations);
  if (!violations.empty()) return reply(violations.ToStatus());
  const absl::Time now = clock_->Now();
  ChangeState(
      caller, request, {kAmendPledge, Action::kFilePledge, PledgeAction::kAmend, false},
      request.name(), request.etag(), "", request.request_id(),
      [&request, &terms, now](v1::Pledge* pledge, storage::ChangeSet*) {
        if (terms.kind() != pledge->kind()) {
          return InvalidFieldError(terms.kind() == v1::PLEDGE_KIND_NO_REASON_RETURN
                                       ? "no_reason_return"
                                       : "advance_compensation",
                                   absl::StrCat("does not match the pledge's kind ",
                                                v1::PledgeKind_Name(pledge->kind())));
        }
        if (request.has_valid_until()) {
          const absl::Time until = ToTime(request.valid_until());
          if (until <= ToTime(pledge->valid_from()) || until <= now) {
            return InvalidFieldError("valid_until",
                                     "must be later than valid_from and in the future");
          }
          *pledge->mutable_valid_until() = request.valid_until();
        }
        v1::SupersededPledgeTerms* old = pledge->add_superseded_terms();
        old->set_terms_version(pledge->terms_version());
        if (pledge->has_no_reason_return()) {
          *old->mutable_no_reason_return() = pledge->no_reason_return();
        }
        if (pledge->has_advance_compensation()) {
          *old->mutable_advance_compensation() = pledge->advance_compensation();
        }
        *old->mutable_replaced_time() = ToProto(now);
        if (terms.has_no_reason_return()) {
          *pledge->mutable_no_reason_return() = terms.no_reason_return();
        } else {
          *pledge->mutable_advance_compensation() = terms.advance_compensation();
        }
        pledge->set_terms_version(pledge->terms_version() + 1);
        return absl::OkStatus();
      },
      std::move(reply));
}

void PledgeCore::RenewPledge(const Principal& caller, const v1::RenewPledgeRequest& request,
                             Reply<v1::Pledge> reply) {
  FieldViolations violations;
  if (!request.has_valid_until()) violations.Add("valid_until", "is required");
  if (!request.pledge_id().empty()) ValidateId(request.pledge_id(), "pledge_id", &violations);
  if (!violations.empty()) return reply(violations.ToStatus());
  const std::string successor_name =
      absl::StrCat("pledges/", request.pledge_id().empty() ? NewResourceId() : request.pledge_id());
  const std::string filer = caller.name;
  ChangeState(
      caller, request, {kRenewPledge, Action::kFilePledge, PledgeAction::kRenew, false},
      request.name(), request.etag(), "", request.request_id(),
      [&request, &successor_name, &filer](v1::Pledge* pledge, storage::ChangeSet* change) {
        if (!pledge->successor().empty()) {
          return ErrorWithReason(
              absl::StatusCode::kFailedPrecondition, "PLEDGE_ALREADY_RENEWED",
              absl::StrCat(pledge->name(), " was renewed by ", pledge->successor()),
              {{"successor", pledge->successor()}});
        }
        if (ToTime(request.valid_until()) <= ToTime(pledge->valid_until())) {
          return InvalidFieldError("valid_until",
                                   "must be later than the renewed pledge's valid_until");
        }
        auto successor = std::make_shared<v1::Pledge>();
        successor->set_name(successor_name);
        successor->set_store(pledge->store());
        successor->set_kind(pledge->kind());
        successor->set_state(v1::PLEDGE_STATE_DRAFT);
        successor->set_division(pledge->division());
        successor->set_township(pledge->township());
        successor->set_area(pledge->area());
        if (pledge->has_no_reason_return()) {
          *successor->mutable_no_reason_return() = pledge->no_reason_return();
        }
        if (pledge->has_advance_compensation()) {
          *successor->mutable_advance_compensation() = pledge->advance_compensation();
        }
        *successor->mutable_valid_from() = pledge->valid_until();
        *successor->mutable_valid_until() = request.valid_until();
        successor->set_predecessor(pledge->name());
        successor->set_terms_version(1);
        successor->set_filed_by(filer);
        pledge->set_successor(successor_name);
        // First, so the reply is the new pledge.
        change->writes.push_back({std::move(successor), storage::Expect::kAbsent, 0});
        return absl::OkStatus();
      },
      std::move(reply));
}

void PledgeCore::WithdrawPledge(const Principal& caller, const v1::WithdrawPledgeRequest& request,
                                Reply<v1::Pledge> reply) {
  const absl::Time effective = clock_->Now() + options_.withdrawal_notice;
  ChangeState(
      caller, request,
      {kWithdrawPledge, Action::kFilePledge, PledgeAction::kRequestWithdrawal, true},
      request.name(), request.etag(), request.reason(), request.request_id(),
      [effective](v1::Pledge* pledge, storage::ChangeSet*) {
        // An ACTIVE pledge stays in force through the notice; the sweeper completes it.
        if (pledge->state() == v1::PLEDGE_STATE_ACTIVE) {
          *pledge->mutable_withdraw_effective_time() = ToProto(effective);
        }
        return absl::OkStatus();
      },
      std::move(reply));
}

void PledgeCore::SuspendPledge(const Principal& caller, const v1::SuspendPledgeRequest& request,
                               Reply<v1::Pledge> reply) {
  ChangeState(caller, request,
              {kSuspendPledge, Action::kRegulatePledge, PledgeAction::kSuspend, true},
              request.name(), request.etag(), request.reason(), request.request_id(), nullptr,
              std::move(reply));
}

void PledgeCore::ReinstatePledge(const Principal& caller, const v1::ReinstatePledgeRequest& request,
                                 Reply<v1::Pledge> reply) {
  ChangeState(
      caller, request, {kReinstatePledge, Action::kRegulatePledge, PledgeAction::kReinstate, true},
      request.name(), request.etag(), request.reason(), request.request_id(),
      [](v1::Pledge* pledge, storage::ChangeSet*) {
        pledge->set_flagged_for_review(false);
        return absl::OkStatus();
      },
      std::move(reply));
}

void PledgeCore::RevokePledge(const Principal& caller, const v1::RevokePledgeRequest& request,
                              Reply<v1::Pledge> reply) {
  ChangeState(caller, request,
              {kRevokePledge, Action::kRegulatePledge, PledgeAction::kRevoke, true}, request.name(),
              request.etag(), request.reason(), request.request_id(), nullptr, std::move(reply));
}

}  // namespace fangxin
