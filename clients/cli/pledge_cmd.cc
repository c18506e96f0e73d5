// fangxinctl pledge create | get | list | activate | amend | renew | withdraw | suspend |
//                   reinstate | revoke | status

#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"
#include "clients/sdk/pledge_client.h"
#include "common/clock.h"

namespace fangxin::cli {
namespace {

// Dates on the command line are days in China Standard Time: a pledge runs from 00:00 of its
// first day to 00:00 after its last.
absl::StatusOr<google::protobuf::Timestamp> ParseDay(const std::string& flag,
                                                     const std::string& text, int add_days) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, " must be YYYY-MM-DD"));
  }
  google::protobuf::Timestamp ts;
  ts.set_seconds(
      absl::ToUnixSeconds(absl::FromCivil(day + add_days, ChinaStandardTime())));
  return ts;
}

absl::StatusOr<sdk::PledgeClient> Pledges(const Context& ctx) {
  absl::StatusOr<std::shared_ptr<sdk::PledgeConnection>> connection =
      sdk::MakePledgeConnection(ctx.client_options);
  if (!connection.ok()) return connection.status();
  return sdk::PledgeClient(*connection);
}

std::string Excluded(const v1::NoReasonReturnTerms& t) {
  std::vector<std::string> parts;
  for (int g : t.excluded_goods()) parts.push_back(EnumLabel(static_cast<v1::ExcludedGoods>(g)));
  for (const std::string& item : t.excluded_items()) parts.push_back(item);
  return absl::StrJoin(parts, "; ");
}

std::vector<std::pair<std::string, std::string>> PledgeFields(const v1::Pledge& p) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"name", p.name()},
      {"store", p.store()},
      {"kind", EnumLabel(p.kind())},
      {"state", EnumLabel(p.state())},
      {"division", p.division()},
      {"township", p.township()},
      {"area", p.area()},
      {"valid_from", FormatTimestamp(p.valid_from())},
      {"valid_until", FormatTimestamp(p.valid_until())}};
  if (p.has_no_reason_return()) {
    const auto& t = p.no_reason_return();
    fields.push_back({"window_days", absl::StrCat(t.window_days())});
    fields.push_back({"covered_goods", t.covered_goods()});
    fields.push_back({"excluded", Excluded(t)});
    fields.push_back({"conditions", absl::StrJoin(t.conditions(), "; ")});
    fields.push_back({"refund_method", EnumLabel(t.refund_method())});
    fields.push_back({"accepted_at_other_stores", t.accepted_at_other_stores() ? "yes" : "no"});
  }
  if (p.has_advance_compensation()) {
    fields.push_back({"scope", EnumLabel(p.advance_compensation().scope())});
  }
  fields.insert(fields.end(),
                {{"terms_version", absl::StrCat(p.terms_version())},
                 {"predecessor", p.predecessor()},
                 {"successor", p.successor()},
                 {"withdraw_effective_time", FormatTimestamp(p.withdraw_effective_time())},
                 {"state_reason", p.state_reason()},
                 {"etag", p.etag()}});
  return fields;
}

std::vector<std::string> PledgeRow(const v1::Pledge& p) {
  return {p.name(),
          p.store(),
          EnumLabel(p.kind()),
          EnumLabel(p.state()),
          ShortDivision(p.division()),
          FormatTimestamp(p.valid_until()),
          p.etag()};
}

int PrintPledge(Context& ctx, const absl::StatusOr<v1::Pledge>& p) {
  if (!p.ok()) return ctx.Fail(p.status());
  PrintResource(ctx, *p, PledgeFields(*p));
  return kExitOk;
}

absl::Status ApplyReturnTerms(const Args& args, v1::NoReasonReturnTerms* t) {
  if (args.Has("window_days")) {
    absl::StatusOr<int> days = ParseInt("window_days", args.Get("window_days"), -1000, 1000);
    if (!days.ok()) return days.status();
    t->set_window_days(*days);
  }
  t->set_covered_goods(args.Get("covers"));
  for (const std::string& e : args.GetAll("exclude")) {
    absl::StatusOr<v1::ExcludedGoods> g = ParseEnum<v1::ExcludedGoods>("exclude", e);
    if (!g.ok()) return g.status();
    t->add_excluded_goods(*g);
  }
  for (const std::string& item : args.GetAll("exclude_item")) t->add_excluded_items(item);
  for (const std::string& c : args.GetAll("condition")) t->add_conditions(c);
  absl::StatusOr<v1::RefundMethod> refund =
      ParseEnum<v1::RefundMethod>("refund", args.Get("refund", "original_payment"));
  if (!refund.ok()) return refund.status();
  t->set_refund_method(*refund);
  t->set_accepted_at_other_stores(args.GetBool("other_stores"));
  return absl::OkStatus();
}

