#include "services/support/list_page.h"

#include "common/errors.h"
#include "common/status_macros.h"
#include "services/common/validation.h"

namespace fangxin {

absl::StatusOr<Page> ListPageStored(storage::Registry& registry, const PageTokenCodec& tokens,
                                    storage::ScanQuery query,
                                    const google::protobuf::Message& list_request,
                                    int32_t page_size, const std::string& page_token) {
  FieldViolations violations;
  query.limit = ValidatePageSize(page_size, &violations);
  RETURN_IF_ERROR(violations.ToStatus());
  const std::string filter_digest = FilterDigest(list_request);
  int64_t started_at = 0;
  if (!page_token.empty()) {
    ASSIGN_OR_RETURN(storage::v1::PageTokenPayload payload,
                     tokens.Decode(page_token, filter_digest));
    query.start_after = payload.last_key();
    started_at = payload.read_revision();
  }
  ASSIGN_OR_RETURN(storage::ScanResult scan, registry.Scan(query));
  Page page;
  page.items = std::move(scan.resources);
  page.read_revision = started_at > 0 ? started_at : scan.read_revision;
  if (!scan.done) {
    storage::v1::PageTokenPayload next;
    next.set_filter_digest(filter_digest);
    next.set_last_key(scan.last_key);
    next.set_read_revision(page.read_revision);
    page.next_page_token = tokens.Encode(next);
  }
  return page;
}

absl::StatusOr<Page> ListPage(storage::Registry& registry, const PageTokenCodec& tokens,
                              storage::ScanQuery query,
                              const google::protobuf::Message& list_request, int32_t page_size,
                              const std::string& page_token) {
  query.take_stored = nullptr;
  return ListPageStored(registry, tokens, std::move(query), list_request, page_size, page_token);
}

}  // namespace fangxin
