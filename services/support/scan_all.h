#ifndef FANGXIN_SERVICES_SUPPORT_SCAN_ALL_H_
#define FANGXIN_SERVICES_SUPPORT_SCAN_ALL_H_

#include <vector>

#include "absl/status/statusor.h"
#include "common/status_macros.h"
#include "storage/registry.h"

namespace fangxin {

// Every resource `query` yields (those its filter keeps), page after page of query.limit, as
// T. At most `max_pages` pages are read: the bound only guards against a corrupt or runaway
// index, and what lies beyond it is left out (a sweeper's next tick, say, picks it up). Each
// page is its own snapshot, so use it to collect before acting, not as one consistent read.
template <typename T>
absl::StatusOr<std::vector<T>> ScanAll(storage::Registry& registry, storage::ScanQuery query,
                                       int max_pages) {
  std::vector<T> all;
  for (int page = 0; page < max_pages; ++page) {
    ASSIGN_OR_RETURN(storage::ScanResult scanned, registry.Scan(query));
    for (const auto& r : scanned.resources) all.push_back(static_cast<const T&>(*r));
    if (scanned.done) break;
    query.start_after = scanned.last_key;
  }
  return all;
}

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_SUPPORT_SCAN_ALL_H_