int Create(Context& ctx, const Args& args) {
  v1::CreatePledgeRequest request;
  v1::Pledge* p = request.mutable_pledge();
  p->set_store(StoreName(args.Get("store")));
  absl::StatusOr<v1::PledgeKind> kind =
      ParseEnum<v1::PledgeKind>("kind", args.Get("kind", "no_reason_return"));
  if (!kind.ok()) return ctx.Usage(kind.status().message());
  p->set_kind(*kind);
  if (*kind == v1::PLEDGE_KIND_ADVANCE_COMPENSATION) {
    absl::StatusOr<v1::AdvanceCompensationScope> scope =
        ParseEnum<v1::AdvanceCompensationScope>("scope", args.Get("scope"));
    if (!scope.ok()) return ctx.Usage(scope.status().message());
    p->mutable_advance_compensation()->set_scope(*scope);
  } else if (absl::Status s = ApplyReturnTerms(args, p->mutable_no_reason_return()); !s.ok()) {
    return ctx.Usage(s.message());
  }
  auto from = ParseDay("from", args.Get("from"), 0);
  if (!from.ok()) return ctx.Usage(from.status().message());
  auto until = ParseDay("until", args.Get("until"), 1);
  if (!until.ok()) return ctx.Usage(until.status().message());
  *p->mutable_valid_from() = *from;
  *p->mutable_valid_until() = *until;
  request.set_pledge_id(args.Get("id"));
  request.set_request_id(args.Get("request_id"));
  auto pledges = Pledges(ctx);
  if (!pledges.ok()) return ctx.Fail(pledges.status());
  return PrintPledge(ctx, pledges->CreatePledge(request));
}

int Get(Context& ctx, const Args& args) {
  auto pledges = Pledges(ctx);
  if (!pledges.ok()) return ctx.Fail(pledges.status());
  return PrintPledge(ctx, pledges->GetPledge(args.positional()[0]));
}

int List(Context& ctx, const Args& args) {
  v1::ListPledgesRequest request;
  if (args.Has("store")) request.set_store(StoreName(args.Get("store")));
  request.set_division(DivisionName(args.Get("division")));
  request.set_area(AreaName(args.Get("area")));
  if (args.Has("state")) {
    auto state = ParseEnum<v1::PledgeState>("state", args.Get("state"));
    if (!state.ok()) return ctx.Usage(state.status().message());
    request.set_state(*state);
  }
  if (args.Has("kind")) {
    auto kind = ParseEnum<v1::PledgeKind>("kind", args.Get("kind"));
    if (!kind.ok()) return ctx.Usage(kind.status().message());
    request.set_kind(*kind);
  }
  if (absl::Status s = ApplyPageFlags(args, &request); !s.ok()) return ctx.Usage(s.message());
  auto pledges = Pledges(ctx);
  if (!pledges.ok()) return ctx.Fail(pledges.status());
  return RunList<v1::Pledge, v1::ListPledgesResponse>(
      ctx, args, pledges->ListPledges(request), "pledges",
      {"NAME", "STORE", "KIND", "STATE", "DIVISION", "VALID_UNTIL", "ETAG"}, PledgeRow,
      &v1::ListPledgesResponse::mutable_pledges);
}

int Activate(Context& ctx, const Args& args) {
  v1::ActivatePledgeRequest request;
  request.set_name(args.positional()[0]);
  request.set_etag(args.Get("etag"));
  request.set_request_id(args.Get("request_id"));
  auto pledges = Pledges(ctx);
  if (!pledges.ok()) return ctx.Fail(pledges.status());
  return PrintPledge(ctx, pledges->connection()->ActivatePledge(request));
}

