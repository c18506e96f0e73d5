// fangxinctl complaint ingest | update | get | list

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"
#include "clients/sdk/compliance_client.h"

namespace fangxin::cli {
namespace {

absl::StatusOr<sdk::ComplianceClient> Compliance(const Context& ctx) {
  auto connection = sdk::MakeComplianceConnection(ctx.client_options);
  if (!connection.ok()) return connection.status();
  return sdk::ComplianceClient(*connection);
}

std::vector<std::pair<std::string, std::string>> ComplaintFields(const v1::Complaint& c) {
  return {{"name", c.name()},
          {"source", EnumLabel(c.source())},
          {"external_id", c.external_id()},
          {"store", c.store()},
          {"division", c.division()},
          {"area", c.area()},
          {"pledge", c.pledge()},
          {"pledge_related", c.pledge_related() ? "yes" : "no"},
          {"category", EnumLabel(c.category())},
          {"state", EnumLabel(c.state())},
          {"receive_time", FormatTimestamp(c.receive_time())},
          {"decide_time", FormatTimestamp(c.decide_time())},
          {"resolve_time", FormatTimestamp(c.resolve_time())},
          {"outcome", EnumLabel(c.outcome())},
          {"amount_recovered_fen", absl::StrCat(c.amount_recovered_fen())},
          {"summary", c.summary()},
          {"etag", c.etag()}};
}

FlagSpec EtagFlag() {
  return {"etag", "the etag read (a stale one is refused with ABORTED)", true, false, false,
          "ETAG"};
}

int PrintComplaint(Context& ctx, const absl::StatusOr<v1::Complaint>& c) {
  if (!c.ok()) return ctx.Fail(c.status());
  PrintResource(ctx, *c, ComplaintFields(*c));
  return kExitOk;
}

int Ingest(Context& ctx, const Args& args) {
  v1::IngestComplaintRequest request;
  v1::Complaint* c = request.mutable_complaint();
  auto source = ParseEnum<v1::ComplaintSource>("source", args.Get("source"));
  if (!source.ok()) return ctx.Usage(source.status().message());
  c->set_source(*source);
  c->set_external_id(args.Get("external_id"));
  if (args.Has("store")) c->set_store(StoreName(args.Get("store")));
  request.set_credit_code(args.Get("credit_code"));
  request.set_store_display_name(args.Get("store_name"));
  auto category = ParseEnum<v1::ComplaintCategory>("category", args.Get("category"));
  if (!category.ok()) return ctx.Usage(category.status().message());
  c->set_category(*category);
  absl::Time received = absl::Now();
  if (args.Has("received")) {
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, args.Get("received"), &received, &error)) {
      return ctx.Usage("--received must be RFC 3339, e.g. 2026-05-08T10:00:00+08:00");
    }
  }
  c->mutable_receive_time()->set_seconds(absl::ToUnixSeconds(received));
  c->set_pledge_related(args.GetBool("pledge_related"));
  c->set_summary(args.Get("summary"));
  request.set_request_id(args.Get("request_id"));
  auto compliance = Compliance(ctx);
  if (!compliance.ok()) return ctx.Fail(compliance.status());
  return PrintComplaint(ctx, compliance->IngestComplaint(request));
}

int Update(Context& ctx, const Args& args) {
  v1::UpdateComplaintRequest request;
  request.set_name(args.positional()[0]);
  request.set_etag(args.Get("etag"));
  auto state = ParseEnum<v1::ComplaintState>("state", args.Get("state"));
  if (!state.ok()) return ctx.Usage(state.status().message());
  request.set_state(*state);
  if (args.Has("outcome")) {
    auto outcome = ParseEnum<v1::ComplaintOutcome>("outcome", args.Get("outcome"));
    if (!outcome.ok()) return ctx.Usage(outcome.status().message());
    request.set_outcome(*outcome);
  }
  if (args.Has("amount_fen")) {
    auto fen = ParseInt("amount_fen", args.Get("amount_fen"), 0, 2000000000);
    if (!fen.ok()) return ctx.Usage(fen.status().message());
    request.set_amount_recovered_fen(*fen);
  }
  request.set_request_id(args.Get("request_id"));
  auto compliance = Compliance(ctx);
  if (!compliance.ok()) return ctx.Fail(compliance.status());
  return PrintComplaint(ctx, compliance->UpdateComplaint(request));
}

