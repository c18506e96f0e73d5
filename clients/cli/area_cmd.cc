// fangxinctl area create | get | list | update

#include "absl/strings/str_split.h"
#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"

namespace fangxin::cli {
namespace {

std::string FormatLatLng(const v1::LatLng& p) {
  return absl::StrCat(p.latitude(), ",", p.longitude());
}

std::vector<std::pair<std::string, std::string>> AreaFields(const v1::Area& a) {
  std::vector<std::string> boundary;
  for (const v1::LatLng& p : a.boundary()) boundary.push_back(FormatLatLng(p));
  return {{"name", a.name()},
          {"display_name", a.display_name()},
          {"kind", EnumLabel(a.kind())},
          {"division", a.division()},
          {"township", a.township()},
          {"center", a.has_center() ? FormatLatLng(a.center()) : ""},
          {"boundary", absl::StrJoin(boundary, ";")},
          {"managers", absl::StrJoin(a.managers(), ", ")},
          {"state", EnumLabel(a.state())},
          {"etag", a.etag()},
          {"create_time", FormatTimestamp(a.create_time())},
          {"update_time", FormatTimestamp(a.update_time())}};
}

std::vector<std::string> AreaRow(const v1::Area& a) {
  return {a.name(), a.display_name(), EnumLabel(a.kind()), ShortDivision(a.division()),
          ShortDivision(a.township()), EnumLabel(a.state()), a.etag()};
}

int PrintArea(Context& ctx, const absl::StatusOr<v1::Area>& a) {
  if (!a.ok()) return ctx.Fail(a.status());
  PrintResource(ctx, *a, AreaFields(*a));
  return kExitOk;
}

// "lat,lng;lat,lng;..." -> points.
absl::Status ParseBoundary(const std::string& text, v1::Area* area) {
  for (absl::string_view point : absl::StrSplit(text, ';', absl::SkipWhitespace())) {
    std::vector<std::string> parts = absl::StrSplit(point, ',');
    if (parts.size() != 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("--boundary: expected lat,lng;lat,lng;... but found '", point, "'"));
    }
    absl::StatusOr<double> lat = ParseDouble("boundary", parts[0]);
    if (!lat.ok()) return lat.status();
    absl::StatusOr<double> lng = ParseDouble("boundary", parts[1]);
    if (!lng.ok()) return lng.status();
    v1::LatLng* p = area->add_boundary();
    p->set_latitude(*lat);
    p->set_longitude(*lng);
  }
  return absl::OkStatus();
}

std::vector<FlagSpec> FieldFlags(bool create) {
  std::vector<FlagSpec> flags = {
      {"name", "display name", create, false, false, "TEXT"},
      {"kind", "shopping_mall, street_district, business_circle, village or market", create,
       false, false, "KIND"},
  };
  if (create) {
    flags.push_back({"division", "county-level division (code or divisions/CODE)", true, false,
                     false, "DIVISION"});
  }
  std::vector<FlagSpec> rest = {
      {"township", "township or street inside the division", false, false, false, "DIVISION"},
      {"lat", "latitude of the centre", create, false, false, "DEGREES"},
      {"lng", "longitude of the centre", create, false, false, "DEGREES"},
      {"boundary", "closed polygon: lat,lng;lat,lng;...", false, false, false, "POINTS"},
      {"manager", "a manager's name; replaces the list (--manager= clears it)", false, true,
       false, "NAME"},
      RequestIdFlag(),
  };
  flags.insert(flags.end(), rest.begin(), rest.end());
  return flags;
}

absl::Status ApplyFields(const Args& args, v1::Area* a, std::vector<std::string>* paths) {
  if (args.Has("name")) {
    a->set_display_name(args.Get("name"));
    paths->push_back("display_name");
  }
  if (args.Has("kind")) {
    auto kind = ParseEnum<v1::AreaKind>("kind", args.Get("kind"));
    if (!kind.ok()) return kind.status();
    a->set_kind(*kind);
    paths->push_back("kind");
  }
  if (args.Has("division")) a->set_division(DivisionName(args.Get("division")));
  if (args.Has("township")) {
    a->set_township(DivisionName(args.Get("township")));
    paths->push_back("township");
  }
  if (args.Has("lat") != args.Has("lng")) {
    return absl::InvalidArgumentError("--lat and --lng go together");
  }
  if (args.Has("lat")) {
    absl::StatusOr<double> lat = ParseDouble("lat", args.Get("lat"));
    if (!lat.ok()) return lat.status();
    absl::StatusOr<double> lng = ParseDouble("lng", args.Get("lng"));
    if (!lng.ok()) return lng.status();
    a->mutable_center()->set_latitude(*lat);
    a->mutable_center()->set_longitude(*lng);
    paths->push_back("center");
  }
  if (args.Has("boundary")) {
    if (absl::Status s = ParseBoundary(args.Get("boundary"), a); !s.ok()) return s;
    paths->push_back("boundary");
  }
  if (args.Has("manager")) {
    for (const std::string& m : args.GetAll("manager")) {
      if (!m.empty()) a->add_managers(m);
    }
    paths->push_back("managers");
  }
  return absl::OkStatus();
}

int Create(Context& ctx, const Args& args) {
  v1::CreateAreaRequest request;
  request.set_area_id(args.Get("id"));
  std::vector<std::string> paths;
  if (absl::Status s = ApplyFields(args, request.mutable_area(), &paths); !s.ok()) {
    return ctx.Usage(s.message());
  }
  request.set_request_id(args.Get("request_id"));
  return PrintArea(ctx, ctx.client.CreateArea(request));
}

int Get(Context& ctx, const Args& args) {
  return PrintArea(ctx, ctx.client.GetArea(AreaName(args.positional()[0])));
}

int List(Context& ctx, const Args& args) {
  v1::ListAreasRequest request;
  request.set_division(DivisionName(args.Get("division")));
  if (args.Has("kind")) {
    auto kind = ParseEnum<v1::AreaKind>("kind", args.Get("kind"));
    if (!kind.ok()) return ctx.Usage(kind.status().message());
    request.set_kind(*kind);
  }
  if (args.Has("state")) {
    auto state = ParseEnum<v1::AreaState>("state", args.Get("state"));
    if (!state.ok()) return ctx.Usage(state.status().message());
    request.set_state(*state);
  }
  if (absl::Status s = ApplyPageFlags(args, &request); !s.ok()) return ctx.Usage(s.message());
  return RunList<v1::Area, v1::ListAreasResponse>(
      ctx, args, ctx.client.ListAreas(request), "areas",
      {"NAME", "DISPLAY_NAME", "KIND", "DIVISION", "TOWNSHIP", "STATE", "ETAG"}, AreaRow,
      &v1::ListAreasResponse::mutable_areas);
}

int Update(Context& ctx, const Args& args) {
  v1::UpdateAreaRequest request;
  v1::Area* a = request.mutable_area();
  a->set_name(AreaName(args.positional()[0]));
  a->set_etag(args.Get("etag"));
  std::vector<std::string> paths;
  if (absl::Status s = ApplyFields(args, a, &paths); !s.ok()) return ctx.Usage(s.message());
  if (paths.empty()) return ctx.Usage("nothing to update: give at least one field flag");
  for (const std::string& p : paths) request.mutable_update_mask()->add_paths(p);
  request.set_request_id(args.Get("request_id"));
  return PrintArea(ctx, ctx.client.UpdateArea(request));
}

}  // namespace