int Amend(Context& ctx, const Args& args) {
  auto pledges = Pledges(ctx);
  if (!pledges.ok()) return ctx.Fail(pledges.status());
  // The new terms replace the old ones whole: start from the current terms so flags not given
  // keep their values.
  auto current = pledges->GetPledge(args.positional()[0]);
  if (!current.ok()) return ctx.Fail(current.status());
  v1::AmendPledgeRequest request;
  request.set_name(current->name());
  request.set_etag(args.Get("etag"));
  if (current->has_advance_compensation()) {
    *request.mutable_advance_compensation() = current->advance_compensation();
  } else {
    v1::NoReasonReturnTerms* t = request.mutable_no_reason_return();
    *t = current->no_reason_return();
    if (args.Has("window_days")) {
      auto days = ParseInt("window_days", args.Get("window_days"), -1000, 1000);
      if (!days.ok()) return ctx.Usage(days.status().message());
      t->set_window_days(*days);
    }
    for (const std::string& e : args.GetAll("exclude")) {
      auto g = ParseEnum<v1::ExcludedGoods>("exclude", e);
      if (!g.ok()) return ctx.Usage(g.status().message());
      t->add_excluded_goods(*g);
    }
    for (const std::string& item : args.GetAll("exclude_item")) t->add_excluded_items(item);
    for (const std::string& c : args.GetAll("condition")) t->add_conditions(c);
  }
  if (args.Has("until")) {
    auto until = ParseDay("until", args.Get("until"), 1);
    if (!until.ok()) return ctx.Usage(until.status().message());
    *request.mutable_valid_until() = *until;
  }
  request.set_request_id(args.Get("request_id"));
  return PrintPledge(ctx, pledges->AmendPledge(request));
}

int Renew(Context& ctx, const Args& args) {
  v1::RenewPledgeRequest request;
  request.set_name(args.positional()[0]);
  request.set_etag(args.Get("etag"));
  auto until = ParseDay("until", args.Get("until"), 1);
  if (!until.ok()) return ctx.Usage(until.status().message());
  *request.mutable_valid_until() = *until;
  request.set_pledge_id(args.Get("id"));
  request.set_request_id(args.Get("request_id"));
  auto pledges = Pledges(ctx);
  if (!pledges.ok()) return ctx.Fail(pledges.status());
  return PrintPledge(ctx, pledges->RenewPledge(request));
}

// withdraw, suspend, reinstate, revoke: name, etag, reason.
template <typename Request>
Handler WithReason(absl::StatusOr<v1::Pledge> (sdk::PledgeConnection::*call)(const Request&)) {
  return [call](Context& ctx, const Args& args) {
    Request request;
    request.set_name(args.positional()[0]);
    request.set_etag(args.Get("etag"));
    request.set_reason(args.Get("reason"));
    request.set_request_id(args.Get("request_id"));
    auto pledges = Pledges(ctx);
    if (!pledges.ok()) return ctx.Fail(pledges.status());
    return PrintPledge(ctx, ((*pledges->connection()).*call)(request));
  };
}

int Status(Context& ctx, const Args& args) {
  auto pledges = Pledges(ctx);
  if (!pledges.ok()) return ctx.Fail(pledges.status());
  auto status = pledges->GetStorePledgeStatus(StoreName(args.positional()[0]));
  if (!status.ok()) return ctx.Fail(status.status());
  std::vector<std::pair<std::string, std::string>> fields = {
      {"store", status->store()},
      {"no_reason_return", status->no_reason_return_pledged() ? "pledged" : "not pledged"}};
  if (status->no_reason_return_pledged()) {
    fields.push_back({"pledge", status->no_reason_return_pledge()});
    fields.push_back({"window_days", absl::StrCat(status->no_reason_return().window_days())});
    fields.push_back({"excluded", Excluded(status->no_reason_return())});
    fields.push_back({"valid_until", FormatTimestamp(status->no_reason_return_valid_until())});
  }
  fields.push_back(
      {"advance_compensation", status->advance_compensation_pledged() ? "pledged" : "not pledged"});
  PrintResource(ctx, *status, fields);
  return kExitOk;
}

std::vector<FlagSpec> TermFlags() {
  return {
      {"window_days", "return window, 7 to 365 days (default 7)", false, false, false, "DAYS"},
      {"exclude",
       "excluded goods: custom_made, fresh_perishable, unsealed_audio_video_software, "
       "newspapers_periodicals, disclosed_unsealed_health, disclosed_activated, "
       "disclosed_near_expiry_or_flawed",
       false, true, false, "GOODS"},
      {"exclude_item", "a further excluded item in free text", false, true, false, "TEXT"},
      {"condition", "a condition, e.g. 'goods intact'", false, true, false, "TEXT"},
  };
}

