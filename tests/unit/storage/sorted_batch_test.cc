// BatchSorter: a group's batch rewritten in key order keeps its meaning.

#include "storage/sorted_batch.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "rocksdb/write_batch.h"

namespace fangxin::storage {
namespace {

// "put key=value" / "delete key", in the batch's order.
class Lister : public rocksdb::WriteBatch::Handler {
 public:
  rocksdb::Status PutCF(uint32_t, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    ops.push_back("put " + key.ToString() + "=" + value.ToString());
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t, const rocksdb::Slice& key) override {
    ops.push_back("delete " + key.ToString());
    return rocksdb::Status::OK();
  }
  std::vector<std::string> ops;
};

std::vector<std::string> List(const rocksdb::WriteBatch& batch) {
  Lister lister;
  EXPECT_TRUE(batch.Iterate(&lister).ok());
  return lister.ops;
}

TEST(BatchSorterTest, SortsKeysAndKeepsTheOrderOfOperationsOnOneKey) {
  rocksdb::WriteBatch batch;
  ASSERT_TRUE(batch.Put("e/2", "event 2").ok());
  ASSERT_TRUE(batch.Put("c/x", "1").ok());
  ASSERT_TRUE(batch.Put("e/1", "event 1").ok());
  ASSERT_TRUE(batch.Delete("c/x").ok());
  ASSERT_TRUE(batch.Put("a/1", "").ok());
  ASSERT_TRUE(batch.Put("c/x", "2").ok());

  BatchSorter sorter;
  rocksdb::WriteBatch sorted;
  ASSERT_TRUE(sorter.Sort(batch, &sorted));
  EXPECT_EQ(List(sorted), (std::vector<std::string>{"put a/1=", "put c/x=1", "delete c/x",
                                                    "put c/x=2", "put e/1=event 1",
                                                    "put e/2=event 2"}));
  EXPECT_EQ(sorted.Count(), batch.Count());
}

TEST(BatchSorterTest, ReusedForASecondBatchHoldsOnlyThatBatch) {
  BatchSorter sorter;
  rocksdb::WriteBatch first, second, sorted;
  ASSERT_TRUE(first.Put("b", "1").ok());
  ASSERT_TRUE(sorter.Sort(first, &sorted));
  ASSERT_TRUE(second.Put("z", "2").ok());
  ASSERT_TRUE(second.Put("y", "3").ok());
  ASSERT_TRUE(sorter.Sort(second, &sorted));
  EXPECT_EQ(List(sorted), (std::vector<std::string>{"put y=3", "put z=2"}));
}

TEST(BatchSorterTest, RefusesOperationsItCannotReorder) {
  BatchSorter sorter;
  rocksdb::WriteBatch sorted;
  rocksdb::WriteBatch range;
  ASSERT_TRUE(range.Put("b", "1").ok());
  ASSERT_TRUE(range.DeleteRange("a", "c").ok());
  EXPECT_FALSE(sorter.Sort(range, &sorted));
  rocksdb::WriteBatch merge;
  ASSERT_TRUE(merge.Merge("a", "1").ok());
  EXPECT_FALSE(sorter.Sort(merge, &sorted));
  rocksdb::WriteBatch log_data;
  ASSERT_TRUE(log_data.Put("a", "1").ok());
  ASSERT_TRUE(log_data.PutLogData("note").ok());
  EXPECT_FALSE(sorter.Sort(log_data, &sorted));
}

}  // namespace
}  // namespace fangxin::storage
