// fangxinctl store create | get | list | update | close   (store import: store_import.cc)

#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"
#include "clients/cli/store_import.h"

namespace fangxin::cli {
namespace {

std::string FormatLatLng(const v1::Store& s) {
  if (!s.has_location()) return "";
  return absl::StrCat(s.location().latitude(), ", ", s.location().longitude());
}

std::vector<std::pair<std::string, std::string>> StoreFields(const v1::Store& s) {
  return {{"name", s.name()},
          {"display_name", s.display_name()},
          {"address", s.address()},
          {"division", s.division()},
          {"township", s.township()},
          {"area", s.area()},
          {"location", FormatLatLng(s)},
          {"industry", s.industry()},
          {"state", EnumLabel(s.state())},
          {"close_reason", s.close_reason()},
          {"etag", s.etag()},
          {"create_time", FormatTimestamp(s.create_time())},
          {"update_time", FormatTimestamp(s.update_time())}};
}

std::vector<std::string> StoreRow(const v1::Store& s) {
  return {s.name(),           s.display_name(), ShortDivision(s.division()),
          ShortDivision(s.township()), s.area(), s.industry(),
          EnumLabel(s.state()), s.etag()};
}

int PrintStore(Context& ctx, const absl::StatusOr<v1::Store>& s) {
  if (!s.ok()) return ctx.Fail(s.status());
  PrintResource(ctx, *s, StoreFields(*s));
  return kExitOk;
}

std::vector<FlagSpec> FieldFlags(bool create) {
  return {
      {"name", "shop sign name", create, false, false, "TEXT"},
      {"address", "street address", create, false, false, "TEXT"},
      {"division", "county-level division (code or divisions/CODE)", create, false, false,
       "DIVISION"},
      {"township", "township or street inside the division (code or divisions/CODE)", false,
       false, false, "DIVISION"},
      {"lat", "latitude, WGS-84 decimal degrees", create, false, false, "DEGREES"},
      {"lng", "longitude, WGS-84 decimal degrees", create, false, false, "DEGREES"},
      {"area", "mall, street district or circle the store is in (id or areas/ID)", false, false,
       false, "AREA"},
      {"industry", "industry code (default retail)", false, false, false, "CODE"},
      RequestIdFlag(),
  };
}

absl::Status ApplyFields(const Args& args, v1::Store* s, std::vector<std::string>* paths) {
  if (args.Has("name")) {
    s->set_display_name(args.Get("name"));
    paths->push_back("display_name");
  }
  if (args.Has("address")) {
    s->set_address(args.Get("address"));
    paths->push_back("address");
  }
  if (args.Has("division")) {
    s->set_division(DivisionName(args.Get("division")));
    paths->push_back("division");
  }
  if (args.Has("township")) {
    s->set_township(DivisionName(args.Get("township")));
    paths->push_back("township");
  }
  if (args.Has("area")) {
    s->set_area(AreaName(args.Get("area")));
    paths->push_back("area");
  }
  if (args.Has("industry")) {
    s->set_industry(args.Get("industry"));
    paths->push_back("industry");
  }
  if (args.Has("lat") != args.Has("lng")) {
    return absl::InvalidArgumentError("--lat and --lng go together");
  }
  if (args.Has("lat")) {
    absl::StatusOr<double> lat = ParseDouble("lat", args.Get("lat"));
    if (!lat.ok()) return lat.status();
    absl::StatusOr<double> lng = ParseDouble("lng", args.Get("lng"));
    if (!lng.ok()) return lng.status();
    s->mutable_location()->set_latitude(*lat);
    s->mutable_location()->set_longitude(*lng);
    paths->push_back("location");
  }
  return absl::OkStatus();
}

int Create(Context& ctx, const Args& args) {
  v1::CreateStoreRequest request;
  request.set_parent(MerchantName(args.Get("merchant")));
  request.set_store_id(args.Get("id"));
  std::vector<std::string> paths;
  if (absl::Status s = ApplyFields(args, request.mutable_store(), &paths); !s.ok()) {
    return ctx.Usage(s.message());
  }
  request.set_request_id(args.Get("request_id"));
  return PrintStore(ctx, ctx.client.CreateStore(request));
}

int Get(Context& ctx, const Args& args) {
  return PrintStore(ctx, ctx.client.GetStore(StoreName(args.positional()[0])));
}

int List(Context& ctx, const Args& args) {
  v1::ListStoresRequest request;
  request.set_merchant(MerchantName(args.Get("merchant")));
  request.set_division(DivisionName(args.Get("division")));
  request.set_area(AreaName(args.Get("area")));
  request.set_industry(args.Get("industry"));
  if (args.Has("state")) {
    auto state = ParseEnum<v1::StoreState>("state", args.Get("state"));
    if (!state.ok()) return ctx.Usage(state.status().message());
    request.set_state(*state);
  }
  if (absl::Status s = ApplyPageFlags(args, &request); !s.ok()) return ctx.Usage(s.message());
  return RunList<v1::Store, v1::ListStoresResponse>(
      ctx, args, ctx.client.ListStores(request), "stores",
      {"NAME", "DISPLAY_NAME", "DIVISION", "TOWNSHIP", "AREA", "INDUSTRY", "STATE", "ETAG"},
      StoreRow, &v1::ListStoresResponse::mutable_stores);
}

int Update(Context& ctx, const Args& args) {
  v1::UpdateStoreRequest request;
  v1::Store* s = request.mutable_store();
  s->set_name(StoreName(args.positional()[0]));
  s->set_etag(args.Get("etag"));
  std::vector<std::string> paths;
  if (absl::Status st = ApplyFields(args, s, &paths); !st.ok()) return ctx.Usage(st.message());
  if (paths.empty()) return ctx.Usage("nothing to update: give at least one field flag");
  for (const std::string& p : paths) request.mutable_update_mask()->add_paths(p);
  request.set_request_id(args.Get("request_id"));
  return PrintStore(ctx, ctx.client.UpdateStore(request));
}

int Close(Context& ctx, const Args& args) {
  v1::CloseStoreRequest request;
  request.set_name(StoreName(args.positional()[0]));
  request.set_etag(args.Get("etag"));
  request.set_reason(args.Get("reason"));
  request.set_request_id(args.Get("request_id"));
  return PrintStore(ctx, ctx.client.CloseStore(request));
}

}  // namespace

std::vector<Command> StoreCommands() {
  std::vector<FlagSpec> create_flags = {
      {"merchant", "the merchant (USCC or merchants/USCC)", true, false, false, "MERCHANT"},
      {"id", "store id, 1-40 of [a-z0-9-] (default: chosen by the server)", false, false, false,
       "ID"},
  };
  for (FlagSpec& f : FieldFlags(true)) create_flags.push_back(std::move(f));

  std::vector<FlagSpec> update_flags = {
      {"etag", "the etag read (a stale one is refused with ABORTED)", true, false, false,
       "ETAG"}};
  for (FlagSpec& f : FieldFlags(false)) update_flags.push_back(std::move(f));

  std::vector<FlagSpec> list_flags = {
      {"merchant", "only this merchant's stores", false, false, false, "MERCHANT"},
      {"division", "only stores in this county or township division", false, false, false,
       "DIVISION"},
      {"area", "only stores in this area", false, false, false, "AREA"},
      {"state", "open or closed", false, false, false, "STATE"},
      {"industry", "only this industry code", false, false, false, "CODE"},
  };
  for (FlagSpec& f : ListFlags()) list_flags.push_back(std::move(f));

  std::vector<FlagSpec> close_flags = {
      {"etag", "the etag read", true, false, false, "ETAG"},
      {"reason", "why, recorded in the audit trail", true, false, false, "TEXT"},
      RequestIdFlag(),
  };
  return {
      {{"store", "create", "Add a store to a merchant.", "", create_flags}, Create},
      {{"store", "get", "Show a store (merchants/USCC/stores/ID).", "NAME", {}}, Get},
      {{"store", "list", "List stores; follows every page unless --max_pages.", "", list_flags},
       List},
      {{"store", "update",
        "Change the fields given; the update mask is built from the flags.", "NAME",
        update_flags},
       Update},
      {{"store", "close", "Close a store.", "NAME", close_flags}, Close},
      {StoreImportSpec(), RunStoreImport},
  };
}

}  // namespace fangxin::cli
