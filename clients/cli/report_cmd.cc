// fangxinctl report quarterly

#include <string>
#include <vector>

#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"
#include "clients/sdk/compliance_client.h"

namespace fangxin::cli {
namespace {

// --csv prints the server's CSV rendering, --output json (global) the whole response; otherwise
// the server's JSON rendering.
int Quarterly(Context& ctx, const Args& args) {
  auto year = ParseInt("year", args.Get("year"), 2000, 2100);
  if (!year.ok()) return ctx.Usage(year.status().message());
  auto quarter = ParseInt("quarter", args.Get("quarter"), 1, 4);
  if (!quarter.ok()) return ctx.Usage(quarter.status().message());
  auto connection = sdk::MakeComplianceConnection(ctx.client_options);
  if (!connection.ok()) return ctx.Fail(connection.status());
  sdk::ComplianceClient compliance(*connection);
  auto report = compliance.GetQuarterlyReport(*year, *quarter, DivisionName(args.Get("division")));
  if (!report.ok()) return ctx.Fail(report.status());
  *ctx.out << (args.GetBool("csv") ? report->csv() : report->json() + "\n");
  return kExitOk;
}

}  // namespace

std::vector<Command> ReportCommands() {
  return {{{"report",
            "quarterly",
            "Coverage, complaints, on-time indicators, violations, suspensions, revocations.",
            "",
            {{"year", "e.g. 2026", true, false, false, "YEAR"},
             {"quarter", "1 to 4", true, false, false, "Q"},
             {"division", "a county (default: the whole city)", false, false, false,
              "DIVISION"},
             {"csv", "print CSV instead of JSON", false, false, true, ""}}},
           Quarterly}};
}

}  // namespace fangxin::cli
