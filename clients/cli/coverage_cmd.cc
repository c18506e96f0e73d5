// fangxinctl coverage get NAME

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"
#include "clients/sdk/event_client.h"

namespace fangxin::cli {
namespace {

int Get(Context& ctx, const Args& args) {
  absl::StatusOr<sdk::EventClient> client = sdk::EventClient::Make(ctx.client_options);
  if (!client.ok()) return ctx.Fail(client.status());
  absl::StatusOr<v1::Coverage> c = client->GetCoverage(args.positional()[0]);
  if (!c.ok()) return ctx.Fail(c.status());
  std::vector<std::pair<std::string, std::string>> fields = {
      {"name", c->name()},
      {"open_stores", absl::StrCat(c->open_stores())},
      {"pledged_stores", absl::StrCat(c->pledged_stores())},
      {"coverage", absl::StrFormat("%.1f%%", 100 * c->coverage_ratio())},
  };
  if (c->main_urban_open_stores() > 0) {
    fields.push_back({"main_urban_open_stores", absl::StrCat(c->main_urban_open_stores())});
    fields.push_back({"main_urban_pledged_stores", absl::StrCat(c->main_urban_pledged_stores())});
    fields.push_back(
        {"main_urban_coverage", absl::StrFormat("%.1f%%", 100 * c->main_urban_coverage_ratio())});
  }
  for (const v1::CertifiedCount& certified : c->certified()) {
    fields.push_back({absl::StrCat("certified ", certified.category(), " ", certified.level()),
                      absl::StrCat(certified.count())});
  }
  fields.push_back({"read_revision", absl::StrCat(c->read_revision())});
  PrintResource(ctx, *c, fields);
  return kExitOk;
}

}  // namespace

std::vector<Command> CoverageCommands() {
  return {
      {{"coverage", "get", "Open and pledged stores, coverage, certified units (no scans)",
        "NAME", {}},
       Get},
  };
}

}  // namespace fangxin::cli
