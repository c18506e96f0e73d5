#include "storage/consistency_check.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "fangxin/storage/v1/records.pb.h"
#include "fangxin/v1/audit.pb.h"
#include "fangxin/v1/event.pb.h"
#include "storage/compaction.h"
#include "storage/counters_check.h"
#include "storage/keys.h"
#include "storage/rocksdb_util.h"
#include "storage/scan.h"

namespace fangxin::storage {
namespace {

constexpr int kMaxListed = 20;
constexpr size_t kDigestBytes = 32;

class Problems {
 public:
  void Add(std::string problem) {
    if (listed_.size() < kMaxListed) listed_.push_back(std::move(problem));
    ++count_;
  }
  // A read failure is not an inconsistency: the check could not be completed.
  void ReadFailed(const rocksdb::Status& status) {
    if (read_error_.ok()) read_error_ = FromRocksDb(status, "checking consistency");
  }
  absl::Status ToStatus() const {
    if (!read_error_.ok()) return read_error_;
    if (count_ == 0) return absl::OkStatus();
    return absl::DataLossError(absl::StrCat("registry is inconsistent: ", count_,
                                            " problem(s): ", absl::StrJoin(listed_, "; ")));
  }

 private:
  std::vector<std::string> listed_;
  int64_t count_ = 0;
  absl::Status read_error_;
};

// Iterates one key space ("r/", "e/", ...) of a snapshot.
class SpaceIterator {
 public:
  SpaceIterator(rocksdb::DB* db, const rocksdb::Snapshot* snapshot, absl::string_view space)
      : upper_(keys::PrefixSuccessor(space)), upper_slice_(upper_) {
    rocksdb::ReadOptions options;
    options.snapshot = snapshot;
    options.iterate_upper_bound = &upper_slice_;
    options.fill_cache = false;  // A full walk would evict the working set.
    it_.reset(db->NewIterator(options));
    it_->Seek(rocksdb::Slice(space.data(), space.size()));
  }
  rocksdb::Iterator* operator->() { return it_.get(); }
  // Records a read failure that ended the walk early.
  void Finish(Problems* problems) {
    if (!it_->status().ok()) problems->ReadFailed(it_->status());
  }

