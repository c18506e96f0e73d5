#ifndef FANGXIN_SERVICES_SUPPORT_LIST_PAGE_H_
#define FANGXIN_SERVICES_SUPPORT_LIST_PAGE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/message.h"
#include "google/protobuf/unknown_field_set.h"
#include "services/common/page_token.h"
#include "storage/registry.h"

namespace fangxin {

struct Page {
  std::vector<std::shared_ptr<const google::protobuf::Message>> items;
  std::string next_page_token;  // Empty on the last page.
  int64_t read_revision = 0;    // The revision the listing (its first page) was read at.
};

// One page of a List call. `query` names the collection/index, value and filter;
// `list_request` is the whole request (its fields other than page_size/page_token form the
// filter the token is bound to). INVALID_ARGUMENT for a bad page_size or page_token.
absl::StatusOr<Page> ListPage(storage::Registry& registry, const PageTokenCodec& tokens,
                              storage::ScanQuery query,
                              const google::protobuf::Message& list_request, int32_t page_size,
                              const std::string& page_token);

// ListPage's scan with query.take_stored set by the caller: the page's items go wherever
// take_stored puts them, and the returned Page has no items.
absl::StatusOr<Page> ListPageStored(storage::Registry& registry, const PageTokenCodec& tokens,
                                    storage::ScanQuery query,
                                    const google::protobuf::Message& list_request,
                                    int32_t page_size, const std::string& page_token);

// As ListPage, but the items go into `response` as their stored bytes, never parsed into
// the response nor serialized again: on the wire a repeated message field is, per item, its
// tag, a length and the item's bytes, and the stored record is the item's deterministic
// serialization, so each kept record is appended to the response's unknown fields as a
// length-delimited field `field_number`. A client parsing the response sees them as that
// repeated field, in order; code in this process sees the field empty (only the wire has the
// items), so use this only where the response goes straight to gRPC.
//
// `filter` (optional) decides which records are kept; it costs one parse per record examined,
// into a scratch message. Without it, every record in the scanned range is kept unparsed, so
// pass null only when the index or prefix scanned already implies the request's filter.
// query.filter and query.take_stored are replaced. The returned Page has no items.
template <typename T>
absl::StatusOr<Page> ListPageWire(storage::Registry& registry, const PageTokenCodec& tokens,
                                  storage::ScanQuery query,
                                  const google::protobuf::Message& list_request,
                                  int32_t page_size, const std::string& page_token,
                                  std::function<bool(const T&)> filter, int field_number,
                                  google::protobuf::Message* response) {
  google::protobuf::UnknownFieldSet* wire =
      response->GetReflection()->MutableUnknownFields(response);
  T scratch;
  query.filter = nullptr;
  query.take_stored = [&filter, &scratch, wire,
                       field_number](absl::string_view stored) -> absl::StatusOr<bool> {
    if (filter) {
      if (!scratch.ParseFromArray(stored.data(), static_cast<int>(stored.size()))) {
        return absl::DataLossError(
            absl::StrCat("a stored ", T::descriptor()->name(), " is unreadable"));
      }
      if (!filter(scratch)) return false;
    }
    wire->AddLengthDelimited(field_number)->assign(stored.data(), stored.size());
    return true;
  };
  return ListPageStored(registry, tokens, std::move(query), list_request, page_size,
                        page_token);
}

// Copies a page's items into a repeated field of the response.
template <typename T, typename RepeatedField>
void AppendItems(const Page& page, RepeatedField* out) {
  out->Reserve(out->size() + static_cast<int>(page.items.size()));
  for (const auto& item : page.items) *out->Add() = static_cast<const T&>(*item);
}

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_SUPPORT_LIST_PAGE_H_
