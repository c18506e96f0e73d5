// fangxinctl merchant create | get | list | update | close

#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"

namespace fangxin::cli {
namespace {

std::vector<std::pair<std::string, std::string>> MerchantFields(const v1::Merchant& m) {
  return {{"name", m.name()},
          {"uscc", m.uscc()},
          {"legal_name", m.legal_name()},
          {"kind", EnumLabel(m.kind())},
          {"representative", m.representative()},
          {"registered_address", m.registered_address()},
          {"division", m.division()},
          {"contact_person", m.contact().person()},
          {"contact_phone", m.contact().phone()},
          {"contact_email", m.contact().email()},
          {"state", EnumLabel(m.state())},
          {"close_reason", m.close_reason()},
          {"etag", m.etag()},
          {"create_time", FormatTimestamp(m.create_time())},
          {"update_time", FormatTimestamp(m.update_time())}};
}

std::vector<std::string> MerchantRow(const v1::Merchant& m) {
  return {m.uscc(), m.legal_name(), EnumLabel(m.kind()), ShortDivision(m.division()),
          EnumLabel(m.state()), m.etag()};
}

int PrintMerchant(Context& ctx, const absl::StatusOr<v1::Merchant>& m) {
  if (!m.ok()) return ctx.Fail(m.status());
  PrintResource(ctx, *m, MerchantFields(*m));
  return kExitOk;
}

// Field flags shared by create and update (create additionally requires some).
std::vector<FlagSpec> FieldFlags(bool create) {
  return {
      {"name", "registered legal name", create, false, false, "TEXT"},
      {"division", "county-level division of registration (code or divisions/CODE)", create,
       false, false, "DIVISION"},
      {"kind", "enterprise or individual_business", false, false, false, "KIND"},
      {"representative", "legal representative", false, false, false, "TEXT"},
      {"address", "registered address", false, false, false, "TEXT"},
      {"contact_person", "contact person (not public)", false, false, false, "TEXT"},
      {"contact_phone", "contact telephone (not public)", false, false, false, "PHONE"},
      {"contact_email", "contact e-mail (not public)", false, false, false, "EMAIL"},
      RequestIdFlag(),
  };
}

// Copies the field flags given into `m`, and their update-mask paths into `paths`.
absl::Status ApplyFields(const Args& args, v1::Merchant* m, std::vector<std::string>* paths) {
  if (args.Has("name")) {
    m->set_legal_name(args.Get("name"));
    paths->push_back("legal_name");
  }
  if (args.Has("division")) {
    m->set_division(DivisionName(args.Get("division")));
    paths->push_back("division");
  }
  if (args.Has("kind")) {
    auto kind = ParseEnum<v1::MerchantKind>("kind", args.Get("kind"));
    if (!kind.ok()) return kind.status();
    m->set_kind(*kind);
    paths->push_back("kind");
  }
  if (args.Has("representative")) {
    m->set_representative(args.Get("representative"));
    paths->push_back("representative");
  }
  if (args.Has("address")) {
    m->set_registered_address(args.Get("address"));
    paths->push_back("registered_address");
  }
  bool contact = false;
  if (args.Has("contact_person")) {
    m->mutable_contact()->set_person(args.Get("contact_person"));
    contact = true;
  }
  if (args.Has("contact_phone")) {
    m->mutable_contact()->set_phone(args.Get("contact_phone"));
    contact = true;
  }
  if (args.Has("contact_email")) {
    m->mutable_contact()->set_email(args.Get("contact_email"));
    contact = true;
  }
  if (contact) paths->push_back("contact");
  return absl::OkStatus();
}

int Create(Context& ctx, const Args& args) {
  v1::CreateMerchantRequest request;
  v1::Merchant* m = request.mutable_merchant();
  m->set_uscc(absl::AsciiStrToUpper(args.Get("uscc")));
  std::vector<std::string> paths;
  if (absl::Status s = ApplyFields(args, m, &paths); !s.ok()) return ctx.Usage(s.message());
  request.set_request_id(args.Get("request_id"));
  return PrintMerchant(ctx, ctx.client.CreateMerchant(request));
}

int Get(Context& ctx, const Args& args) {
  return PrintMerchant(ctx, ctx.client.GetMerchant(MerchantName(args.positional()[0])));
}

int List(Context& ctx, const Args& args) {
  v1::ListMerchantsRequest request;
  request.set_division(DivisionName(args.Get("division")));
  if (args.Has("state")) {
    auto state = ParseEnum<v1::MerchantState>("state", args.Get("state"));
    if (!state.ok()) return ctx.Usage(state.status().message());
    request.set_state(*state);
  }
  if (absl::Status s = ApplyPageFlags(args, &request); !s.ok()) return ctx.Usage(s.message());
  return RunList<v1::Merchant, v1::ListMerchantsResponse>(
      ctx, args, ctx.client.ListMerchants(request), "merchants",
      {"USCC", "LEGAL_NAME", "KIND", "DIVISION", "STATE", "ETAG"}, MerchantRow,
      &v1::ListMerchantsResponse::mutable_merchants);
}

int Update(Context& ctx, const Args& args) {
  v1::UpdateMerchantRequest request;
  v1::Merchant* m = request.mutable_merchant();
  m->set_name(MerchantName(args.positional()[0]));
  m->set_etag(args.Get("etag"));
  std::vector<std::string> paths;
  if (absl::Status s = ApplyFields(args, m, &paths); !s.ok()) return ctx.Usage(s.message());
  if (paths.empty()) return ctx.Usage("nothing to update: give at least one field flag");
  // `contact` is replaced as a whole; when only some of its parts are given, keep the others
  // as they are now (a stale read is harmless: the etag check refuses the update).
  const int contact_flags = args.Has("contact_person") + args.Has("contact_phone") +
                            args.Has("contact_email");
  if (contact_flags > 0 && contact_flags < 3) {
    absl::StatusOr<v1::Merchant> current = ctx.client.GetMerchant(m->name());
    if (!current.ok()) return ctx.Fail(current.status());
    v1::Contact merged = current->contact();
    if (args.Has("contact_person")) merged.set_person(m->contact().person());
    if (args.Has("contact_phone")) merged.set_phone(m->contact().phone());
    if (args.Has("contact_email")) merged.set_email(m->contact().email());
    *m->mutable_contact() = merged;
  }
  for (const std::string& p : paths) request.mutable_update_mask()->add_paths(p);
  request.set_request_id(args.Get("request_id"));
  return PrintMerchant(ctx, ctx.client.UpdateMerchant(request));
}

int Close(Context& ctx, const Args& args) {
  v1::CloseMerchantRequest request;
  request.set_name(MerchantName(args.positional()[0]));
  request.set_etag(args.Get("etag"));
  request.set_reason(args.Get("reason"));
  request.set_request_id(args.Get("request_id"));
  return PrintMerchant(ctx, ctx.client.CloseMerchant(request));
}

}  // namespace

std::vector<Command> MerchantCommands() {
  std::vector<FlagSpec> create_flags = {
      {"uscc", "18-character unified social credit code", true, false, false, "USCC"}};
  for (FlagSpec& f : FieldFlags(true)) create_flags.push_back(std::move(f));

  std::vector<FlagSpec> update_flags = {
      {"etag", "the etag read (a stale one is refused with ABORTED)", true, false, false,
       "ETAG"}};
  for (FlagSpec& f : FieldFlags(false)) update_flags.push_back(std::move(f));

  std::vector<FlagSpec> list_flags = {
      {"division", "only merchants registered in this county-level division", false, false,
       false, "DIVISION"},
      {"state", "open or closed", false, false, false, "STATE"},
  };
  for (FlagSpec& f : ListFlags()) list_flags.push_back(std::move(f));

  std::vector<FlagSpec> close_flags = {
      {"etag", "the etag read", true, false, false, "ETAG"},
      {"reason", "why, recorded in the audit trail", true, false, false, "TEXT"},
      RequestIdFlag(),
  };
  return {
      {{"merchant", "create", "Register a merchant.", "", create_flags}, Create},
      {{"merchant", "get", "Show a merchant (USCC or merchants/USCC).", "USCC_OR_NAME", {}}, Get},
      {{"merchant", "list", "List merchants.", "", list_flags}, List},
      {{"merchant", "update",
        "Change the fields given; the update mask is built from the flags.", "NAME",
        update_flags},
       Update},
      {{"merchant", "close", "Close a merchant and all its open stores.", "NAME", close_flags},
       Close},
  };
}

}  // namespace fangxin::cli
