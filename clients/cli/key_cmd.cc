// fangxinctl key create | list | get | revoke   (admin only)

#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"

namespace fangxin::cli {
namespace {

std::vector<std::pair<std::string, std::string>> KeyFields(const v1::ApiKey& k) {
  return {{"name", k.name()},
          {"display_name", k.display_name()},
          {"role", EnumLabel(k.role())},
          {"scopes", absl::StrJoin(k.scopes(), ", ")},
          {"client_certificate_name", k.client_certificate_name()},
          {"state", EnumLabel(k.state())},
          {"etag", k.etag()},
          {"create_time", FormatTimestamp(k.create_time())},
          {"update_time", FormatTimestamp(k.update_time())}};
}

std::vector<std::string> KeyRow(const v1::ApiKey& k) {
  return {k.name(), k.display_name(), EnumLabel(k.role()), absl::StrJoin(k.scopes(), ","),
          EnumLabel(k.state()), k.etag()};
}

int PrintKey(Context& ctx, const absl::StatusOr<v1::ApiKey>& k) {
  if (!k.ok()) return ctx.Fail(k.status());
  PrintResource(ctx, *k, KeyFields(*k));
  return kExitOk;
}

int Create(Context& ctx, const Args& args) {
  v1::CreateKeyRequest request;
  v1::ApiKey* key = request.mutable_key();
  key->set_display_name(args.Get("display_name"));
  auto role = ParseEnum<v1::Role>("role", args.Get("role"));
  if (!role.ok()) return ctx.Usage(role.status().message());
  key->set_role(*role);
  for (const std::string& scope : args.GetAll("scope")) key->add_scopes(scope);
  key->set_client_certificate_name(args.Get("client_certificate_name"));
  request.set_request_id(args.Get("request_id"));
  absl::StatusOr<v1::CreateKeyResponse> created = ctx.client.CreateKey(request);
  if (!created.ok()) return ctx.Fail(created.status());
  if (ctx.format == OutputFormat::kJson) {
    *ctx.out << ToJson(*created);
  } else {
    auto fields = KeyFields(created->key());
    fields.emplace_back("token", created->token());
    PrintFields(*ctx.out, fields);
  }
  *ctx.err << "The token is shown only now; store it safely.\n";
  return kExitOk;
}

int Get(Context& ctx, const Args& args) {
  return PrintKey(ctx, ctx.client.GetKey(KeyName(args.positional()[0])));
}

int List(Context& ctx, const Args& args) {
  v1::ListKeysRequest request;
  if (absl::Status s = ApplyPageFlags(args, &request); !s.ok()) return ctx.Usage(s.message());
  return RunList<v1::ApiKey, v1::ListKeysResponse>(
      ctx, args, ctx.client.ListKeys(request), "keys",
      {"NAME", "DISPLAY_NAME", "ROLE", "SCOPES", "STATE", "ETAG"}, KeyRow,
      &v1::ListKeysResponse::mutable_keys);
}

int Revoke(Context& ctx, const Args& args) {
  v1::RevokeKeyRequest request;
  request.set_name(KeyName(args.positional()[0]));
  request.set_etag(args.Get("etag"));
  request.set_reason(args.Get("reason"));
  request.set_request_id(args.Get("request_id"));
  return PrintKey(ctx, ctx.client.RevokeKey(request));
}

}  // namespace

std::vector<Command> KeyCommands() {
  return {
      {{"key",
        "create",
        "Create an API key and print its token (shown only once).",
        "",
        {
            {"display_name", "what the key is for", true, false, false, "TEXT"},
            {"role",
             "admin, regulator, area_manager, merchant, city_system or public", true, false,
             false, "ROLE"},
            {"scope",
             "limit the key to a resource: divisions/CODE, areas/ID or merchants/USCC", false,
             true, false, "NAME"},
            {"client_certificate_name",
             "bind the key to a client certificate with this common name (mutual TLS)", false,
             false, false, "CN"},
            RequestIdFlag(),
        }},
       Create},
      {{"key", "list", "List API keys.", "", ListFlags()}, List},
      {{"key", "get", "Show an API key (ID or apiKeys/ID).", "NAME", {}}, Get},
      {{"key",
        "revoke",
        "Revoke an API key at once.",
        "NAME",
        {
            {"etag", "the etag read", true, false, false, "ETAG"},
            {"reason", "why, recorded in the audit trail", true, false, false, "TEXT"},
            RequestIdFlag(),
        }},
       Revoke},
  };
}

}  // namespace fangxin::cli
