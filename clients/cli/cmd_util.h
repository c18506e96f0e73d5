#ifndef FANGXIN_CLIENTS_CLI_CMD_UTIL_H_
#define FANGXIN_CLIENTS_CLI_CMD_UTIL_H_

// Helpers shared by the command files: resource names from what people type, enums from short
// names, number flags, and the list loop (streamed table or one JSON response).

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "clients/cli/cli.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/timestamp.pb.h"

namespace fangxin::cli {

// `320902` or `divisions/320902` -> `divisions/320902`. Empty stays empty.
std::string DivisionName(const std::string& code_or_name);
// `91320902...` or `merchants/91320902...` -> `merchants/91320902...` (credit code upper-cased).
std::string MerchantName(const std::string& uscc_or_name);
// `merchants/{uscc}/stores/{id}`, or the same without `merchants/`.
std::string StoreName(const std::string& name);
// `{id}` or `areas/{id}` -> `areas/{id}`. Empty stays empty.
std::string AreaName(const std::string& id_or_name);
// `{id}` or `apiKeys/{id}` -> `apiKeys/{id}`.
std::string KeyName(const std::string& id_or_name);
// `divisions/320902` -> `320902`: the short form tables show.
std::string ShortDivision(const std::string& name);

// The prefix shared by an enum's value names, from its `..._UNSPECIFIED` value
// (DIVISION_LEVEL_UNSPECIFIED -> DIVISION_LEVEL_).
std::string EnumPrefix(const google::protobuf::EnumDescriptor* descriptor);
// `county`, `COUNTY`, `DIVISION_LEVEL_COUNTY` -> the value; INVALID_ARGUMENT listing the values
// otherwise (UNSPECIFIED is never accepted).
absl::StatusOr<int> ParseEnumValue(const google::protobuf::EnumDescriptor* descriptor,
                                   const std::string& flag, const std::string& text);
// DIVISION_LEVEL_COUNTY -> "county"; "-" for UNSPECIFIED.
std::string EnumLabel(const google::protobuf::EnumDescriptor* descriptor, int value);

template <typename E>
absl::StatusOr<E> ParseEnum(const std::string& flag, const std::string& text) {
  absl::StatusOr<int> v = ParseEnumValue(google::protobuf::GetEnumDescriptor<E>(), flag, text);
  if (!v.ok()) return v.status();
  return static_cast<E>(*v);
}
template <typename E>
std::string EnumLabel(E value) {
  return EnumLabel(google::protobuf::GetEnumDescriptor<E>(), static_cast<int>(value));
}

absl::StatusOr<double> ParseDouble(const std::string& flag, const std::string& text);
absl::StatusOr<int> ParseInt(const std::string& flag, const std::string& text, int min, int max);

// "2024-05-01 09:30:00 +08:00" in the local time zone ($TZ); "" when unset.
std::string FormatTimestamp(const google::protobuf::Timestamp& t);

// Prints one resource: its JSON, or `fields` as a key/value block.
void PrintResource(const Context& ctx, const google::protobuf::Message& message,
                   const std::vector<std::pair<std::string, std::string>>& fields);

// Flags every list command has: --page_size, --page_token, --max_pages.
std::vector<FlagSpec> ListFlags();
// Copies --page_size and --page_token into a List request; INVALID_ARGUMENT for a bad number.
template <typename Request>
absl::Status ApplyPageFlags(const Args& args, Request* request) {
  if (args.Has("page_size")) {
    absl::StatusOr<int> n = ParseInt("page_size", args.Get("page_size"), 1, 1000);
    if (!n.ok()) return n.status();
    request->set_page_size(*n);
  }
  request->set_page_token(args.Get("page_token"));
  return absl::OkStatus();
}

// Runs a listing: in table mode, rows are printed a page at a time as pages arrive; in JSON
// mode every item is gathered into one `Response` (with read_revision, and next_page_token when
// --max_pages cut the listing short). An error ends the listing with the error printed.
template <typename T, typename Response>
int RunList(Context& ctx, const Args& args, sdk::PaginationRange<T> range,
            const std::string& plural, std::vector<std::string> headers,
            const std::function<std::vector<std::string>(const T&)>& row,
            google::protobuf::RepeatedPtrField<T>* (Response::*items)()) {
  if (args.Has("max_pages")) {
    absl::StatusOr<int> n = ParseInt("max_pages", args.Get("max_pages"), 1, 1 << 30);
    if (!n.ok()) return ctx.Usage(n.status().message());
    range.set_max_pages(*n);
  }
  TableWriter table(ctx.out, std::move(headers));
  Response response;
  int pages_seen = 0;
  for (absl::StatusOr<T>& item : range) {
    if (!item.ok()) {
      table.Flush();
      return ctx.Fail(item.status());
    }
    if (ctx.format == OutputFormat::kJson) {
      *(response.*items)()->Add() = *std::move(item);
      continue;
    }
    if (range.pages_fetched() != pages_seen) {
      table.Flush();  // the rows of the previous page
      pages_seen = range.pages_fetched();
    }
    table.AddRow(row(*item));
  }
  if (ctx.format == OutputFormat::kJson) {
    response.set_next_page_token(range.next_page_token());
    response.set_read_revision(range.read_revision());
    *ctx.out << ToJson(response);
    return kExitOk;
  }
  table.Flush();
  if (table.rows_added() == 0) *ctx.err << "No " << plural << " found.\n";
  if (!range.next_page_token().empty()) {
    *ctx.err << "More " << plural << " follow; continue with --page_token="
             << range.next_page_token() << "\n";
  }
  return kExitOk;
}

// Flags of every mutation.
FlagSpec RequestIdFlag();

}  // namespace fangxin::cli

#endif  // FANGXIN_CLIENTS_CLI_CMD_UTIL_H_
