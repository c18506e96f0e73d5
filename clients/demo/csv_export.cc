#include "clients/demo/csv_export.h"

#include <filesystem>
#include <fstream>
#include <initializer_list>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"

namespace fangxin::demo {
namespace {

// A field, quoted when it holds a comma, quote or line break.
std::string Field(absl::string_view s) {
  if (s.find_first_of(",\"\r\n") == absl::string_view::npos) return std::string(s);
  return absl::StrCat("\"", absl::StrReplaceAll(s, {{"\"", "\"\""}}), "\"");
}

void Row(std::string& out, std::initializer_list<absl::string_view> fields) {
  bool first = true;
  for (absl::string_view f : fields) {
    if (!first) out.push_back(',');
    first = false;
    out += Field(f);
  }
  out.push_back('\n');
}

std::string Code(absl::string_view resource_name) {
  const size_t slash = resource_name.rfind('/');
  return std::string(slash == absl::string_view::npos ? resource_name
                                                      : resource_name.substr(slash + 1));
}

// Degrees with the 6 decimals the generator rounds to.
std::string Degrees(double d) { return absl::StrFormat("%.6f", d); }

// AREA_KIND_SHOPPING_MALL -> shopping_mall.
std::string KindWord(absl::string_view enum_name, absl::string_view prefix) {
  return absl::AsciiStrToLower(absl::StripPrefix(enum_name, prefix));
}

}  // namespace

std::string StoresCsv(const DemoData& data) {
  std::string out;
  Row(out, {"merchant", "name", "address", "division", "township", "lat", "lng", "area", "industry",
            "id"});
  for (const DemoStore& ds : data.stores) {
    const fangxin::v1::Store& s = ds.store;
    Row(out, {Code(ds.parent), s.display_name(), s.address(), Code(s.division()),
              Code(s.township()), Degrees(s.location().latitude()),
              Degrees(s.location().longitude()), Code(s.area()), s.industry(), ds.store_id});
  }
  return out;
}

std::string MerchantsCsv(const DemoData& data) {
  std::string out;
  Row(out, {"uscc", "name", "kind", "representative", "address", "division", "contact_person",
            "contact_phone"});
  for (const DemoMerchant& dm : data.merchants) {
    const fangxin::v1::Merchant& m = dm.merchant;
    Row(out,
        {m.uscc(), m.legal_name(),
         KindWord(fangxin::v1::MerchantKind_Name(m.kind()), "MERCHANT_KIND_"), m.representative(),
         m.registered_address(), Code(m.division()), m.contact().person(), m.contact().phone()});
  }
  return out;
}

std::string AreasCsv(const DemoData& data) {
  std::string out;
  Row(out, {"id", "name", "kind", "division", "township", "lat", "lng", "managers"});
  for (const DemoArea& da : data.areas) {
    const fangxin::v1::Area& a = da.area;
    Row(out,
        {da.area_id, a.display_name(), KindWord(fangxin::v1::AreaKind_Name(a.kind()), "AREA_KIND_"),
         Code(a.division()), Code(a.township()), Degrees(a.center().latitude()),
         Degrees(a.center().longitude()), absl::StrJoin(a.managers(), ";")});
  }
  return out;
}

absl::Status WriteDemoCsv(const DemoData& data, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::InternalError(absl::StrCat("cannot create ", dir, ": ", ec.message()));
  const std::pair<const char*, std::string> files[] = {
      {"stores.csv", StoresCsv(data)},
      {"merchants.csv", MerchantsCsv(data)},
      {"areas.csv", AreasCsv(data)},
  };
  for (const auto& [file, text] : files) {
    const std::string path = (std::filesystem::path(dir) / file).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

}  // namespace fangxin::demo
