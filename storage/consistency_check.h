#ifndef FANGXIN_STORAGE_CONSISTENCY_CHECK_H_
#define FANGXIN_STORAGE_CONSISTENCY_CHECK_H_

#include "absl/status/status.h"
#include "rocksdb/db.h"
#include "storage/catalog.h"

namespace fangxin::storage {

// Registry::CheckConsistency over `db`, at one snapshot: every resource record parses, sits
// under its own name and collection and has exactly the index entries its schema derives
// (both ways, unique owners included); events and audit entries exist for every revision
// 1..current with no gaps, each commit's events are numbered 0..count-1 and its audit entry
// lists as many resources and digests. OK, or DATA_LOSS listing the first 20 problems and how
// many there are. Memory grows with the number of index entries and revisions. Thread-safe.
absl::Status CheckRegistryConsistency(rocksdb::DB* db, const Catalog& catalog);

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_CONSISTENCY_CHECK_H_
