// fangxinctl violation list

#include <string>
#include <vector>

#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"
#include "clients/sdk/compliance_client.h"

namespace fangxin::cli {
namespace {

int List(Context& ctx, const Args& args) {
  v1::ListViolationsRequest request;
  request.set_pledge(args.Get("pledge"));
  if (absl::Status s = ApplyPageFlags(args, &request); !s.ok()) return ctx.Usage(s.message());
  auto connection = sdk::MakeComplianceConnection(ctx.client_options);
  if (!connection.ok()) return ctx.Fail(connection.status());
  sdk::ComplianceClient compliance(*connection);
  return RunList<v1::Violation, v1::ListViolationsResponse>(
      ctx, args, compliance.ListViolations(request), "violations",
      {"NAME", "PLEDGE", "STORE", "CAUSE", "OCCURRED", "SUSPENDED_PLEDGE"},
      [](const v1::Violation& v) -> std::vector<std::string> {
        return {v.name(), v.pledge(), v.store(),
                v.complaint().empty() ? v.inspection() : v.complaint(),
                FormatTimestamp(v.occur_time()), v.suspended_pledge() ? "yes" : "no"};
      },
      &v1::ListViolationsResponse::mutable_violations);
}

}  // namespace

std::vector<Command> ViolationCommands() {
  std::vector<FlagSpec> flags = {
      {"pledge", "only this pledge's violations", false, false, false, "PLEDGE"}};
  for (FlagSpec& f : ListFlags()) flags.push_back(std::move(f));
  return {{{"violation", "list", "List violations of pledges (regulators).", "", flags}, List}};
}

}  // namespace fangxin::cli