 private:
  std::string upper_;
  rocksdb::Slice upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

struct Expected {
  std::vector<std::string> index;                           // i/ keys.
  std::vector<std::pair<std::string, std::string>> unique;  // u/ key, owner.
};

void CheckResources(rocksdb::DB* db, const rocksdb::Snapshot* snapshot, const Catalog& catalog,
                    int64_t current, Expected* expected, Problems* problems) {
  SpaceIterator it(db, snapshot, keys::kResourceSpace);
  for (; it->Valid(); it->Next()) {
    const absl::string_view key = View(it->key());
    absl::string_view collection_id, name;
    if (!keys::ParseResource(key, &collection_id, &name)) {
      problems->Add(absl::StrCat("malformed resource key ", key));
      continue;
    }
    const Catalog::Collection* collection = catalog.Find(collection_id);
    if (collection == nullptr || CollectionIdOf(name) != collection_id) {
      problems->Add(absl::StrCat(key, " is not in a known collection"));
      continue;
    }
    std::unique_ptr<google::protobuf::Message> message =
        Catalog::Parse(*collection, View(it->value()));
    if (message == nullptr) {
      problems->Add(absl::StrCat(key, " does not parse"));
      continue;
    }
    const ResourceMeta& meta = *collection->meta;
    if (meta.Name(*message) != name) {
      problems->Add(absl::StrCat(key, " holds ", meta.Name(*message)));
    }
    const int64_t mod = meta.ModRevision(*message);
    if (mod < 1 || mod > current || meta.CreateRevision(*message) < 1 ||
        meta.CreateRevision(*message) > mod || meta.Version(*message) < 1 ||
        meta.Etag(*message) != absl::StrCat(mod)) {
      problems->Add(absl::StrCat(name, " has bad bookkeeping (mod_revision ", mod, ", current ",
                                 current, ")"));
    }
    if (!collection->spec->index_entries) continue;
    for (const IndexEntry& e : collection->spec->index_entries(*message)) {
      if (e.unique) {
        expected->unique.emplace_back(keys::Unique(collection_id, e.index, e.value),
                                      std::string(name));
      } else {
        expected->index.push_back(keys::Index(collection_id, e.index, e.value, name));
      }
    }
  }
  it.Finish(problems);
}

// The stored index entries against the ones the resources derive, both ways.
void CheckIndexEntries(rocksdb::DB* db, const rocksdb::Snapshot* snapshot, Expected* expected,
                       Problems* problems) {
  std::sort(expected->index.begin(), expected->index.end());
  expected->index.erase(std::unique(expected->index.begin(), expected->index.end()),
                        expected->index.end());
  size_t next = 0;
  SpaceIterator it(db, snapshot, keys::kIndexSpace);
  for (; it->Valid(); it->Next()) {
    const absl::string_view key = View(it->key());
    while (next < expected->index.size() && expected->index[next] < key) {
      problems->Add(absl::StrCat("missing index entry ", expected->index[next++]));
    }
    if (next < expected->index.size() && expected->index[next] == key) {
      ++next;
    } else {
      problems->Add(absl::StrCat("index entry ", key, " has no resource deriving it"));
    }
  }
  it.Finish(problems);
  for (; next < expected->index.size(); ++next) {
    problems->Add(absl::StrCat("missing index entry ", expected->index[next]));
  }
}

void CheckUniqueEntries(rocksdb::DB* db, const rocksdb::Snapshot* snapshot, Expected* expected,
                        Problems* problems) {
  std::sort(expected->unique.begin(), expected->unique.end());
  size_t next = 0;
  SpaceIterator it(db, snapshot, keys::kUniqueSpace);
  for (; it->Valid(); it->Next()) {
    const absl::string_view key = View(it->key());
    while (next < expected->unique.size() && expected->unique[next].first < key) {
      problems->Add(absl::StrCat("missing unique entry ", expected->unique[next++].first));
    }
    if (next < expected->unique.size() && expected->unique[next].first == key) {
      if (expected->unique[next].second != View(it->value())) {
        problems->Add(absl::StrCat("unique entry ", key, " is owned by ", View(it->value()),
                                   ", not ", expected->unique[next].second));
      }
      // Two resources deriving the same unique entry is a violation in itself.
      for (++next; next < expected->unique.size() && expected->unique[next].first == key; ++next) {
        problems->Add(absl::StrCat("unique entry ", key, " is derived by ",
                                   expected->unique[next].second, " too"));
      }
    } else {
      problems->Add(absl::StrCat("unique entry ", key, " has no resource deriving it"));
    }
  }
  it.Finish(problems);
  for (; next < expected->unique.size(); ++next) {
    problems->Add(absl::StrCat("missing unique entry ", expected->unique[next].first));
  }
}

// Returns the number of events of each revision 0..current (index 0 unused). Events below
// `oldest` were compacted: they must be absent, and their counts are left 0.
std::vector<int32_t> CheckEvents(rocksdb::DB* db, const rocksdb::Snapshot* snapshot,
                                 int64_t oldest, int64_t current, Problems* problems) {
  std::vector<int32_t> counts(static_cast<size_t>(current) + 1, 0);
  int64_t revision = oldest - 1;  // Of the commit being read.
  int32_t count = 0, seen = 0;
  auto close_commit = [&] {
    if (revision != 0 && seen != count) {
      problems->Add(absl::StrCat("revision ", revision, " has ", seen, " of ", count, " events"));
    }
  };
  fangxin::v1::Event event;
  SpaceIterator it(db, snapshot, keys::kEventSpace);
  for (; it->Valid(); it->Next()) {
    int64_t key_revision = 0;
    int key_index = 0;
    if (!keys::ParseEvent(View(it->key()), &key_revision, &key_index)) {
      problems->Add(absl::StrCat("malformed event key ", View(it->key())));
      continue;
    }
    if (!event.ParseFromArray(it->value().data(), static_cast<int>(it->value().size())) ||
        event.revision() != key_revision || event.index() != key_index) {
      problems->Add(absl::StrCat("event ", View(it->key()), " is unreadable or misplaced"));
      continue;
    }
    if (key_revision != revision) {
      close_commit();
      if (key_revision != revision + 1) {
        problems->Add(
            absl::StrCat("no events for revisions ", revision + 1, "..", key_revision - 1));
      }
      revision = key_revision;
      count = event.count();
      seen = 0;
    }
    if (key_index != seen || event.count() != count) {
      problems->Add(absl::StrCat("event ", View(it->key()), " is out of sequence"));
    }
    seen = key_index + 1;
    if (revision > current) {
      problems->Add(absl::StrCat("event ", View(it->key()), " is beyond revision ", current));
    } else {
      counts[revision] = count;
    }
  }
  it.Finish(problems);
  close_commit();
  if (revision < current) {
    problems->Add(absl::StrCat("no events for revisions ", revision + 1, "..", current));
  }
  return counts;
}

void CheckAudit(rocksdb::DB* db, const rocksdb::Snapshot* snapshot, int64_t oldest,
                int64_t current, const std::vector<int32_t>& event_counts, Problems* problems) {
  int64_t expected = 1;
  fangxin::v1::AuditEntry entry;
  SpaceIterator it(db, snapshot, keys::kAuditSpace);
  for (; it->Valid(); it->Next()) {
    int64_t revision = 0;
    if (!keys::ParseAudit(View(it->key()), &revision)) {
      problems->Add(absl::StrCat("malformed audit key ", View(it->key())));
      continue;
    }
    if (revision != expected) {
      problems->Add(absl::StrCat("no audit entries for revisions ", expected, "..", revision - 1));
    }
    expected = revision + 1;
    if (revision > current) {
      problems->Add(absl::StrCat("audit entry ", revision, " is beyond revision ", current));
      continue;
    }
    if (!entry.ParseFromArray(it->value().data(), static_cast<int>(it->value().size())) ||
        entry.revision() != revision) {
      problems->Add(absl::StrCat("audit entry ", revision, " is unreadable or misplaced"));
      continue;
    }
    const int n = entry.resources_size();
    bool digests_ok = entry.before_digests_size() == n && entry.after_digests_size() == n;
    for (int i = 0; digests_ok && i < n; ++i) {
      digests_ok = entry.before_digests(i).size() == kDigestBytes &&
                   entry.after_digests(i).size() == kDigestBytes;
    }
    if (!digests_ok || (revision >= oldest && n != event_counts[revision])) {
      problems->Add(absl::StrCat("audit entry ", revision, " lists ", n, " resources for ",
                                 event_counts[revision], " events, or malformed digests"));
    }
  }
  it.Finish(problems);
  if (expected <= current) {
    problems->Add(absl::StrCat("no audit entries for revisions ", expected, "..", current));
  }
}

void CheckRequests(rocksdb::DB* db, const rocksdb::Snapshot* snapshot, int64_t current,
                   Problems* problems) {
  fangxin::storage::v1::RequestRecord record;
  SpaceIterator it(db, snapshot, "q/");
  for (; it->Valid(); it->Next()) {
    if (!record.ParseFromArray(it->value().data(), static_cast<int>(it->value().size())) ||
        record.revision() < 1 || record.revision() > current) {
      problems->Add(
          absl::StrCat("request record ", View(it->key()), " is unreadable or from the future"));
    }
  }
  it.Finish(problems);
}

}  // namespace

absl::Status CheckRegistryConsistency(rocksdb::DB* db, const Catalog& catalog) {
  rocksdb::ManagedSnapshot snapshot(db);
  rocksdb::ReadOptions options;
  options.snapshot = snapshot.snapshot();
  ASSIGN_OR_RETURN(const int64_t current, ReadStoredRevision(db, options));

  Problems problems;
  Expected expected;
  CheckResources(db, snapshot.snapshot(), catalog, current, &expected, &problems);
  CheckIndexEntries(db, snapshot.snapshot(), &expected, &problems);
  CheckUniqueEntries(db, snapshot.snapshot(), &expected, &problems);
  ASSIGN_OR_RETURN(const int64_t oldest, ReadOldestRevision(db, options));
  const std::vector<int32_t> event_counts =
      CheckEvents(db, snapshot.snapshot(), oldest, current, &problems);
  CheckAudit(db, snapshot.snapshot(), oldest, current, event_counts, &problems);
  ASSIGN_OR_RETURN(const std::vector<std::string> counter_problems,
                   CompareCountersWithRecount(db, options, catalog));
  for (const std::string& problem : counter_problems) problems.Add(problem);
  CheckRequests(db, snapshot.snapshot(), current, &problems);
  return problems.ToStatus();
}

}  // namespace fangxin::storage
