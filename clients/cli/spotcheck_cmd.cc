// fangxinctl spotcheck create | get

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

int PrintPlan(Context& ctx, const absl::StatusOr<v1::SpotCheckPlan>& plan) {
  if (!plan.ok()) return ctx.Fail(plan.status());
  std::vector<std::string> sample;
  for (const auto& a : plan->assignments()) sample.push_back(absl::StrCat(a.pledge(), " → ", a.inspector()));
  PrintResource(ctx, *plan,
                {{"name", plan->name()},
                 {"division", plan->division()},
                 {"area", plan->area()},
                 {"seed", absl::StrCat(plan->seed())},
                 {"sample_size", absl::StrCat(plan->sample_size())},
                 {"candidates", absl::StrCat(plan->candidates_size())},
                 {"inspectors", absl::StrJoin(plan->inspectors(), ", ")},
                 {"sample", absl::StrJoin(sample, "; ")},
                 {"planned_by", plan->planned_by()}});
  return kExitOk;
}

int Create(Context& ctx, const Args& args) {
  v1::SpotCheckPlan plan;
  if (args.Has("division")) plan.set_division(DivisionName(args.Get("division")));
  if (args.Has("area")) plan.set_area(AreaName(args.Get("area")));
  auto size = ParseInt("sample_size", args.Get("sample_size"), 1, 1000);
  if (!size.ok()) return ctx.Usage(size.status().message());
  plan.set_sample_size(*size);
  for (const std::string& i : args.GetAll("inspector")) plan.add_inspectors(i);
  if (args.Has("seed")) {
    uint64_t seed = 0;
    if (!absl::SimpleAtoi(args.Get("seed"), &seed)) return ctx.Usage("--seed must be a number");
    plan.set_seed(seed);
  }
  auto compliance = Compliance(ctx);
  if (!compliance.ok()) return ctx.Fail(compliance.status());
  return PrintPlan(ctx, compliance->CreateSpotCheckPlan(plan));
}

int Get(Context& ctx, const Args& args) {
  auto compliance = Compliance(ctx);
  if (!compliance.ok()) return ctx.Fail(compliance.status());
  return PrintPlan(ctx, compliance->GetSpotCheckPlan(args.positional()[0]));
}

}  // namespace

std::vector<Command> SpotCheckCommands() {
  return {
      {{"spotcheck",
        "create",
        "Plan a double-random spot check of the ACTIVE pledges in a division or area.",
        "",
        {{"division", "county or township", false, false, false, "DIVISION"},
         {"area", "or an area", false, false, false, "AREA"},
         {"sample_size", "pledges to inspect", true, false, false, "N"},
         {"inspector", "an inspector of the pool (repeat)", true, true, false, "NAME"},
         {"seed", "the seed (default: drawn by the server, stored in the plan)", false, false,
          false, "N"}}},
       Create},
      {{"spotcheck", "get", "Show a plan: its seed, candidates and sample.", "NAME", {}}, Get},
  };
}

}  // namespace fangxin::cli
