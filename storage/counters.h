#ifndef FANGXIN_STORAGE_COUNTERS_H_
#define FANGXIN_STORAGE_COUNTERS_H_

// Counters kept by the commit path (DESIGN.md "one commit path": state, index, counter, event,
// audit in one batch). A counter is stored under
//
//   c/<scope>#<metric>   int64, 8 bytes little-endian
//
// '#' never occurs in resource names or metrics, so a scope's counters are the one range
// c/<scope>#...; metrics may contain '/' (certified/<category>/<level>).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/schema.h"

namespace fangxin::storage {

inline constexpr absl::string_view kCounterSpace = "c/";

std::string CounterKey(absl::string_view scope, absl::string_view metric);
// c/<scope>#: the prefix of all of a scope's counters.
std::string CounterPrefix(absl::string_view scope);
// false on a malformed key. `scope` and `metric` point into `key`.
bool ParseCounterKey(absl::string_view key, absl::string_view* scope, absl::string_view* metric);

std::string EncodeCounter(int64_t value);
bool DecodeCounter(absl::string_view bytes, int64_t* value);

// The counter changes of one resource write: its new contributions minus its old ones, summed
// by counter key; zero sums are dropped. `before` and `after` may be null (absent). Pure.
std::map<std::string, int64_t> CounterDeltas(const CollectionSpec& spec,
                                             const google::protobuf::Message* before,
                                             const google::protobuf::Message* after);

// Stages the counter changes of a group's change sets into the group's WriteBatch. Each counter
// is read once per group (overlay first, then RocksDB) and written once per group, as its
// absolute value after the group's last change set: several change sets of one group touching
// one counter add up in the overlay, exactly as the committer's resource overlay does for
// resources. The batch is applied atomically, so no reader sees a value between change sets;
// writing each counter once instead of once per change set saves a memtable insert per counter
// per commit (most stores of a group share their city's and township's counters).
//
// Use per change set: Plan() each write (may fail: it reads RocksDB), then Stage() once the
// change set is accepted; a refused change set simply never calls Stage (the next Plan starts
// afresh). Once per group, after the last change set: Flush().
//
// Not thread-safe: owned by the committer thread.
class CounterStager {
 public:
  explicit CounterStager(rocksdb::DB* db) : db_(db) {}

  // Forgets the overlay: the previous group is in RocksDB now (or was never written).
  void BeginGroup();
  // Forgets the planned deltas of a change set that was refused.
  void BeginChangeSet() { planned_.clear(); }
  // Adds one write's deltas to the change set's plan and loads the counters it touches.
  absl::Status Plan(const CollectionSpec& spec, const google::protobuf::Message* before,
                    const google::protobuf::Message* after);
  // Applies the planned deltas to the overlay.
  void Stage();
  // Puts the value of every counter the group's staged change sets moved into `batch`.
  void Flush(rocksdb::WriteBatch* batch);

 private:
  struct Value {
    int64_t value = 0;
    bool moved = false;  // Staged by a change set of this group: Flush writes it.
  };

  absl::Status Load(const std::string& key);

  rocksdb::DB* const db_;
  absl::flat_hash_map<std::string, Value> overlay_;  // Counter key -> value as of the group.
  std::map<std::string, int64_t> planned_;             // Counter key -> delta of the change set.
  rocksdb::PinnableSlice pinned_;
};

}  // namespace fangxin::storage

#endif  // FANGXIN_STORAGE_COUNTERS_H_
