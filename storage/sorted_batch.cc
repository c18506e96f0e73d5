#include "storage/sorted_batch.h"

#include <algorithm>

namespace fangxin::storage {

// Keeps slices into the batch's own buffer: `batch` outlives the sort.
class BatchSorter::Collector final : public rocksdb::WriteBatch::Handler {
 public:
  explicit Collector(std::vector<Op>* ops) : ops_(ops) {}

  rocksdb::Status PutCF(uint32_t column_family, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    if (column_family != 0) return Unsupported();
    ops_->push_back(Op{key, value, false});
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t column_family, const rocksdb::Slice& key) override {
    if (column_family != 0) return Unsupported();
    ops_->push_back(Op{key, rocksdb::Slice(), true});
    return rocksdb::Status::OK();
  }
  // Everything else (single deletes, range deletes, merges, log data, blob indexes) is
  // refused, so that a batch is only ever sorted when sorting provably keeps its meaning.
  rocksdb::Status SingleDeleteCF(uint32_t, const rocksdb::Slice&) override { return Unsupported(); }
  rocksdb::Status DeleteRangeCF(uint32_t, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return Unsupported();
  }
  rocksdb::Status MergeCF(uint32_t, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return Unsupported();
  }
  rocksdb::Status PutBlobIndexCF(uint32_t, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return Unsupported();
  }
  void LogData(const rocksdb::Slice&) override { unsupported_ = true; }
  bool Continue() override { return !unsupported_; }

 private:
  rocksdb::Status Unsupported() {
    unsupported_ = true;
    return rocksdb::Status::NotSupported("operation kept unsorted");
  }

  std::vector<Op>* const ops_;
  bool unsupported_ = false;
};

bool BatchSorter::Sort(const rocksdb::WriteBatch& batch, rocksdb::WriteBatch* sorted) {
  ops_.clear();
  Collector collector(&ops_);
  if (!batch.Iterate(&collector).ok() || !collector.Continue()) return false;
  std::stable_sort(ops_.begin(), ops_.end(),
                   [](const Op& a, const Op& b) { return a.key.compare(b.key) < 0; });
  sorted->Clear();
  for (const Op& op : ops_) {
    const rocksdb::Status s = op.is_delete ? sorted->Delete(op.key) : sorted->Put(op.key, op.value);
    if (!s.ok()) return false;
  }
  return true;
}

}  // namespace fangxin::storage
