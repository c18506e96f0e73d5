#ifndef FANGXIN_STORAGE_AUDIT_HISTORY_H_
#define FANGXIN_STORAGE_AUDIT_HISTORY_H_

// The history index of the audit log: which revisions changed a resource, so that
// ListResourceHistory is a prefix scan instead of a walk of the whole log.
//
//   h/<name>/#<revision %020d>   ""
//
// '#' never occurs in a resource name, so h/merchants/x/# is not a prefix of any key of
// merchants/x/stores/y. Written in the commit's batch with its audit entry. Pure functions;
// thread-safe.

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace fangxin::storage {

std::string HistoryKey(absl::string_view name, int64_t revision);
// h/<name>/#: the prefix of one resource's history keys.
std::string HistoryPrefix(absl::string_view name);
// The revision of a key under HistoryPrefix(name); false if malformed.
bool ParseHistoryKey(absl::string_view key, absl::string_view prefix, int64_t* revision);

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_AUDIT_HISTORY_H_
