#ifndef FANGXIN_STORAGE_SCAN_H_
#define FANGXIN_STORAGE_SCAN_H_

#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "storage/catalog.h"
#include "storage/registry.h"

namespace fangxin::storage {

// Registry::Scan over `db`: one snapshot for the index entries, the resources they name and
// the read revision. INVALID_ARGUMENT for an unknown collection, a malformed index or value,
// a non-positive limit, or a start_after outside the scanned range; DATA_LOSS for an index
// entry whose resource is missing or a record that does not parse. Thread-safe.
absl::StatusOr<ScanResult> ScanRegistry(rocksdb::DB* db, const Catalog& catalog,
                                        const ScanQuery& query);

// The latest revision stored in `db` as seen by `options` (its snapshot, if any); 0 if none.
absl::StatusOr<int64_t> ReadStoredRevision(rocksdb::DB* db, const rocksdb::ReadOptions& options);

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_SCAN_H_
