#ifndef FANGXIN_SERVICES_SUPPORT_LIST_PAGE_H_
#define FANGXIN_SERVICES_SUPPORT_LIST_PAGE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
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

// Copies a page's items into a repeated field of the response.
template <typename T, typename RepeatedField>
void AppendItems(const Page& page, RepeatedField* out) {
  out->Reserve(out->size() + static_cast<int>(page.items.size()));
  for (const auto& item : page.items) *out->Add() = static_cast<const T&>(*item);
}

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_SUPPORT_LIST_PAGE_H_
