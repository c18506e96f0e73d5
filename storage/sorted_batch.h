#ifndef FANGXIN_STORAGE_SORTED_BATCH_H_
#define FANGXIN_STORAGE_SORTED_BATCH_H_

#include <string>
#include <vector>

#include "rocksdb/slice.h"
#include "rocksdb/write_batch.h"

namespace fangxin::storage {

// Rewrites a group's WriteBatch with its operations in key order, so that RocksDB inserts them
// into the memtable in order. The memtable is a skip list that keeps the position of its last
// insert: a key just after it is found by walking a node or two, while a key elsewhere is found
// by a search from the top. A group's commits interleave their keys (resource, index entries,
// event, audit entry, tree nodes, request record), so unsorted each insert is a full search;
// sorted, a group's events, audit entries, tree nodes and request records are runs of
// neighbours (issue 7: the memtable inserts were half of the committer's instructions).
//
// Operations on one key keep their order (a stable sort), so the batch's outcome is unchanged:
// one WriteBatch is applied atomically whatever the order of its distinct keys.
//
// Not thread-safe; reuses its buffers across groups.
class BatchSorter {
 public:
  // Puts `batch`'s operations into `sorted` (cleared first) in key order. Returns false, and
  // leaves `sorted` unspecified, if `batch` holds an operation other than Put and Delete (the
  // caller then writes `batch` as it is).
  bool Sort(const rocksdb::WriteBatch& batch, rocksdb::WriteBatch* sorted);

 private:
  struct Op {
    rocksdb::Slice key;
    rocksdb::Slice value;
    bool is_delete = false;
  };
  class Collector;

  std::vector<Op> ops_;
};

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_SORTED_BATCH_H_
