#include "storage/counters_check.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "google/protobuf/message.h"
#include "storage/counters.h"
#include "storage/keys.h"
#include "storage/rocksdb_util.h"

namespace fangxin::storage {
namespace {

// Calls visit(key, value) for every entry of `space`.
template <typename Visit>
absl::Status WalkSpace(rocksdb::DB* db, rocksdb::ReadOptions options, absl::string_view space,
                       Visit visit) {
  const std::string upper = keys::PrefixSuccessor(space);
  const rocksdb::Slice upper_slice(upper);
  options.iterate_upper_bound = &upper_slice;
  options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(options));
  for (it->Seek(ToSlice(space)); it->Valid(); it->Next()) {
    RETURN_IF_ERROR(visit(View(it->key()), View(it->value())));
  }
  return FromRocksDb(it->status(), absl::StrCat("walking ", space));
}

}  // namespace

absl::StatusOr<std::map<std::string, int64_t>> RecountCounters(rocksdb::DB* db,
                                                               const rocksdb::ReadOptions& options,
                                                               const Catalog& catalog) {
  std::map<std::string, int64_t> counts;
  RETURN_IF_ERROR(WalkSpace(
      db, options, keys::kResourceSpace,
      [&](absl::string_view key, absl::string_view value) -> absl::Status {
        absl::string_view collection_id, name;
        if (!keys::ParseResource(key, &collection_id, &name)) return absl::OkStatus();
        const Catalog::Collection* collection = catalog.Find(collection_id);
        if (collection == nullptr || !collection->spec->counters) return absl::OkStatus();
        std::unique_ptr<google::protobuf::Message> resource = Catalog::Parse(*collection, value);
        if (resource == nullptr) return absl::OkStatus();  // Reported by the resource check.
        for (const CounterContribution& c : collection->spec->counters(*resource)) {
          counts[CounterKey(c.scope, c.metric)] += c.value;
        }
        return absl::OkStatus();
      }));
  for (auto it = counts.begin(); it != counts.end();) {
    it = it->second == 0 ? counts.erase(it) : std::next(it);
  }
  return counts;
}

absl::StatusOr<std::vector<std::string>> CompareCountersWithRecount(
    rocksdb::DB* db, const rocksdb::ReadOptions& options, const Catalog& catalog) {
  using Counts = std::map<std::string, int64_t>;
  ASSIGN_OR_RETURN(Counts expected, RecountCounters(db, options, catalog));
  std::vector<std::string> problems;
  RETURN_IF_ERROR(WalkSpace(
      db, options, kCounterSpace,
      [&](absl::string_view key, absl::string_view value) -> absl::Status {
        int64_t stored = 0;
        if (!DecodeCounter(value, &stored)) {
          problems.push_back(absl::StrCat("counter ", key, " is unreadable"));
          return absl::OkStatus();
        }
        auto it = expected.find(std::string(key));
        const int64_t want = it == expected.end() ? 0 : it->second;
        if (stored != want) {
          problems.push_back(absl::StrCat("counter ", key, " is ", stored, ", recount ", want));
        }
        if (it != expected.end()) expected.erase(it);
        return absl::OkStatus();
      }));
  for (const auto& [key, want] : expected) {
    problems.push_back(absl::StrCat("counter ", key, " is missing, recount ", want));
  }
  return problems;
}

}  // namespace fangxin::storage
