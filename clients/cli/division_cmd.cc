// fangxinctl division list | get

#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"

namespace fangxin::cli {
namespace {

std::vector<std::string> DivisionRow(const v1::Division& d) {
  return {d.code(), d.display_name(), EnumLabel(d.level()), ShortDivision(d.parent()),
          d.main_urban() ? "yes" : "no"};
}

int List(Context& ctx, const Args& args) {
  v1::ListDivisionsRequest request;
  request.set_parent(DivisionName(args.Get("parent")));
  if (args.Has("level")) {
    auto level = ParseEnum<v1::DivisionLevel>("level", args.Get("level"));
    if (!level.ok()) return ctx.Usage(level.status().message());
    request.set_level(*level);
  }
  if (absl::Status s = ApplyPageFlags(args, &request); !s.ok()) return ctx.Usage(s.message());
  return RunList<v1::Division, v1::ListDivisionsResponse>(
      ctx, args, ctx.client.ListDivisions(request), "divisions",
      {"CODE", "NAME", "LEVEL", "PARENT", "MAIN_URBAN"}, DivisionRow,
      &v1::ListDivisionsResponse::mutable_divisions);
}

int Get(Context& ctx, const Args& args) {
  absl::StatusOr<v1::Division> d = ctx.client.GetDivision(DivisionName(args.positional()[0]));
  if (!d.ok()) return ctx.Fail(d.status());
  std::string location;
  if (d->has_location()) {
    location = absl::StrCat(d->location().latitude(), ", ", d->location().longitude());
  }
  PrintResource(ctx, *d,
                {{"name", d->name()},
                 {"display_name", d->display_name()},
                 {"level", EnumLabel(d->level())},
                 {"parent", d->parent()},
                 {"main_urban", d->main_urban() ? "yes" : "no"},
                 {"location", location},
                 {"state", EnumLabel(d->state())}});
  return kExitOk;
}

}  // namespace

std::vector<Command> DivisionCommands() {
  std::vector<FlagSpec> list_flags = {
      {"parent", "only the direct children of this division (code or divisions/CODE)", false,
       false, false, "DIVISION"},
      {"level", "only divisions of this level: city, county or township", false, false, false,
       "LEVEL"},
  };
  for (FlagSpec& f : ListFlags()) list_flags.push_back(std::move(f));
  return {
      {{"division", "list", "List administrative divisions.", "", list_flags}, List},
      {{"division", "get", "Show a division.", "CODE_OR_NAME", {}}, Get},
  };
}

}  // namespace fangxin::cli