std::vector<Command> AreaCommands() {
  std::vector<FlagSpec> create_flags = {
      {"id", "area id, 1-40 of [a-z0-9-] (default: chosen by the server)", false, false, false,
       "ID"}};
  for (FlagSpec& f : FieldFlags(true)) create_flags.push_back(std::move(f));
  std::vector<FlagSpec> update_flags = {
      {"etag", "the etag read (a stale one is refused with ABORTED)", true, false, false,
       "ETAG"}};
  for (FlagSpec& f : FieldFlags(false)) update_flags.push_back(std::move(f));
  std::vector<FlagSpec> list_flags = {
      {"division", "only areas in this county or township division", false, false, false,
       "DIVISION"},
      {"kind", "only areas of this kind", false, false, false, "KIND"},
      {"state", "active or retired", false, false, false, "STATE"},
  };
  for (FlagSpec& f : ListFlags()) list_flags.push_back(std::move(f));
  return {
      {{"area", "create", "Create an area: mall, street district, circle, village, market.", "",
        create_flags},
       Create},
      {{"area", "get", "Show an area (ID or areas/ID).", "NAME", {}}, Get},
      {{"area", "list", "List areas.", "", list_flags}, List},
      {{"area", "update", "Change the fields given; the update mask is built from the flags.",
        "NAME", update_flags},
       Update},
  };
}

}  // namespace fangxin::cli
