#include "clients/cli/cmd_util.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/time/time.h"

namespace fangxin::cli {
namespace {

std::string WithPrefix(const std::string& prefix, const std::string& value) {
  if (value.empty() || absl::StartsWith(value, prefix)) return value;
  return prefix + value;
}

}  // namespace

std::string DivisionName(const std::string& code_or_name) {
  return WithPrefix("divisions/", code_or_name);
}

std::string MerchantName(const std::string& uscc_or_name) {
  if (uscc_or_name.empty()) return "";
  constexpr absl::string_view kPrefix = "merchants/";
  std::string uscc = absl::StartsWith(uscc_or_name, kPrefix)
                         ? uscc_or_name.substr(kPrefix.size())
                         : uscc_or_name;
  return absl::StrCat(kPrefix, absl::AsciiStrToUpper(uscc));
}

std::string StoreName(const std::string& name) { return WithPrefix("merchants/", name); }

std::string AreaName(const std::string& id_or_name) { return WithPrefix("areas/", id_or_name); }

std::string KeyName(const std::string& id_or_name) { return WithPrefix("apiKeys/", id_or_name); }

std::string ShortDivision(const std::string& name) {
  constexpr absl::string_view kPrefix = "divisions/";
  return absl::StartsWith(name, kPrefix) ? name.substr(kPrefix.size()) : name;
}

std::string EnumPrefix(const google::protobuf::EnumDescriptor* descriptor) {
  const google::protobuf::EnumValueDescriptor* zero = descriptor->FindValueByNumber(0);
  if (zero == nullptr) return "";
  const std::string& name = zero->name();
  constexpr absl::string_view kSuffix = "UNSPECIFIED";
  return absl::EndsWith(name, kSuffix) ? name.substr(0, name.size() - kSuffix.size()) : "";
}

absl::StatusOr<int> ParseEnumValue(const google::protobuf::EnumDescriptor* descriptor,
                                   const std::string& flag, const std::string& text) {
  const std::string prefix = EnumPrefix(descriptor);
  std::string upper = absl::AsciiStrToUpper(text);
  absl::StrReplaceAll({{"-", "_"}}, &upper);
  const google::protobuf::EnumValueDescriptor* value = descriptor->FindValueByName(prefix + upper);
  if (value == nullptr) value = descriptor->FindValueByName(upper);
  if (value != nullptr && value->number() != 0) return value->number();
  std::vector<std::string> allowed;
  for (int i = 0; i < descriptor->value_count(); ++i) {
    if (descriptor->value(i)->number() != 0) {
      allowed.push_back(EnumLabel(descriptor, descriptor->value(i)->number()));
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("--", flag, ": unknown value '", text,
                                                 "'; one of: ", absl::StrJoin(allowed, ", ")));
}

std::string EnumLabel(const google::protobuf::EnumDescriptor* descriptor, int value) {
  if (value == 0) return "-";
  const google::protobuf::EnumValueDescriptor* v = descriptor->FindValueByNumber(value);
  if (v == nullptr) return absl::StrCat(value);
  const std::string prefix = EnumPrefix(descriptor);
  std::string name = absl::StartsWith(v->name(), prefix) ? v->name().substr(prefix.size())
                                                         : v->name();
  return absl::AsciiStrToLower(name);
}

absl::StatusOr<double> ParseDouble(const std::string& flag, const std::string& text) {
  double value = 0;
  if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, ": not a number: '", text, "'"));
  }
  return value;
}

absl::StatusOr<int> ParseInt(const std::string& flag, const std::string& text, int min, int max) {
  int value = 0;
  if (!absl::SimpleAtoi(text, &value) || value < min || value > max) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, ": expected a whole number from ",
                                                   min, " to ", max, ", got '", text, "'"));
  }
  return value;
}

std::string FormatTimestamp(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M:%S %Ez", absl::FromUnixSeconds(t.seconds()),
                          absl::LocalTimeZone());
}

void PrintResource(const Context& ctx, const google::protobuf::Message& message,
                   const std::vector<std::pair<std::string, std::string>>& fields) {
  if (ctx.format == OutputFormat::kJson) {
    *ctx.out << ToJson(message);
    return;
  }
  PrintFields(*ctx.out, fields);
}

std::vector<FlagSpec> ListFlags() {
  return {
      {"page_size", "items per page, 1 to 1000 (server default 50)", false, false, false, "N"},
      {"page_token", "start at this page (printed when --max_pages stops early)", false, false,
       false, "TOKEN"},
      {"max_pages", "stop after N pages (default: follow every page)", false, false, false, "N"},
  };
}

FlagSpec RequestIdFlag() {
  return {"request_id",
          "idempotency key: repeating the command with the same id applies it once (default: "
          "a random one)",
          false, false, false, "ID"};
}

}  // namespace fangxin::cli