FlagSpec EtagFlag() {
  return {"etag", "the etag read (a stale one is refused with ABORTED)", true, false, false,
          "ETAG"};
}

}  // namespace

std::vector<Command> PledgeCommands() {
  std::vector<FlagSpec> create_flags = {
      {"store", "the store (merchants/USCC/stores/ID)", true, false, false, "STORE"},
      {"kind", "no_reason_return (default) or advance_compensation", false, false, false, "KIND"},
      {"from", "first day in force, YYYY-MM-DD (China time)", true, false, false, "DATE"},
      {"until", "last day in force, YYYY-MM-DD", true, false, false, "DATE"},
      {"covers", "goods covered, free text", false, false, false, "TEXT"},
      {"refund", "original_payment (default), cash or store_credit", false, false, false, "METHOD"},
      {"other_stores", "returns accepted at the merchant's other stores", false, false, true, ""},
      {"scope", "advance compensation: catering_quality or large_supermarket", false, false, false,
       "SCOPE"},
      {"id", "pledge id (default: chosen by the server)", false, false, false, "ID"},
      RequestIdFlag(),
  };
  for (FlagSpec& f : TermFlags()) create_flags.push_back(std::move(f));
  std::vector<FlagSpec> amend_flags = {
      EtagFlag(),
      {"until", "new last day, YYYY-MM-DD", false, false, false, "DATE"},
      RequestIdFlag()};
  for (FlagSpec& f : TermFlags()) amend_flags.push_back(std::move(f));
  std::vector<FlagSpec> list_flags = {
      {"store", "only this store's pledges", false, false, false, "STORE"},
      {"division", "only pledges filed in this county or township", false, false, false,
       "DIVISION"},
      {"area", "only pledges filed in this area", false, false, false, "AREA"},
      {"state", "draft, active, suspended, revoked, withdrawn, expired or terminated", false, false,
       false, "STATE"},
      {"kind", "no_reason_return or advance_compensation", false, false, false, "KIND"},
  };
  for (FlagSpec& f : ListFlags()) list_flags.push_back(std::move(f));
  const std::vector<FlagSpec> reason_flags = {
      EtagFlag(),
      {"reason", "why, recorded in the audit trail", true, false, false, "TEXT"},
      RequestIdFlag()};
  return {
      {{"pledge", "create", "File a DRAFT pledge for a store.", "", create_flags}, Create},
      {{"pledge", "get", "Show a pledge (pledges/ID).", "NAME", {}}, Get},
      {{"pledge", "list", "List pledges; follows every page unless --max_pages.", "", list_flags},
       List},
      {{"pledge",
        "activate",
        "Put a DRAFT pledge in force.",
        "NAME",
        {EtagFlag(), RequestIdFlag()}},
       Activate},
      {{"pledge", "amend", "New terms (a new version; old purchases keep the old terms).", "NAME",
        amend_flags},
       Amend},
      {{"pledge",
        "renew",
        "File the successor of an ACTIVE pledge.",
        "NAME",
        {EtagFlag(),
         {"until", "last day of the renewal, YYYY-MM-DD", true, false, false, "DATE"},
         {"id", "id of the new pledge", false, false, false, "ID"},
         RequestIdFlag()}},
       Renew},
      {{"pledge", "withdraw", "Withdraw (an ACTIVE pledge after 30 days' notice).", "NAME",
        reason_flags},
       WithReason<v1::WithdrawPledgeRequest>(&sdk::PledgeConnection::WithdrawPledge)},
      {{"pledge", "suspend", "Suspend an ACTIVE pledge (regulators).", "NAME", reason_flags},
       WithReason<v1::SuspendPledgeRequest>(&sdk::PledgeConnection::SuspendPledge)},
      {{"pledge", "reinstate", "Reinstate a SUSPENDED pledge (regulators).", "NAME", reason_flags},
       WithReason<v1::ReinstatePledgeRequest>(&sdk::PledgeConnection::ReinstatePledge)},
      {{"pledge", "revoke", "Revoke a pledge (regulators).", "NAME", reason_flags},
       WithReason<v1::RevokePledgeRequest>(&sdk::PledgeConnection::RevokePledge)},
      {{"pledge",
        "status",
        "Is this store pledged, for how many days, what is excluded?",
        "STORE",
        {}},
       Status},
  };
}

}  // namespace fangxin::cli
