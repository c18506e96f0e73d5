#include "storage/scan.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "storage/keys.h"
#include "storage/rocksdb_util.h"

namespace fangxin::storage {
namespace {

using google::protobuf::Message;

// Index entries are resolved to resources this many at a time (one MultiGet each) when a
// filter may reject some, so that a selective filter does not cost one MultiGet per entry.
constexpr int kMinFetchBatch = 32;

bool ValidIndexName(absl::string_view index) {
  return !index.empty() && std::all_of(index.begin(), index.end(),
                                       [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

struct Walk {
  const ScanQuery& query;
  const Catalog::Collection& collection;
  int64_t max_examined;
  int64_t examined = 0;
  int64_t matched = 0;
  std::string last_key;
  ScanResult* result;

  bool Full() const { return matched >= query.limit || examined >= max_examined; }
  // Counts the entry `key` (of the record `record_key`) as examined and keeps the record if it
  // passes the filter: parsed into result->resources, or handed to query.take_stored as stored.
  absl::Status Examine(absl::string_view key, absl::string_view record_key,
                       absl::string_view stored) {
    ++examined;
    last_key.assign(key.data(), key.size());
    if (query.take_stored) {
      ASSIGN_OR_RETURN(bool kept, query.take_stored(stored));
      if (kept) ++matched;
      return absl::OkStatus();
    }
    std::unique_ptr<Message> message = Catalog::Parse(collection, stored);
    if (message == nullptr) {
      return absl::DataLossError(absl::StrCat("record ", record_key, " is unreadable"));
    }
    if (!query.filter || query.filter(*message)) {
      result->resources.push_back(std::move(message));
      ++matched;
    }
    return absl::OkStatus();
  }
};

// Walks resource records. Returns whether entries remain after the last one examined.
absl::StatusOr<bool> WalkResources(rocksdb::Iterator* it, Walk* walk) {
  for (; it->Valid() && !walk->Full(); it->Next()) {
    RETURN_IF_ERROR(walk->Examine(View(it->key()), View(it->key()), View(it->value())));
  }
  RETURN_IF_ERROR(FromRocksDb(it->status(), "scanning resources"));
  return it->Valid();
}

// Walks index entries, resolving them to resources at the same snapshot. Returns whether
// entries remain after the last one examined.
absl::StatusOr<bool> WalkIndex(rocksdb::DB* db, const rocksdb::ReadOptions& options,
                               rocksdb::Iterator* it, Walk* walk) {
  const int64_t limit = walk->query.limit;
  std::vector<std::string> entry_keys, resource_keys;
  std::vector<rocksdb::Slice> slices;
  while (it->Valid() && !walk->Full()) {
    const int64_t wanted = limit - walk->matched;
    const int64_t budget = walk->max_examined - walk->examined;
    const bool filtered = walk->query.filter || walk->query.take_stored;
    const int64_t batch =
        std::min(budget, filtered ? std::max<int64_t>(wanted, kMinFetchBatch) : wanted);
    entry_keys.clear();
    resource_keys.clear();
    for (; it->Valid() && static_cast<int64_t>(entry_keys.size()) < batch; it->Next()) {
      absl::string_view collection, index, value, name;
      if (!keys::ParseIndex(View(it->key()), &collection, &index, &value, &name)) {
        return absl::DataLossError(absl::StrCat("malformed index key ", View(it->key())));
      }
      entry_keys.emplace_back(View(it->key()));
      resource_keys.push_back(keys::Resource(collection, name));
    }
    RETURN_IF_ERROR(FromRocksDb(it->status(), "scanning an index"));
    slices.assign(resource_keys.begin(), resource_keys.end());
    std::vector<rocksdb::PinnableSlice> values(slices.size());
    std::vector<rocksdb::Status> statuses(slices.size());
    db->MultiGet(options, db->DefaultColumnFamily(), slices.size(), slices.data(), values.data(),
                 statuses.data());
    for (size_t i = 0; i < slices.size(); ++i) {
      if (walk->Full()) return true;  // Entries i.. were fetched but not examined.
      if (statuses[i].IsNotFound()) {
        return absl::DataLossError(
            absl::StrCat("index entry ", entry_keys[i], " names a missing resource"));
      }
      RETURN_IF_ERROR(FromRocksDb(statuses[i], "reading an indexed resource"));
      RETURN_IF_ERROR(walk->Examine(entry_keys[i], resource_keys[i], View(values[i])));
    }
  }
  return it->Valid();
}

}  // namespace

absl::StatusOr<int64_t> ReadStoredRevision(rocksdb::DB* db, const rocksdb::ReadOptions& options) {
  rocksdb::PinnableSlice value;
  rocksdb::Status s =
      db->Get(options, db->DefaultColumnFamily(), ToSlice(keys::kRevisionKey), &value);
  if (s.IsNotFound()) return 0;
  RETURN_IF_ERROR(FromRocksDb(s, "reading the revision"));
  int64_t revision = 0;
  if (!keys::DecodeRevision(View(value), &revision)) {
    return absl::DataLossError(absl::StrCat("stored revision \"", View(value), "\" is malformed"));
  }
  return revision;
}

absl::StatusOr<ScanResult> ScanRegistry(rocksdb::DB* db, const Catalog& catalog,
                                        const ScanQuery& query) {
  const Catalog::Collection* collection = catalog.Find(query.collection);
  if (collection == nullptr) {
    return InvalidFieldError("collection",
                             absl::StrCat("unknown collection \"", query.collection, "\""));
  }
  if (query.limit <= 0) return InvalidFieldError("limit", "must be positive");
  if (query.max_examined < 0) return InvalidFieldError("max_examined", "must not be negative");
  std::string prefix;
  if (query.index.empty()) {
    prefix = keys::Resource(query.collection, query.value);
  } else {
    if (!ValidIndexName(query.index)) return InvalidFieldError("index", "must be [a-z_]+");
    if (absl::StrContains(query.value, '/')) {
      return InvalidFieldError("value", "an indexed value never contains '/'");
    }
    prefix = keys::IndexPrefix(query.collection, query.index, query.value);
  }
  if (!query.start_after.empty() && !absl::StartsWith(query.start_after, prefix)) {
    return InvalidFieldError("start_after", "is not a key of this scan");
  }

  const std::string upper = keys::PrefixSuccessor(prefix);
  const rocksdb::Slice upper_bound(upper);
  rocksdb::ManagedSnapshot snapshot(db);
  rocksdb::ReadOptions options;
  options.snapshot = snapshot.snapshot();
  options.iterate_upper_bound = &upper_bound;

  ScanResult result;
  ASSIGN_OR_RETURN(result.read_revision, ReadStoredRevision(db, options));
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(options));
  if (query.start_after.empty()) {
    it->Seek(prefix);
  } else {
    it->Seek(query.start_after);
    if (it->Valid() && View(it->key()) == query.start_after) it->Next();
  }
  const int64_t max_examined =
      query.max_examined > 0 ? query.max_examined : int64_t{20} * query.limit;
  Walk walk{query, *collection, max_examined, /*examined=*/0, /*matched=*/0, /*last_key=*/"",
            &result};
  ASSIGN_OR_RETURN(bool more, query.index.empty() ? WalkResources(it.get(), &walk)
                                                  : WalkIndex(db, options, it.get(), &walk));
  result.done = !more;
  if (more) result.last_key = std::move(walk.last_key);
  return result;
}

}  // namespace fangxin::storage
