#ifndef FANGXIN_STORAGE_ROCKSDB_UTIL_H_
#define FANGXIN_STORAGE_ROCKSDB_UTIL_H_

// Conversions between RocksDB's types and ours. Debian's abseil has its own string_view type,
// so slices and views do not convert implicitly.

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/slice.h"
#include "rocksdb/status.h"

namespace fangxin::storage {

// A RocksDB failure as an absl::Status: I/O trouble and shutdown are UNAVAILABLE (retry later),
// corruption is DATA_LOSS, anything else INTERNAL. `context` says what was being done.
absl::Status FromRocksDb(const rocksdb::Status& status, absl::string_view context);

inline absl::string_view View(const rocksdb::Slice& s) {
  return absl::string_view(s.data(), s.size());
}

inline rocksdb::Slice ToSlice(absl::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_ROCKSDB_UTIL_H_
