#ifndef FANGXIN_STORAGE_COUNTERS_CHECK_H_
#define FANGXIN_STORAGE_COUNTERS_CHECK_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "storage/catalog.h"

namespace fangxin::storage {

// Every counter recounted from scratch: the sum of every stored resource's contributions
// (CollectionSpec::counters), by counter key, zeros left out. Reads all resources.
absl::StatusOr<std::map<std::string, int64_t>> RecountCounters(rocksdb::DB* db,
                                                               const rocksdb::ReadOptions& options,
                                                               const Catalog& catalog);

// The stored counters (c/ keys) that differ from the recount, one line each (empty when all
// agree). Use a snapshot in `options`. Thread-safe.
absl::StatusOr<std::vector<std::string>> CompareCountersWithRecount(
    rocksdb::DB* db, const rocksdb::ReadOptions& options, const Catalog& catalog);

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_COUNTERS_CHECK_H_
