#ifndef FANGXIN_STORAGE_KEYS_H_
#define FANGXIN_STORAGE_KEYS_H_

// The RocksDB key layout, in one column family:
//
//   r/<collection>/<name>                   serialized resource
//   i/<collection>/<index>/<value>/<name>   ""             (non-unique index entry)
//   u/<collection>/<index>/<value>          owning name    (unique index entry)
//   e/<revision %020d>/<index %06d>         fangxin.v1.Event
//   a/<revision %020d>                      fangxin.v1.AuditEntry
//   t/<level %02d>/<index %020d>             audit Merkle tree node (storage/audit_tree.h)
//   h/<name>/#<revision %020d>              ""             (history index, audit_history.h)
//   q/<escaped principal>/<request_id>      fangxin.storage.v1.RequestRecord
//   m/revision                              latest committed revision, decimal
//
// The collection is a key component (not just the name's prefix) so that `merchants/x` and
// `merchants/x/stores/y` live in different ranges and a collection is one contiguous range.
// Revisions are zero-padded so that byte order is numeric order. A principal may contain '/'
// (`apiKeys/k1`), so it is escaped to keep `q/` keys unambiguous; request ids come last and
// need no escaping. Collections, index names and index values never contain '/'.
//
// Pure functions; thread-safe.

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace fangxin::storage::keys {

inline constexpr absl::string_view kRevisionKey = "m/revision";
inline constexpr absl::string_view kResourceSpace = "r/";
inline constexpr absl::string_view kIndexSpace = "i/";
inline constexpr absl::string_view kUniqueSpace = "u/";
inline constexpr absl::string_view kEventSpace = "e/";
inline constexpr absl::string_view kAuditSpace = "a/";

// r/<collection>/<name>. With a partial name it is the prefix of the names that start so.
std::string Resource(absl::string_view collection, absl::string_view name);
// Appends Resource(collection, name) to *out after clearing it (the committer reuses buffers).
void ResourceTo(absl::string_view collection, absl::string_view name, std::string* out);

// i/<collection>/<index>/<value>/<name>.
std::string Index(absl::string_view collection, absl::string_view index, absl::string_view value,
                  absl::string_view name);
// i/<collection>/<index>/<value>/: the prefix of one indexed value's entries.
std::string IndexPrefix(absl::string_view collection, absl::string_view index,
                        absl::string_view value);

// u/<collection>/<index>/<value>.
std::string Unique(absl::string_view collection, absl::string_view index, absl::string_view value);

// e/<revision>/<index>, and e/<revision>/ for all the events of one commit.
std::string Event(int64_t revision, int index);
std::string EventPrefix(int64_t revision);

// a/<revision>.
std::string Audit(int64_t revision);

// q/<escaped principal>/<request_id>.
std::string Request(absl::string_view principal, absl::string_view request_id);

// The value stored under kRevisionKey, and its inverse (false if malformed).
std::string EncodeRevision(int64_t revision);
bool DecodeRevision(absl::string_view value, int64_t* revision);

// The smallest key greater than every key starting with `prefix` ("" if none exists): the
// exclusive upper bound of a prefix scan.
std::string PrefixSuccessor(absl::string_view prefix);

// Inverses, for scans and the consistency check. Each returns false on a malformed key.
// `name` etc. point into `key`.
bool ParseResource(absl::string_view key, absl::string_view* collection, absl::string_view* name);
bool ParseIndex(absl::string_view key, absl::string_view* collection, absl::string_view* index,
                absl::string_view* value, absl::string_view* name);
bool ParseUnique(absl::string_view key, absl::string_view* collection, absl::string_view* index,
                 absl::string_view* value);
bool ParseEvent(absl::string_view key, int64_t* revision, int* index);
bool ParseAudit(absl::string_view key, int64_t* revision);

}  // namespace fangxin::storage::keys

#endif  // FANGXIN_STORAGE_KEYS_H_
