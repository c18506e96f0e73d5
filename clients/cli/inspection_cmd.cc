// fangxinctl inspection record | list

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"
#include "clients/sdk/compliance_client.h"
#include "common/clock.h"

namespace fangxin::cli {
namespace {

absl::StatusOr<sdk::ComplianceClient> Compliance(const Context& ctx) {
  auto connection = sdk::MakeComplianceConnection(ctx.client_options);
  if (!connection.ok()) return connection.status();
  return sdk::ComplianceClient(*connection);
}

int Record(Context& ctx, const Args& args) {
  v1::Inspection inspection;
  inspection.set_pledge(args.Get("pledge"));
  inspection.set_plan(args.Get("plan"));
  inspection.set_inspector(args.Get("inspector"));
  inspection.set_findings(args.Get("findings"));
  inspection.set_passed(args.GetBool("passed"));
  if (args.Has("rectify_by")) {
    // The deadline is the end of that day in China Standard Time.
    absl::CivilDay day;
    if (!absl::ParseCivilTime(args.Get("rectify_by"), &day)) {
      return ctx.Usage("--rectify_by must be YYYY-MM-DD");
    }
    inspection.mutable_rectification_deadline()->set_seconds(
        absl::ToUnixSeconds(absl::FromCivil(day + 1, ChinaStandardTime())));
  }
  auto compliance = Compliance(ctx);
  if (!compliance.ok()) return ctx.Fail(compliance.status());
  auto recorded = compliance->RecordInspection(inspection);
  if (!recorded.ok()) return ctx.Fail(recorded.status());
  PrintResource(ctx, *recorded,
                {{"name", recorded->name()},
                 {"pledge", recorded->pledge()},
                 {"store", recorded->store()},
                 {"inspector", recorded->inspector()},
                 {"passed", recorded->passed() ? "yes" : "no"},
                 {"rectification_deadline", FormatTimestamp(recorded->rectification_deadline())},
                 {"inspect_time", FormatTimestamp(recorded->inspect_time())}});
  return kExitOk;
}

int List(Context& ctx, const Args& args) {
  v1::ListInspectionsRequest request;
  request.set_pledge(args.Get("pledge"));
  if (absl::Status s = ApplyPageFlags(args, &request); !s.ok()) return ctx.Usage(s.message());
  auto compliance = Compliance(ctx);
  if (!compliance.ok()) return ctx.Fail(compliance.status());
  return RunList<v1::Inspection, v1::ListInspectionsResponse>(
      ctx, args, compliance->ListInspections(request), "inspections",
      {"NAME", "PLEDGE", "INSPECTOR", "PASSED", "DEADLINE", "VIOLATION", "RECTIFIED_BY"},
      [](const v1::Inspection& i) -> std::vector<std::string> {
        return {i.name(), i.pledge(), i.inspector(), i.passed() ? "yes" : "no",
                FormatTimestamp(i.rectification_deadline()), i.violation(), i.rectified_by()};
      },
      &v1::ListInspectionsResponse::mutable_inspections);
}

}  // namespace

std::vector<Command> InspectionCommands() {
  std::vector<FlagSpec> list_flags = {
      {"pledge", "only this pledge's inspections", false, false, false, "PLEDGE"}};
  for (FlagSpec& f : ListFlags()) list_flags.push_back(std::move(f));
  return {
      {{"inspection",
        "record",
        "Record an inspection of a pledged store (regulators).",
        "",
        {{"pledge", "pledges/ID", true, false, false, "PLEDGE"},
         {"plan", "the spot-check plan it belongs to", false, false, false, "PLAN"},
         {"inspector", "who inspected", true, false, false, "NAME"},
         {"findings", "what was found", true, false, false, "TEXT"},
         {"passed", "the store passed", false, false, true, ""},
         {"rectify_by", "last day to rectify a failure, YYYY-MM-DD", false, false, false,
          "DATE"},
         RequestIdFlag()}},
       Record},
      {{"inspection", "list", "List inspections.", "", list_flags}, List},
  };
}

}  // namespace fangxin::cli