int Get(Context& ctx, const Args& args) {
  auto compliance = Compliance(ctx);
  if (!compliance.ok()) return ctx.Fail(compliance.status());
  return PrintComplaint(ctx, compliance->GetComplaint(args.positional()[0]));
}

int List(Context& ctx, const Args& args) {
  v1::ListComplaintsRequest request;
  request.set_division(DivisionName(args.Get("division")));
  request.set_area(AreaName(args.Get("area")));
  if (args.Has("state")) {
    auto state = ParseEnum<v1::ComplaintState>("state", args.Get("state"));
    if (!state.ok()) return ctx.Usage(state.status().message());
    request.set_state(*state);
  }
  if (absl::Status s = ApplyPageFlags(args, &request); !s.ok()) return ctx.Usage(s.message());
  auto compliance = Compliance(ctx);
  if (!compliance.ok()) return ctx.Fail(compliance.status());
  return RunList<v1::Complaint, v1::ListComplaintsResponse>(
      ctx, args, compliance->ListComplaints(request), "complaints",
      {"NAME", "SOURCE", "EXTERNAL_ID", "STORE", "STATE", "RECEIVED", "ETAG"},
      [](const v1::Complaint& c) -> std::vector<std::string> {
        return {c.name(), EnumLabel(c.source()), c.external_id(), c.store(),
                EnumLabel(c.state()), FormatTimestamp(c.receive_time()), c.etag()};
      },
      &v1::ListComplaintsResponse::mutable_complaints);
}

}  // namespace

std::vector<Command> ComplaintCommands() {
  std::vector<FlagSpec> list_flags = {
      {"division", "only complaints about stores in this county", false, false, false,
       "DIVISION"},
      {"area", "only complaints about stores in this area", false, false, false, "AREA"},
      {"state", "received, accepted, rejected or resolved", false, false, false, "STATE"}};
  for (FlagSpec& f : ListFlags()) list_flags.push_back(std::move(f));
  return {
      {{"complaint",
        "ingest",
        "Push a complaint from 12315/12345 (idempotent on source + external id).",
        "",
        {{"source", "12315 or 12345", true, false, false, "SOURCE"},
         {"external_id", "the platform's id", true, false, false, "ID"},
         {"store", "the store (merchants/USCC/stores/ID)", false, false, false, "STORE"},
         {"credit_code", "or the merchant's credit code ...", false, false, false, "USCC"},
         {"store_name", "... and the store's display name", false, false, false, "TEXT"},
         {"category", "return_refused, return_delayed, conditions_not_displayed, "
                      "compensation_refused or other", true, false, false, "CATEGORY"},
         {"received", "when the platform received it, RFC 3339 (default: now)", false, false,
          false, "TIME"},
         {"pledge_related", "it concerns what the pledge promised", false, false, true, ""},
         {"summary", "up to 500 bytes", false, false, false, "TEXT"},
         RequestIdFlag()}},
       Ingest},
      {{"complaint",
        "update",
        "Record progress: accepted, rejected, or resolved with an outcome.",
        "NAME",
        {EtagFlag(),
         {"state", "accepted, rejected or resolved", true, false, false, "STATE"},
         {"outcome", "upheld, not_upheld or mediated (with resolved)", false, false, false,
          "OUTCOME"},
         {"amount_fen", "amount recovered, in fen", false, false, false, "N"},
         RequestIdFlag()}},
       Update},
      {{"complaint", "get", "Show a complaint (complaints/ID).", "NAME", {}}, Get},
      {{"complaint", "list", "List complaints you may read.", "", list_flags}, List},
  };
}

}  // namespace fangxin::cli
